/**
 * The heartbeat must tell a busy event loop from a dead connection (issue 9, B). A PING whose
 * reply waits unread while the loop is blocked (a broadcast to thousands of readers) used to
 * tear a healthy connection down, and under load that meant reconnect churn. A connection that
 * went silent must still be torn down by itself.
 */
import type { Redis } from "ioredis";
import request from "supertest";
import { afterAll, beforeAll, expect, it } from "vitest";
import { editorApi } from "../support/fixtures.js";
import { startInstance, type TestInstance } from "../support/instance.js";
import { connectReader, type TestReader } from "../support/reader.js";
import { startRedis, type TestRedis } from "../support/redis.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { waitFor } from "../support/wait.js";

const TIMEOUT_MS = 500;
const env = { REDIS_COMMAND_TIMEOUT_MS: String(TIMEOUT_MS) };

let redis: TestRedis;
let admin: Redis;
let proxy: TcpProxy;
let instance: TestInstance;
const readers: TestReader[] = [];

// The instance reaches Redis through a proxy in this process: like a Redis on another host,
// a reply is still in flight when the event loop blocks, and waits unread until it is free.
beforeAll(async () => {
  redis = await startRedis();
  admin = redis.client();
  proxy = await startTcpProxy(redis.port);
  instance = await startInstance({ redisUrl: proxy.urlFor(redis.url), env });
});
afterAll(async () => {
  for (const reader of readers) reader.close();
  await instance?.close();
  await proxy?.close();
  await redis?.stop();
});

async function subscribedReader(blogId: string) {
  const reader = await connectReader(instance.url);
  readers.push(reader);
  expect((await reader.subscribe(blogId)).ok).toBe(true);
  return reader;
}

/** The Redis client ids of an instance's two connections, as Redis lists them. */
async function connectionIds(of: TestInstance) {
  const list = (await admin.call("CLIENT", "LIST")) as string;
  const prefix = `name=liveblog:${of.config.instanceId}:`;
  return list
    .split("\n")
    .filter((line) => line.includes(prefix))
    .map((line) => /\bid=(\d+)/.exec(line)![1])
    .sort();
}

const pingsAnswered = async () =>
  Number(/cmdstat_ping:calls=(\d+)/.exec(await admin.info("commandstats"))?.[1] ?? 0);

const reconnects = async (of: TestInstance) =>
  (await of.app.metrics.redisReconnects.get()).values.reduce((sum, v) => sum + v.value, 0);

/**
 * Blocks this process's event loop the way large broadcasts do: `times` stretches of `ms`,
 * one turn of the loop apart, so that a heartbeat PING goes out in each gap and its reply
 * waits unread behind the next stretch.
 */
async function blockTheLoop(ms: number, times: number) {
  for (let i = 0; i < times; i++) {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // Busy, on purpose.
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

it("keeps healthy connections while the event loop is blocked for 3x the timeout, again and again", async () => {
  const editor = editorApi(instance.url);
  const blog = await editor.createBlog("Busy");
  const reader = await subscribedReader(blog.id);
  const ids = await connectionIds(instance);
  expect(ids).toHaveLength(2);

  await blockTheLoop(3 * TIMEOUT_MS, 3);

  // The barrier: both connections have been PINGed and answered a few times since.
  const pings = await pingsAnswered();
  await waitFor(async () => (await pingsAnswered()) >= pings + 6, {
    what: "heartbeats after the load",
  });
  await editor.post(blog.id, { body: "after the load" });
  await reader.waitForEvents(1);
  expect(await connectionIds(instance)).toEqual(ids);
  expect(await reconnects(instance)).toBe(0);
}, 60_000);

it("still tears down connections that went silent, and its readers get the next entry", async () => {
  const editor = editorApi(instance.url);
  const blog = await editor.createBlog("Silent");
  const reader = await subscribedReader(blog.id);
  const opened = proxy.connections;
  const before = await reconnects(instance);

  // Nothing tells the instance: no reset, no close, just no bytes either way.
  proxy.silence();
  await waitFor(() => proxy.connections >= opened + 2, {
    what: "both connections to be replaced",
    timeoutMs: 30_000,
  });
  await waitFor(async () => (await request(instance.url).get("/readyz")).status === 200, {
    what: "the instance to be ready again",
  });
  await editor.post(blog.id, { body: "after the silence" });
  const events = await reader.waitForEvents(1);
  expect(events.map((e) => e.seq)).toEqual([1]);
  expect((await reconnects(instance)) - before).toBe(2);
}, 60_000);
