/**
 * The rest of issue 6's list: security headers (helmet, a CSP whose connect-src allows the
 * socket), session cookies marked Secure behind a TLS-terminating proxy (TRUST_PROXY) and only
 * then, X-Forwarded-* trusted only when configured (so spoofing it neither fakes https nor
 * escapes the log-in limit), and no secret in any log line, whatever the request. Issue 10, A4:
 * HSTS on secure requests only, a Permissions-Policy, and the headers on Socket.IO's
 * long-polling answers, which engine.io writes outside Express.
 */
import { Writable } from "node:stream";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../server/auth/middleware.js";
import { HSTS, PERMISSIONS_POLICY } from "../../server/http/security-headers.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer, TEST_PASSWORD, TEST_TOKEN, type TestInstance } from "../support/instance.js";

const NEWSROOM = "https://news.example";
const lines: string[] = [];
const logTo = new Writable({
  write(chunk, _encoding, done) {
    lines.push(String(chunk));
    done();
  },
});
const site = useSite({
  env: { LOG_LEVEL: "trace", LOGIN_MAX_ATTEMPTS: "3", PUBLIC_ORIGIN: NEWSROOM },
  instances: { direct: { logTo }, proxied: { env: { TRUST_PROXY: "1" }, logTo } },
});
let blogId: string;

beforeAll(async () => {
  blogId = (await editorApi(site.direct.url).createBlog("Heads")).id;
});

const sessionCookie = (res: request.Response) =>
  ((res.headers["set-cookie"] as unknown as string[] | undefined) ?? []).find((c) =>
    c.startsWith(`${SESSION_COOKIE}=`),
  );
const logIn = (
  instance: TestInstance,
  headers: Record<string, string> = {},
  password = TEST_PASSWORD,
) => request(instance.url).post("/api/session").set(headers).send({ name: "admin", password });

describe("security headers", () => {
  it.each([
    ["the API", () => `/api/blogs/${blogId}`],
    ["the reader page", () => `/blogs/${blogId}`],
    ["an API error", () => "/api/nothing-here"],
  ])("are set on %s", async (_name, path) => {
    const res = await request(site.direct.url).get(path());
    const policy = String(res.headers["content-security-policy"]);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain(`connect-src 'self' ${NEWSROOM}`);
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'self'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    for (const feature of ["camera", "microphone", "geolocation", "payment", "browsing-topics"])
      expect(res.headers["permissions-policy"]).toContain(`${feature}=()`);
    // Plain http, no proxy: HSTS would mean nothing.
    expect(res.headers["strict-transport-security"]).toBeUndefined();
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });
});

const POLLING = "/socket.io/?EIO=4&transport=polling";
/** The headers of engine.io's answers that must match the pages'. */
const SOCKET_HEADERS = [
  "x-content-type-options",
  "cross-origin-resource-policy",
  "cross-origin-opener-policy",
  "permissions-policy",
];

describe("HSTS", () => {
  it.each([
    ["plain http", false, () => site.direct, {}],
    [
      "a forged X-Forwarded-Proto: https without TRUST_PROXY",
      false,
      () => site.direct,
      { "X-Forwarded-Proto": "https" },
    ],
    [
      "X-Forwarded-Proto: http from the trusted proxy",
      false,
      () => site.proxied,
      { "X-Forwarded-Proto": "http" },
    ],
    [
      "X-Forwarded-Proto: https from the trusted proxy",
      true,
      () => site.proxied,
      { "X-Forwarded-Proto": "https" },
    ],
  ])(
    "on %s, sends it: %s (pages, API, errors, long-polling)",
    async (_name, secure, instance, headers) => {
      for (const path of [`/blogs/${blogId}`, "/api/blogs", "/api/nothing-here", POLLING]) {
        const res = await request(instance().url).get(path).set(headers);
        expect(res.headers["strict-transport-security"], path).toBe(secure ? HSTS : undefined);
      }
    },
  );
});

