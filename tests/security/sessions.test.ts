/**
 * Session cookies (issue 6, row 15): a cookie replayed after logout, after a password change
 * (made on another instance) or after it expired is refused with 401 and writes nothing.
 */
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../server/auth/middleware.js";
import { sessionKey } from "../../server/store/redis/keys.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { TEST_PASSWORD, type TestInstance } from "../support/instance.js";
import { waitFor } from "../support/wait.js";

// Sessions of 1.8 s (SESSION_TTL_HOURS=0.0005) let the expiry case run without a long wait.
const site = useSite({ env: { SESSION_TTL_HOURS: "0.0005" }, instances: { a: {}, b: {} } });
let blogId: string;

beforeAll(async () => {
  blogId = (await editorApi(site.a.url).createBlog("Sessions")).id;
});

async function logIn(instance: TestInstance, name = "admin", password = TEST_PASSWORD) {
  const res = await request(instance.url).post("/api/session").send({ name, password });
  expect(res.status).toBe(201);
  const cookie = (res.headers["set-cookie"] as unknown as string[]).find((c) =>
    c.startsWith(`${SESSION_COOKIE}=`),
  )!;
  return cookie.split(";")[0]!;
}
const whoAmI = (instance: TestInstance, cookie: string) =>
  request(instance.url).get("/api/session").set("Cookie", cookie);
const postWith = (instance: TestInstance, cookie: string, body: string) =>
  request(instance.url)
    .post(`/api/blogs/${blogId}/entries`)
    .set("Cookie", cookie)
    .set("Origin", instance.url)
    .send({ body });
const storedBodies = async () =>
  (
    (await request(site.a.url).get(`/api/blogs/${blogId}/entries?limit=100`)).body.entries as {
      body: string;
    }[]
  ).map((e) => e.body);
const storedSessions = async () => (await site.redis.client().keys(sessionKey("*"))).length;

describe("session cookies", () => {
  it("refuses a cookie replayed after logout, on every instance, and forgets the session", async () => {
    const { a, b } = site;
    const sessionsBefore = await storedSessions();
    const cookie = await logIn(a);
    expect((await whoAmI(b, cookie)).status).toBe(200);
    expect(await storedSessions()).toBe(sessionsBefore + 1);

    const out = await request(a.url).delete("/api/session").set("Cookie", cookie);
    expect(out.status).toBe(204);
    expect(out.headers["set-cookie"]?.[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));

    for (const instance of [a, b]) {
      const replay = await whoAmI(instance, cookie);
      expect(replay.status).toBe(401);
      expect(replay.body.error.code).toBe("unauthorized");
      expect((await postWith(instance, cookie, "after logout")).status).toBe(401);
    }
    expect(await storedSessions()).toBe(sessionsBefore);
    expect(await storedBodies()).not.toContain("after logout");
  });

  it("refuses every older session after a password change made on another instance", async () => {
    const { a, b } = site;
    await a.app.auth.setPassword("ana", "ana's first password");
    const older = [
      await logIn(a, "ana", "ana's first password"),
      await logIn(b, "ana", "ana's first password"),
    ];
    expect((await postWith(a, older[0]!, "before the change")).status).toBe(201);

    await b.app.auth.setPassword("ana", "ana's second password");

    for (const cookie of older) {
      for (const instance of [a, b]) {
        expect((await whoAmI(instance, cookie)).status).toBe(401);
        expect((await postWith(instance, cookie, "with an old session")).status).toBe(401);
      }
    }
    const wrong = await request(a.url)
      .post("/api/session")
      .send({ name: "ana", password: "ana's first password" });
    expect(wrong.status).toBe(401);
    const fresh = await logIn(a, "ana", "ana's second password");
    expect((await postWith(b, fresh, "with the new session")).status).toBe(201);
    expect(await storedBodies()).toEqual(["with the new session", "before the change"]);
  });

  it("refuses an expired session and a forged one", async () => {
    const { a, b } = site;
    const cookie = await logIn(a);
    expect((await whoAmI(a, cookie)).status).toBe(200);
    await waitFor(async () => (await whoAmI(a, cookie)).status === 401, {
      what: "the session to expire",
    });
    const forged = `${SESSION_COOKIE}=${"A".repeat(43)}`;
    expect((await whoAmI(b, forged)).status).toBe(401);
    expect((await postWith(b, forged, "forged")).status).toBe(401);
    expect(await storedBodies()).not.toContain("forged");
  });

  it("sets the session cookie HttpOnly and SameSite=Lax", async () => {
    const res = await request(site.a.url)
      .post("/api/session")
      .send({ name: "admin", password: TEST_PASSWORD });
    const cookie = (res.headers["set-cookie"] as unknown as string[])[0]!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
  });
});
