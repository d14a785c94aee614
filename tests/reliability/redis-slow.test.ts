/**
 * Redis slow (issue 6, row 2): while Redis answers nothing, requests that need it get 503
 * store_unavailable after the bounded command timeout, /readyz says 503 and /livez 200;
 * afterwards everything works again. And a write whose reply is lost on the way (Redis did it,
 * the instance gave up waiting) is reported as "may not have been saved", and retrying it with
 * its Idempotency-Key returns the entry Redis did save instead of saving a second one.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Entry } from "../../shared/schemas.js";
import { blogKeys } from "../../server/store/redis/keys.js";
import { editorApi } from "../support/fixtures.js";
import { bearer, startInstance, type TestInstance } from "../support/instance.js";
import { startRedis, type TestRedis } from "../support/redis.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { waitFor } from "../support/wait.js";

const TIMEOUT_MS = 500;
/** On a busy 2-core machine a fault test takes longer; that must not make it fail. */
const FAULT_TEST_TIMEOUT_MS = 60_000;
let redis: TestRedis;
let proxy: TcpProxy;
let server: TestInstance;

beforeAll(async () => {
  redis = await startRedis();
  proxy = await startTcpProxy(redis.port);
  server = await startInstance({
    redisUrl: proxy.urlFor(redis.url),
    env: { REDIS_COMMAND_TIMEOUT_MS: String(TIMEOUT_MS) },
  });
});
afterAll(async () => {
  await server?.close();
  await proxy?.close();
  await redis?.stop();
});

const api = () => request(server.url);
const post = (blogId: string, body: string, key: string) =>
  api()
    .post(`/api/blogs/${blogId}/entries`)
    .set(bearer)
    .set("Idempotency-Key", key)
    .send({ body })
    .timeout(10_000);
const newBlog = async (title: string) => (await editorApi(server.url).createBlog(title)).id;
const entriesWithBody = async (blogId: string, body: string) => {
  const res = await api().get(`/api/blogs/${blogId}/entries?limit=100`);
  return (res.body.entries as Entry[]).filter((e) => e.body === body);
};

describe("Redis slow", () => {
  it(
    "answers 503 store_unavailable after the command timeout; /readyz 503, /livez 200; then recovers",
    { timeout: FAULT_TEST_TIMEOUT_MS },
    async () => {
      const blogId = await newBlog("Slow night");
      // Stuck as in a slow command, and for exactly as long as the test needs: a request that
      // waited for Redis instead of giving up after the command timeout would get no answer.
      await redis.freeze();
      let answers;
      try {
        answers = await Promise.all([
          post(blogId, "written while Redis sleeps", "slow-key-0001"),
          api().get(`/api/blogs/${blogId}/entries`),
          api().get("/readyz"),
          api().get("/livez"),
        ]);
      } finally {
        redis.thaw();
      }
      const [write, read, ready, live] = answers;
      for (const res of [write, read, ready]) {
        expect(res.status).toBe(503);
        expect(res.body.error.code).toBe("store_unavailable");
      }
      expect(live.status).toBe(200);

      await waitFor(async () => (await api().get("/readyz")).status === 200, {
        timeoutMs: 30_000,
        what: "the instance to be ready again",
      });
      const retried = await post(blogId, "written while Redis sleeps", "slow-key-0001");
      expect(retried.status).toBe(201);
      expect(await entriesWithBody(blogId, "written while Redis sleeps")).toHaveLength(1);
    },
  );

  it(
    "reports a write whose reply was lost as possibly saved, and a keyed retry returns that entry",
    { timeout: FAULT_TEST_TIMEOUT_MS },
    async () => {
      const blogId = await newBlog("Lost acknowledgements");
      const body = "reply-lost-on-the-way";
      // Redis saves the entry; its reply comes after the instance stopped waiting for it.
      proxy.delay(body, TIMEOUT_MS * 3, "from-redis");
      const first = await post(blogId, body, "lost-ack-key-01");
      expect(first.status).toBe(503);
      expect(first.body.error.code).toBe("store_unavailable");
      expect(first.body.error.message).toMatch(/may not have been saved/);

      // Redis did save it (looked up directly, since replies that carry it are held up).
      const inRedis = await redis.client().hvals(blogKeys(blogId).entries);
      expect(inRedis.map((json) => JSON.parse(json).body)).toEqual([body]);
      proxy.restore();
      await waitFor(async () => (await api().get("/readyz")).status === 200);

      const retry = await post(blogId, body, "lost-ack-key-01");
      expect(retry.status).toBe(201);
      expect(retry.headers["idempotent-replayed"]).toBe("true");
      const stored = await entriesWithBody(blogId, body);
      expect(stored.map((e) => e.id)).toEqual([retry.body.id]);
    },
  );

  it(
    "says plainly that nothing was saved when Redis could not even be reached",
    { timeout: FAULT_TEST_TIMEOUT_MS },
    async () => {
      const blogId = await newBlog("Unreachable");
      proxy.cut();
      try {
        const res = await post(blogId, "never sent", "unreachable-key-01");
        expect(res.status).toBe(503);
        expect(res.body.error.message).toMatch(/nothing was saved/i);
      } finally {
        proxy.restore();
      }
      await waitFor(async () => (await api().get("/readyz")).status === 200);
      expect(await entriesWithBody(blogId, "never sent")).toEqual([]);
    },
  );
});