describe("Socket.IO long-polling answers", () => {
  it("carry the pages' nosniff, CORP, COOP and Permissions-Policy: handshake, data, refusals", async () => {
    const api = request(site.direct.url);
    const page = await api.get(`/blogs/${blogId}`);
    const handshake = await api.get(POLLING).expect(200);
    const sid = JSON.parse(handshake.text.slice(1)).sid as string;
    const posted = await api
      .post(`${POLLING}&sid=${sid}`)
      .set("Content-Type", "text/plain;charset=UTF-8")
      .send("40")
      .expect(200);
    const foreign = await api.get(POLLING).set("Origin", "https://evil.example").expect(403);
    const unknown = await api.get(`${POLLING}&sid=no-such-session`).expect(400);
    for (const [name, res] of Object.entries({ handshake, posted, foreign, unknown })) {
      for (const header of SOCKET_HEADERS) {
        expect(res.headers[header], `${name}: ${header}`).toBeDefined();
        expect(res.headers[header], `${name}: ${header}`).toBe(page.headers[header]);
      }
    }
    expect(handshake.headers["permissions-policy"]).toBe(PERMISSIONS_POLICY);
  });
});

describe("session cookies and proxies", () => {
  it("marks the session cookie Secure behind a TLS-terminating proxy (TRUST_PROXY)", async () => {
    const res = await logIn(site.proxied, { "X-Forwarded-Proto": "https" });
    expect(res.status).toBe(201);
    expect(sessionCookie(res)).toMatch(/; Secure/);
  });

  it("leaves it usable on plain http, and ignores a spoofed X-Forwarded-Proto without TRUST_PROXY", async () => {
    const plain = await logIn(site.proxied);
    expect(sessionCookie(plain)).not.toMatch(/; Secure/);
    const spoofed = await logIn(site.direct, { "X-Forwarded-Proto": "https" });
    expect(spoofed.status).toBe(201);
    expect(sessionCookie(spoofed)).not.toMatch(/; Secure/);
  });

  it.each([
    [
      "without TRUST_PROXY, ignoring X-Forwarded-For",
      () => site.direct,
      (i: number) => `198.51.100.${i}`,
    ],
    [
      "behind one proxy, using only the address it appended",
      () => site.proxied,
      (i: number) => `198.51.100.${i}, 203.0.113.7`,
    ],
  ])(
    "counts failed log-ins per real address %s: rotating the header gains nothing",
    async (_name, instance, forwarded) => {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await logIn(instance(), { "X-Forwarded-For": forwarded(i) }, `guess ${i}`);
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3)).toEqual([429, 429, 429, 429, 429]);
    },
  );
});

describe("secrets in the log", () => {
  it("logs no token, password or session id, whatever the request", async () => {
    const login = await logIn(site.proxied, { "X-Forwarded-For": "192.0.2.44" });
    expect(login.status).toBe(201);
    const cookie = sessionCookie(login)!.split(";")[0]!;
    const sessionId = cookie.split("=")[1]!;
    const api = request(site.proxied.url);
    await api.get("/api/session").set("Cookie", cookie);
    await api
      .post(`/api/blogs/${blogId}/entries`)
      .set("Cookie", cookie)
      .set("Origin", NEWSROOM)
      .send({ body: "logged?" });
    await api
      .post(`/api/blogs/${blogId}/entries`)
      .set("Cookie", cookie)
      .set("Origin", "https://evil.example")
      .send({ body: "x" });
    await api.post(`/api/blogs/${blogId}/entries`).set(bearer).send({ body: "via token" });
    await api
      .post(`/api/blogs/${blogId}/entries`)
      .set("Authorization", `Bearer ${TEST_TOKEN}-wrong`)
      .send({ body: "x" });
    await api
      .post("/api/session")
      .set("X-Forwarded-For", "192.0.2.45")
      .send({ name: "admin", password: "a wrong password that must not be logged" });
    await api
      .post(`/api/blogs/${blogId}/entries`)
      .set(bearer)
      .set("Content-Type", "application/json")
      .send("{broken");
    await api.delete("/api/session").set("Cookie", cookie);

    const log = lines.join("");
    expect(log).toContain('"path":"/api/session"');
    for (const secret of [
      TEST_TOKEN,
      TEST_PASSWORD,
      sessionId,
      "a wrong password that must not be logged",
    ])
      expect(log).not.toContain(secret);
  });
});
