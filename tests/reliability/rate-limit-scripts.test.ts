/**
 * The write and log-in limits keep their counters in Redis with a Lua script (rate-limit-redis).
 * A restarted Redis has forgotten the script, and loading it again can fail if Redis is still
 * slow; posting must recover by itself once Redis answers, not stay at 503 until a restart.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, startInstance, type TestInstance } from "../support/instance.js";
import { startRedis, type TestRedis } from "../support/redis.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { waitFor } from "../support/wait.js";

let redis: TestRedis;
let proxy: TcpProxy;
let server: TestInstance;

beforeAll(async () => {
  redis = await startRedis({ appendonly: true });
  proxy = await startTcpProxy(redis.port);
  server = await startInstance({
    redisUrl: proxy.urlFor(redis.url),
    env: { REDIS_COMMAND_TIMEOUT_MS: "500" },
  });
});
afterAll(async () => {
  await server?.close();
  await proxy?.close();
  await redis?.stop();
});

describe("rate-limit scripts after a Redis restart", () => {
  it(
    "posts again once Redis answers, even when reloading the script timed out first",
    { timeout: 60_000 },
    async () => {
      const blog = await request(server.url)
        .post("/api/blogs")
        .set(bearer)
        .send({ title: "Again" });
      expect(blog.status).toBe(201);
      const post = (body: string) =>
        request(server.url).post(`/api/blogs/${blog.body.id}/entries`).set(bearer).send({ body });

      await redis.kill("SIGKILL");
      await redis.restart();
      await waitFor(async () => (await request(server.url).get("/readyz")).status === 200, {
        timeoutMs: 30_000,
        what: "the instance to be ready on the restarted Redis",
      });
      // The first write finds the script gone; its reload reaches Redis too late.
      proxy.delay("SCRIPT", 1_500);
      const first = await post("while the script reloads");
      expect(first.status).toBe(503);
      proxy.restore();

      await waitFor(async () => (await post("after the reload")).status === 201, {
        timeoutMs: 30_000,
        what: "posting to work again",
      });
      const entries = await request(server.url).get(`/api/blogs/${blog.body.id}/entries`);
      expect(entries.body.entries.map((e: { body: string }) => e.body)).toContain(
        "after the reload",
      );
    },
  );
});
