/**
 * Live delivery across instances: two app instances with their own Redis connections on one
 * private Redis, real socket.io-client readers on both, over WebSocket and long-polling.
 */
import request from "supertest";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { ReaderLiveEvent } from "../../shared/schemas.js";
import { connectRedis } from "../../server/store/redis/client.js";
import { redisTarget } from "../../server/store/redis/target.js";
import { blogKeys } from "../../server/store/redis/keys.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer, startInstance, type TestInstance } from "../support/instance.js";
import { eventsBeforeSentinel } from "../support/sentinel.js";
import { textOf } from "../support/reader.js";

const site = useSite({ instances: { a: {}, b: {} } });

let counter = 0;
const newBlog = async () => (await editorApi(site.a.url).createBlog(`Live ${++counter}`)).id;
const post = (instance: TestInstance, blogId: string, body: string) =>
  request(instance.url).post(`/api/blogs/${blogId}/entries`).set(bearer).send({ body });
const reader = (instance: TestInstance, transports?: ("websocket" | "polling")[]) =>
  site.connectReader(instance, { transports });

function expectConsecutive(events: ReaderLiveEvent[], from: number, count: number) {
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: count }, (_, i) => from + i));
}

describe("live delivery across two instances", () => {
  it("delivers 40 concurrent posts made on both instances to every reader on each, in order, once", async () => {
    const blogId = await newBlog();
    const onA = [await reader(site.a), await reader(site.a), await reader(site.a, ["polling"])];
    const onB = [await reader(site.b), await reader(site.b, ["polling"])];
    for (const r of [...onA, ...onB])
      expect(await r.subscribe(blogId)).toEqual({
        ok: true,
        data: { seq: 0, epoch: expect.any(String), events: [] },
      });

    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => post(i % 2 ? site.a : site.b, blogId, `Update ${i}`)),
    );
    expect(results.every((res) => res.status === 201)).toBe(true);
    const stored = await request(site.b.url).get(`/api/blogs/${blogId}/entries?limit=100`);
    expect(stored.body.entries).toHaveLength(40);
    expect(stored.body.seq).toBe(40);

    // A late duplicate would arrive before the sentinel: what came before it is all there is.
    const received = await eventsBeforeSentinel([...onA, ...onB], (body) =>
      editorApi(site.b.url).post(blogId, { body }),
    );
    for (const events of received) {
      expectConsecutive(events, 1, 40);
      expect(new Set(events.map((e) => e.entry!.id)).size).toBe(40);
    }
  });

  it("delivers edits and deletions as entry.updated and entry.deleted events", async () => {
    const blogId = await newBlog();
    const r = await reader(site.b);
    await r.subscribe(blogId);
    const created = (await post(site.a, blogId, "Typo")).body;
    await request(site.a.url)
      .patch(`/api/blogs/${blogId}/entries/${created.id}`)
      .set(bearer)
      .send({ version: 1, body: "Fixed" });
    await request(site.a.url).delete(`/api/blogs/${blogId}/entries/${created.id}`).set(bearer);
    await request(site.a.url).patch(`/api/blogs/${blogId}`).set(bearer).send({ status: "ended" });
    const events = await r.waitForEvents(4);
    expect(events.map((e) => e.type)).toEqual([
      "entry.created",
      "entry.updated",
      "entry.deleted",
      "blog.updated",
    ]);
    expect(events[1]!.entry).toMatchObject({ version: 2 });
    expect(textOf(events[1]!)).toBe("Fixed");
    expect(events[2]!.entryId).toBe(created.id);
    expect(events[3]!.blog).toMatchObject({ status: "ended", seq: 4 });
  });

  it("sends a returning reader exactly the events it missed, in order, in the subscribe ack", async () => {
    const blogId = await newBlog();
    const first = await reader(site.a);
    await first.subscribe(blogId);
    for (let i = 0; i < 3; i++) await post(site.a, blogId, `Seen ${i}`);
    await first.waitForEvents(3);
    const lastSeen = first.events.at(-1)!.seq;
    first.close();

    for (let i = 0; i < 5; i++) await post(site.b, blogId, `Missed ${i}`);
    const back = await reader(site.b);
    const ack = await back.subscribe(blogId, lastSeen);
    expect(ack.ok && "events" in ack.data).toBe(true);
    if (ack.ok && "events" in ack.data) {
      expect(ack.data.seq).toBe(8);
      expectConsecutive(ack.data.events, 4, 5);
      expect(ack.data.events.map((e) => textOf(e))).toEqual([
        "Missed 0",
        "Missed 1",
        "Missed 2",
        "Missed 3",
        "Missed 4",
      ]);
    }
    await post(site.a, blogId, "Live again");
    expect((await back.waitForEvents(1))[0]).toMatchObject({ seq: 9 });
  });

  it("tells a reader whose since is older than the kept log to resync", async () => {
    const small = await startInstance({ redisUrl: site.redis.url, env: { HISTORY_LIMIT: "10" } });
    try {
      const blogId = await newBlog();
      for (let i = 0; i < 15; i++) await post(small, blogId, `e${i}`);
      const r = await reader(small);
      expect(await r.subscribe(blogId, 2)).toEqual({
        ok: true,
        data: { seq: 15, epoch: expect.any(String), resync: true },
      });
    } finally {
      await small.close();
    }
  });

  it("fills a gap from the log when a pub/sub message was lost on the way", async () => {
    const blogId = await newBlog();
    const r = await reader(site.b);
    await r.subscribe(blogId);
    // Write an entry with the real script but publish it to a channel nobody hears: a lost message.
    const raw = connectRedis({
      target: redisTarget({ url: site.redis.url })!,
      commandTimeoutMs: 2000,
      log: pino({ level: "silent" }),
      name: "test",
    });
    await raw.connect();
    const k = blogKeys(blogId);
    const lost = {
      id: "lost-entry",
      blogId,
      createdAt: new Date().toISOString(),
      author: { name: "x" },
      headline: null,
      body: "lost",
      html: "<p>lost</p>",
      pinned: false,
      keyEvent: false,
    };
    await raw.createEntry(
      k.blog,
      k.entries,
      k.order,
      k.pinned,
      k.keyEvents,
      k.log,
      k.idempotency("none"),
      "nobody-listens",
      new Date().toISOString(),
      1000,
      "PUBLISH",
      blogId,
      JSON.stringify(lost),
      "",
      "",
    );
    raw.disconnect();

    await post(site.a, blogId, "after the loss");
    const events = await r.waitForEvents(2);
    expect(events.map((e) => [e.seq, textOf(e)])).toEqual([
      [1, "lost"],
      [2, "after the loss"],
    ]);
  });

  it("counts readers over both instances in blog:readers", async () => {
    const blogId = await newBlog();
    const one = await reader(site.a);
    const two = await reader(site.b);
    await one.subscribe(blogId);
    await two.subscribe(blogId);
    await expect.poll(() => one.counts.at(-1), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => two.counts.at(-1), { timeout: 10_000 }).toBe(2);
    two.close();
    await expect.poll(() => one.counts.at(-1), { timeout: 10_000 }).toBe(1);
  });
});

