/**
 * One instance loses Redis while the others keep it (issue 6, rows 4 and 6): instance A talks
 * to Redis through a proxy that breaks the path; instance B, where the editor posts, does not.
 * A must re-subscribe by itself and its readers must catch up from the log, in order, once;
 * or, when what they missed is no longer kept, be told so rather than left behind in silence.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveEvent } from "../../shared/schemas.js";
import { blogKeys } from "../../server/store/redis/keys.js";
import { editorApi } from "../support/fixtures.js";
import { startInstance, type TestInstance } from "../support/instance.js";
import { connectReader, type TestReader } from "../support/reader.js";
import { startRedis, type TestRedis } from "../support/redis.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { waitFor } from "../support/wait.js";

const HISTORY_LIMIT = 10;
/** The outage of issue 6, row 4, in real time. */
const OUTAGE_MS = 10_000;
const env = { REDIS_COMMAND_TIMEOUT_MS: "500", HISTORY_LIMIT: String(HISTORY_LIMIT) };

let redis: TestRedis;
let proxy: TcpProxy;
let a: TestInstance;
let b: TestInstance;
const readers: TestReader[] = [];

beforeAll(async () => {
  redis = await startRedis();
  proxy = await startTcpProxy(redis.port);
  [a, b] = await Promise.all([
    startInstance({ redisUrl: proxy.urlFor(redis.url), env }),
    startInstance({ redisUrl: redis.url, env }),
  ]);
});
afterAll(async () => {
  for (const reader of readers) reader.close();
  await Promise.all([a?.close(), b?.close()]);
  await proxy?.close();
  await redis?.stop();
});

let counter = 0;
const newBlog = async () => (await editorApi(b.url).createBlog(`Partition ${++counter}`)).id;
const postOnB = async (blogId: string, body: string) =>
  (await editorApi(b.url).post(blogId, { body })).seq;
async function subscribedReader(
  instance: TestInstance,
  blogId: string,
  transports?: ("websocket" | "polling")[],
) {
  const reader = await connectReader(instance.url, { transports });
  readers.push(reader);
  const ack = await reader.subscribe(blogId);
  expect(ack.ok).toBe(true);
  return reader;
}
const seqs = (events: LiveEvent[]) => events.map((e) => e.seq);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const isReady = async (instance: TestInstance) =>
  (await request(instance.url).get("/readyz")).status === 200;

/** A blog whose first entry a reader on A has seen; then A is cut off from Redis. */
async function seenThenCutOff() {
  const blogId = await newBlog();
  const reader = await subscribedReader(a, blogId);
  await postOnB(blogId, "seen");
  await reader.waitForEvents(1);

  proxy.cut();
  await waitFor(async () => !(await isReady(a)), { what: "instance A to lose Redis" });
  return { blogId, reader };
}

describe("an instance that loses its Redis connections", () => {
  it("re-subscribes after a 10 s outage and its readers catch up from the log, in order, once", async () => {
    const blogId = await newBlog();
    const onA = [await subscribedReader(a, blogId), await subscribedReader(a, blogId, ["polling"])];
    const onB = await subscribedReader(b, blogId);
    await postOnB(blogId, "before the outage");
    for (const reader of [...onA, onB]) await reader.waitForEvents(1);

    proxy.cut();
    const outageEnds = Date.now() + OUTAGE_MS;
    let posted = 1;
    while (Date.now() < outageEnds) {
      await postOnB(blogId, `during the outage ${posted++}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(await isReady(a)).toBe(false);
    expect(seqs(onA[0]!.events)).toEqual([1]);
    proxy.restore();

    await waitFor(() => isReady(a), { what: "instance A to be ready again" });
    await postOnB(blogId, "after the outage");
    posted += 1;
    for (const reader of [...onA, onB]) {
      const events = await reader.waitForEvents(posted);
      expect(seqs(events)).toEqual(oneTo(posted));
      expect(reader.socket.connected).toBe(true);
    }
  });

  it("notices a connection that went silent without closing, re-subscribes, and catches its readers up", async () => {
    const blogId = await newBlog();
    const reader = await subscribedReader(a, blogId);
    await postOnB(blogId, "before");
    await reader.waitForEvents(1);
    const opened = proxy.connections;

    // A's connections now lead nowhere, and nothing tells A: no reset, no close.
    proxy.silence();
    for (let i = 1; i <= 3; i++) await postOnB(blogId, `unheard ${i}`);

    await reader.waitForEvents(4, 15_000);
    expect(proxy.connections).toBeGreaterThan(opened);
    expect(seqs(reader.events)).toEqual(oneTo(4));
    expect(await isReady(a)).toBe(true);
  });

  it("catches its readers up even when the command connection comes back after the subscriber", async () => {
    const { blogId, reader } = await seenThenCutOff();
    await postOnB(blogId, "missed 1");
    await postOnB(blogId, "missed 2");
    // The subscriber gets back first and asks for the missed events, which A cannot read yet.
    proxy.restore();
    proxy.refuse(`${a.config.instanceId}:cmd`);
    const channel = blogKeys(blogId).channel;
    await waitFor(async () => (await redis.client().pubsub("NUMSUB", channel))[1] === 1, {
      what: "A's subscriber to be back",
    });
    expect(seqs(reader.events)).toEqual([1]);
    proxy.restore();

    // No later post: the catch-up must be tried again by itself once reading works.
    await reader.waitForEvents(3, 15_000);
    expect(seqs(reader.events)).toEqual([1, 2, 3]);
  });

  it("tells readers to resync when what they missed is no longer kept", async () => {
    const { blogId, reader } = await seenThenCutOff();
    const missed = HISTORY_LIMIT + 3;
    let latest = 0;
    for (let i = 1; i <= missed; i++) latest = await postOnB(blogId, `missed ${i}`);
    proxy.restore();

    // No later post: the reader must learn of the gap without waiting for one.
    await waitFor(() => reader.resyncs.length > 0, { what: "a resync notice", timeoutMs: 15_000 });
    expect(reader.resyncs).toEqual([{ blogId, seq: latest, epoch: expect.any(String) }]);
    // Then it is live again from there, and nothing of the gap was replayed.
    const next = await postOnB(blogId, "after the gap");
    await reader.waitForEvents(2, 15_000);
    expect(seqs(reader.events)).toEqual([1, next]);
    // Never a partial replay: asked for what follows seq 1, the answer is "resync".
    const ack = await reader.subscribe(blogId, 1);
    expect(ack).toEqual({
      ok: true,
      data: { seq: next, epoch: expect.any(String), resync: true },
    });
    const http = await request(a.url).get(`/api/blogs/${blogId}/events?since=1`);
    expect(http.status).toBe(410);
    expect(http.body.error.code).toBe("history_expired");
  });
});
