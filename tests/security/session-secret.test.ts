/**
 * The session secret (issue 10): instances sharing a Redis without SESSION_SECRET agree on one
 * that the first generated and kept in Redis, across restarts; an explicit SESSION_SECRET wins
 * over it; after Redis lost its data, the running instances and one started since agree again.
 */
import { createHmac } from "node:crypto";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../server/auth/middleware.js";
import { SESSION_SECRET_KEY, editorKey, sessionKey } from "../../server/store/redis/keys.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { startInstance, TEST_PASSWORD, type TestInstance } from "../support/instance.js";
import { waitFor } from "../support/wait.js";

// An empty variable is unset (parseConfig): this removes startInstance's default secret.
const NO_SECRET = { SESSION_SECRET: "" };

/** The session id in the cookie from a log-in on `instance` (the `name=value` pair is its first part). */
async function logIn(instance: TestInstance): Promise<string> {
  const res = await request(instance.url)
    .post("/api/session")
    .send({ name: "admin", password: TEST_PASSWORD });
  expect(res.status).toBe(201);
  const cookie = (res.headers["set-cookie"] as unknown as string[]).find((c) =>
    c.startsWith(`${SESSION_COOKIE}=`),
  )!;
  return cookie.split(";")[0]!.slice(SESSION_COOKIE.length + 1);
}
const whoAmI = (instance: TestInstance, sessionId: string) =>
  request(instance.url).get("/api/session").set("Cookie", `${SESSION_COOKIE}=${sessionId}`);
/** Where the store keeps a session made with `secret` (server/auth/service.ts). */
const keyOf = (secret: string, sessionId: string) =>
  sessionKey(createHmac("sha256", secret).update(sessionId).digest("base64url"));

describe("without SESSION_SECRET, on one Redis", () => {
  const site = useSite({ env: NO_SECRET, instances: { a: {}, b: {} } });
  const stored = () => site.redis.client().get(SESSION_SECRET_KEY);

  it("accepts a session on every instance, also after all of them restarted", async () => {
    const sessionId = await logIn(site.a);
    const secret = await stored();
    expect(Buffer.from(secret!, "base64url")).toHaveLength(32);
    expect(await site.redis.client().exists(keyOf(secret!, sessionId))).toBe(1);
    expect((await whoAmI(site.b, sessionId)).body).toEqual({
      name: "admin",
      displayName: "admin",
      role: "admin",
      avatar: null,
    });

    await site.restart();

    expect(await stored()).toBe(secret);
    for (const instance of site.all) {
      const me = await whoAmI(instance, sessionId);
      expect([me.status, me.body]).toEqual([
        200,
        { name: "admin", displayName: "admin", role: "admin", avatar: null },
      ]);
    }
    const { id } = await editorApi(site.a.url).createBlog("After the restart");
    const post = await request(site.b.url)
      .post(`/api/blogs/${id}/entries`)
      .set("Cookie", `${SESSION_COOKIE}=${sessionId}`)
      .set("Origin", site.b.url)
      .send({ body: "with a session from before" });
    expect(post.status).toBe(201);
  });

  it("lets an explicit SESSION_SECRET win over the stored one, which it leaves alone", async () => {
    const explicit = "an-explicit-session-secret-0123456789abcdef";
    const secret = await stored();
    const own = await startInstance({
      redisUrl: site.redis.url,
      env: { SESSION_SECRET: explicit },
    });
    try {
      const fromA = await logIn(site.a);
      expect((await whoAmI(own, fromA)).status).toBe(401);
      const fromOwn = await logIn(own);
      expect((await whoAmI(own, fromOwn)).status).toBe(200);
      expect((await whoAmI(site.a, fromOwn)).status).toBe(401);
      expect(await site.redis.client().exists(keyOf(explicit, fromOwn))).toBe(1);
      expect(await stored()).toBe(secret);
    } finally {
      await own.close();
    }
  });
});

describe("without SESSION_SECRET, after Redis lost its data", () => {
  const site = useSite({ env: NO_SECRET, instances: { a: {}, b: {} } });

  it("brings the running instances and one started since back to one secret", async () => {
    // No AOF and no snapshot: the restarted Redis is empty, admin and the secret included.
    await site.redis.kill();
    await site.redis.restart();
    expect(await site.redis.client().exists(editorKey("admin"))).toBe(0);
    // Starts with an empty store: it creates admin again, and may be first to keep a secret.
    const late = await startInstance({ redisUrl: site.redis.url, env: NO_SECRET });
    try {
      const fromLate = await logIn(late);
      await waitFor(
        async () =>
          (await whoAmI(site.a, fromLate)).status === 200 &&
          (await whoAmI(site.b, fromLate)).status === 200,
        { what: "the running instances to accept a session of the new one", timeoutMs: 30_000 },
      );
      const fromA = await logIn(site.a);
      expect((await whoAmI(late, fromA)).body).toEqual({
        name: "admin",
        displayName: "admin",
        role: "admin",
        avatar: null,
      });
      expect((await whoAmI(site.b, fromA)).body).toEqual({
        name: "admin",
        displayName: "admin",
        role: "admin",
        avatar: null,
      });
    } finally {
      await late.close();
    }
  }, 60_000);
});