describe("reader sockets", () => {
  it("answers a malformed subscription with ok:false validation_failed and an unknown blog with not_found", async () => {
    const r = await reader(site.a);
    const bad = await r.socket
      .timeout(5000)
      .emitWithAck("blog:subscribe", { blogId: "Bad Id!" } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: "validation_failed" } });
    const missing = await r.subscribe("no-such-blog");
    expect(missing).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("lets readers only listen: editor-like events change nothing", async () => {
    const blogId = await newBlog();
    const r = await reader(site.a);
    await r.subscribe(blogId);
    // Outside the typed contract on purpose: what a hostile client could send.
    const untyped = r.socket as unknown as { emit(event: string, payload: unknown): void };
    untyped.emit("entry:create", { blogId, body: "sneaky" });
    untyped.emit("blog:update", { blogId, status: "ended" });
    // A socket's messages are handled in order: once a later one is answered, those are done.
    expect(await r.socket.timeout(5000).emitWithAck("blog:unsubscribe", { blogId })).toEqual({
      ok: true,
      data: null,
    });
    const blog = await request(site.a.url).get(`/api/blogs/${blogId}`);
    expect(blog.body).toMatchObject({ seq: 0, status: "live" });
    expect(r.socket.connected).toBe(true);
    // Nothing was relayed either: the first event the reader gets after subscribing is the sentinel.
    expect(await r.subscribe(blogId, 0)).toMatchObject({ ok: true, data: { seq: 0, events: [] } });
    const [relayed] = await eventsBeforeSentinel([r], (body) =>
      editorApi(site.a.url).post(blogId, { body }),
    );
    expect(relayed).toEqual([]);
  });

  it("stops sending a blog's events after blog:unsubscribe", async () => {
    const blogId = await newBlog();
    const r = await reader(site.a);
    await r.subscribe(blogId);
    expect(await r.socket.timeout(5000).emitWithAck("blog:unsubscribe", { blogId })).toEqual({
      ok: true,
      data: null,
    });
    expect((await post(site.b, blogId, "nobody on r hears this")).status).toBe(201);
    // Subscribed again from seq 1 on, the sentinel is the first event it may get live: a relayed
    // "nobody on r hears this" would come before it, however late.
    expect(await r.subscribe(blogId, 1)).toMatchObject({ ok: true, data: { seq: 1, events: [] } });
    const [heard] = await eventsBeforeSentinel([r], (body) =>
      editorApi(site.b.url).post(blogId, { body }),
    );
    expect(heard).toEqual([]);
  });
});

describe("embedded mode", () => {
  it("delivers over the in-process bus with the same contract", async () => {
    const solo = await startInstance();
    try {
      const blogId = (
        await request(solo.url).post("/api/blogs").set(bearer).send({ title: "Solo" })
      ).body.id;
      const r = await reader(solo);
      await r.subscribe(blogId);
      for (let i = 0; i < 5; i++)
        await request(solo.url)
          .post(`/api/blogs/${blogId}/entries`)
          .set(bearer)
          .send({ body: `m${i}` });
      expectConsecutive(await r.waitForEvents(5), 1, 5);
      const back = await r.subscribe(blogId, 3);
      expect(back.ok && "events" in back.data && back.data.events.map((e) => e.seq)).toEqual([
        4, 5,
      ]);
    } finally {
      await solo.close();
    }
  });
});

describe("restart", () => {
  it("keeps entries and seq when every instance restarts on the same Redis", async () => {
    const blogId = await newBlog();
    for (let i = 0; i < 3; i++) await post(site.a, blogId, `before ${i}`);
    await site.restart();

    const list = await request(site.b.url).get(`/api/blogs/${blogId}/entries`);
    expect([list.body.seq, list.body.entries.map((e: { body: string }) => e.body)]).toEqual([
      3,
      ["before 2", "before 1", "before 0"],
    ]);
    const r = await reader(site.b);
    await r.subscribe(blogId, 3);
    expect((await post(site.a, blogId, "after")).body.seq).toBe(4);
    expect((await r.waitForEvents(1))[0]).toMatchObject({ seq: 4, type: "entry.created" });
  });
});
