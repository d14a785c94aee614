/**
 * The Store contract: the embedded memory store and the Redis store must behave the same.
 * Every case runs against each: memory, a private redis-server, and a private Redis Cluster
 * (3 masters with a replica each, and a password: tests/support/redis-cluster.ts).
 */
import { rejection } from "../support/rejection.js";
import { newBlogRecord, newEntryRecord } from "../support/entries.js";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeskEvent } from "../../shared/events.js";
import type { Media } from "../../shared/media.js";
import { LIMITS, type AuditRecord, type LiveEvent } from "../../shared/schemas.js";
import { createMemoryStore } from "../../server/store/memory.js";
import type { Editor, NewDraft, NewEntry, Store, TokenRecord } from "../../server/store/port.js";
import { createRedisStore } from "../../server/store/redis/index.js";
import {
  editorKey,
  hashSlot,
  SCHEDULED_KEY,
  SESSION_SECRET_KEY,
} from "../../server/store/redis/keys.js";
import { redisTarget } from "../../server/store/redis/target.js";
import { startRedis, type TestRedis } from "../support/redis.js";
import { startRedisCluster, type TestRedisCluster } from "../support/redis-cluster.js";
import { engagementContract } from "./engagement-contract.js";

const HISTORY = 10;
const log = pino({ level: "silent" });
let redis: TestRedis;
let cluster: TestRedisCluster;
let blogCounter = 0;

beforeAll(async () => {
  [redis, cluster] = await Promise.all([
    startRedis(),
    startRedisCluster({ password: "cluster-contract-pw" }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([redis?.stop(), cluster?.stop()]);
});

const openRedisStore = () =>
  createRedisStore({
    target: redisTarget({ url: redis.url })!,
    historyLimit: HISTORY,
    commandTimeoutMs: 2000,
    instanceId: "test",
    log,
  });

const openClusterStore = () =>
  createRedisStore({
    target: redisTarget({ clusterNodes: cluster.seeds, password: cluster.password })!,
    historyLimit: HISTORY,
    commandTimeoutMs: 2000,
    instanceId: "test",
    log,
  });

const factories: [string, () => Promise<Store>][] = [
  ["memory", async () => createMemoryStore({ historyLimit: HISTORY })],
  ["redis", openRedisStore],
  ["redis cluster", openClusterStore],
];

const at = (n = 0) => new Date(Date.UTC(2026, 0, 1, 12, 0, n)).toISOString();
const entry = (id: string, fields: Partial<NewEntry> = {}): NewEntry =>
  newEntryRecord(id, "", { createdAt: at(), ...fields });

describe.each(factories)("Store contract: %s", (kind, open) => {
  let store: Store;
  const newBlog = async (id = `blog-${++blogCounter}`) => {
    await store.blogs.createBlog(newBlogRecord(id, at()));
    return id;
  };
  const add = (blogId: string, id: string, fields: Partial<NewEntry> = {}) =>
    store.blogs.createEntry(blogId, { ...entry(id, fields), blogId });
  /**
   * A blog whose events arrive in publish order with `near`'s, to be a sentinel for them: any
   * blog on one Redis; on a cluster, one whose slot is on the same master (each master's events
   * come on a connection of their own).
   */
  const newBlogBeside = async (near: string) => {
    if (kind !== "redis cluster") return newBlog();
    const masterOf = async (id: string) => (await cluster.masterOf(hashSlot(`lb:{${id}}`))).port;
    const wanted = await masterOf(near);
    for (;;) {
      const id = `blog-${++blogCounter}`;
      if ((await masterOf(id)) === wanted) return newBlog(id);
    }
  };

  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store.close();
  });

  it("creates a blog at seq 0 and refuses a second blog with the same id (409 blog_exists)", async () => {
    const id = await newBlog();
    expect(await store.blogs.getBlog(id)).toMatchObject({ id, seq: 0, status: "live" });
    const err = await rejection(
      store.blogs.createBlog({ ...newBlogRecord(id, at()), title: "again" }),
    );
    expect([err.status, err.code]).toEqual([409, "blog_exists"]);
    expect((await store.blogs.listBlogs()).filter((b) => b.id === id)).toHaveLength(1);
  });

  it("keeps a blog's language and time zone, changes them, and logs the change", async () => {
    const id = `blog-${++blogCounter}`;
    await store.blogs.createBlog({
      id,
      title: "Canlı",
      description: "",
      status: "live",
      cover: null,
      endedAt: null,
      language: "tr",
      timeZone: "Europe/Istanbul",
      createdAt: at(),
      updatedAt: at(),
    });
    expect(await store.blogs.getBlog(id)).toMatchObject({
      language: "tr",
      timeZone: "Europe/Istanbul",
    });
    const changed = await store.blogs.updateBlog(
      id,
      { language: "uk", timeZone: "Europe/Kyiv" },
      at(1),
    );
    expect(changed).toMatchObject({ language: "uk", timeZone: "Europe/Kyiv", seq: 1 });
    const read = await store.blogs.readLog(id, { since: 0, limit: 10 });
    expect("events" in read && read.events.at(-1)).toMatchObject({
      type: "blog.updated",
      blog: { language: "uk", timeZone: "Europe/Kyiv" },
    });
    expect((await store.blogs.listBlogs()).find((b) => b.id === id)).toMatchObject({
      language: "uk",
      timeZone: "Europe/Kyiv",
    });
  });

  it("keeps a blog's cover, changes and removes it, and logs each change with the cover or null", async () => {
    const id = `blog-${++blogCounter}`;
    await store.blogs.createBlog({
      ...newBlogRecord(id, at()),
      title: "Covered",
      cover: "aaaaaaaaaaaaaaaa",
    });
    expect((await store.blogs.getBlog(id))?.cover).toBe("aaaaaaaaaaaaaaaa");
    expect((await store.blogs.updateBlog(id, { cover: "bbbbbbbbbbbbbbbb" }, at(1))).cover).toBe(
      "bbbbbbbbbbbbbbbb",
    );
    expect((await store.blogs.updateBlog(id, { cover: null }, at(2))).cover).toBeNull();
    expect((await store.blogs.getBlog(id))?.cover).toBeNull();
    expect((await store.blogs.listBlogs()).find((b) => b.id === id)?.cover).toBeNull();
    const read = await store.blogs.readLog(id, { since: 0, limit: 10 });
    expect("events" in read && read.events.map((e) => e.blog?.cover)).toEqual([
      "bbbbbbbbbbbbbbbb",
      null,
    ]);
  });

  it("reads a blog made without a cover as having none", async () => {
    const id = await newBlog();
    expect((await store.blogs.getBlog(id))?.cover).toBeNull();
    const updated = await store.blogs.updateBlog(id, { title: "Renamed" }, at(1));
    expect(updated.cover).toBeNull();
    const read = await store.blogs.readLog(id, { since: 0, limit: 10 });
    expect("events" in read && read.events[0]?.blog?.cover).toBeNull();
  });

  it("keeps a blog's team as a set of names, replaced whole, and none for an unknown blog", async () => {
    const id = await newBlog();
    expect(await store.blogs.getTeam(id)).toEqual([]);
    await store.blogs.setTeam(id, ["zoe", "ana"]);
    expect(await store.blogs.getTeam(id)).toEqual(["ana", "zoe"]);
    await store.blogs.setTeam(id, ["bo"]);
    expect(await store.blogs.getTeam(id)).toEqual(["bo"]);
    await store.blogs.setTeam(id, []);
    expect(await store.blogs.getTeam(id)).toEqual([]);
    expect(await store.blogs.getTeam("no-such-blog")).toEqual([]);
  });

  it("keeps a blog's audit trail newest first, capped, apart from other blogs and from its log", async () => {
    const [id, other] = [await newBlog(), await newBlog()];
    const record = (n: number, blogId = id): AuditRecord => ({
      at: at(n % 60),
      action: "entry.created",
      by: "ana",
      blogId,
      entryId: `e${n}`,
    });
    for (let n = 0; n < LIMITS.auditMax + 5; n++) await store.audit.append(record(n));
    await store.audit.append(record(1, other));
    const kept = await store.audit.list(id, LIMITS.auditMax + 10);
    expect(kept).toHaveLength(LIMITS.auditMax);
    expect(kept[0]).toEqual(record(LIMITS.auditMax + 4));
    expect(kept.at(-1)).toEqual(record(5));
    expect(await store.audit.list(id, 2)).toEqual([
      record(LIMITS.auditMax + 4),
      record(LIMITS.auditMax + 3),
    ]);
    expect(await store.audit.list(other, 10)).toEqual([record(1, other)]);
    expect((await store.blogs.position(id))?.seq).toBe(0);
  });

  it("deletes a blog whole: one blog.deleted event at the next seq, then 404 everywhere, and its id free again", async () => {
    const id = await newBlog();
    const sentinels = await newBlogBeside(id);
    await add(id, "d1", { pinned: true, keyEvent: true });
    await store.blogs.createEntry(
      id,
      { ...entry("d2"), blogId: id },
      { key: "retry-1", digest: "x" },
    );
    await store.blogs.setTeam(id, ["ana"]);
    await store.audit.append({ at: at(), action: "blog.created", by: "ana", blogId: id });
    const { epoch } = (await store.blogs.position(id))!;
    const received: LiveEvent[] = [];
    store.bus.onEvent((event) => received.push(event));
    await store.bus.subscribe(id);
    await store.bus.subscribe(sentinels);

    await store.blogs.deleteBlog(id, at(9));
    // The bus hands events over in order: once the sentinel's is here, the deletion's was due.
    await add(sentinels, "after");
    await expect.poll(() => received.some((e) => e.blogId === sentinels)).toBe(true);
    expect(received.filter((e) => e.blogId === id)).toEqual([
      { blogId: id, seq: 3, epoch, at: at(9), type: "blog.deleted" },
    ]);
    expect(await store.blogs.getBlog(id)).toBeNull();
    expect(await store.blogs.position(id)).toBeNull();
    expect((await store.blogs.listBlogs()).map((b) => b.id)).not.toContain(id);
    for (const gone of [
      () => store.blogs.listEntries(id, { limit: 10 }),
      () => store.blogs.readLog(id, { since: 0, limit: 10 }),
      () => store.blogs.createEntry(id, { ...entry("d3"), blogId: id }),
      () => store.blogs.setTeam(id, ["bo"]),
      () => store.blogs.deleteBlog(id, at(10)),
    ])
      expect((await rejection(gone())).status).toBe(404);
    expect(await store.blogs.getEntry(id, "d1")).toBeNull();
    expect(await store.blogs.getTeam(id)).toEqual([]);
    // A late record (an edit that finished after the deletion) is not kept.
    await store.audit.append({ at: at(11), action: "entry.updated", by: "ana", blogId: id });
    expect(await store.audit.list(id, 10)).toEqual([]);

    // The same id makes a new blog: nothing of the old one shows through, not even a retry.
    await store.blogs.createBlog({ ...newBlogRecord(id, at(12)), title: "Again" });
    expect(await store.blogs.getBlog(id)).toMatchObject({ seq: 0, title: "Again" });
    expect((await store.blogs.position(id))?.epoch).not.toBe(epoch);
    expect((await store.blogs.listEntries(id, { limit: 10 })).entries).toEqual([]);
    const retried = await store.blogs.createEntry(
      id,
      { ...entry("d4"), blogId: id },
      { key: "retry-1", digest: "x" },
    );
    expect([retried.replayed, retried.entry.id, retried.entry.seq]).toEqual([false, "d4", 1]);
    expect(await store.blogs.getTeam(id)).toEqual([]);
    expect(await store.audit.list(id, 10)).toEqual([]);
  });

  it("keeps when a blog ended, and forgets it when it goes live again", async () => {
    const id = await newBlog();
    expect((await store.blogs.getBlog(id))?.endedAt).toBeNull();
    const ended = await store.blogs.updateBlog(id, { status: "ended", endedAt: at(5) }, at(5));
    expect(ended).toMatchObject({ status: "ended", endedAt: at(5) });
    const { events } = (await store.blogs.readLog(id, { since: 0, limit: 10 })) as {
      events: LiveEvent[];
    };
    expect(events[0]?.blog).toMatchObject({ endedAt: at(5) });
    const live = await store.blogs.updateBlog(id, { status: "live", endedAt: null }, at(6));
    expect(live.endedAt).toBeNull();
    expect((await store.blogs.getBlog(id))?.endedAt).toBeNull();
    expect(
      ((await store.blogs.readLog(id, { since: 1, limit: 10 })) as { events: LiveEvent[] })
        .events[0]?.blog?.endedAt,
    ).toBeNull();
  });

  it("keeps media records: saves, reads one or many, lists newest first, deletes", async () => {
    const record = (id: string, createdAt: string): Media => ({
      id,
      url: `/media/${id}`,
      width: 960,
      height: 540,
      type: "image/jpeg",
      alt: `alt of ${id}`,
      caption: "",
      credit: "",
      decorative: false,
      createdAt,
      createdBy: "admin",
      variants: [
        {
          url: "/media/0123456789abcdef.webp",
          width: 960,
          height: 540,
          type: "image/webp",
          bytes: 1,
        },
      ],
    });
    const suffix = String(++blogCounter).padStart(4, "0");
    const older = record(`${"older".padEnd(12, "0")}${suffix}`, at(1));
    const newer = record(`${"newer".padEnd(12, "0")}${suffix}`, at(2));
    await store.media.saveMedia(older);
    await store.media.saveMedia(newer);
    expect(await store.media.getMedia(older.id)).toEqual(older);
    const many = await store.media.getManyMedia([older.id, "missing000000000", newer.id]);
    expect([...many.keys()].sort()).toEqual([newer.id, older.id].sort());
    const listed = (await store.media.listMedia()).filter((m) =>
      [older.id, newer.id].includes(m.id),
    );
    expect(listed.map((m) => m.id)).toEqual([newer.id, older.id]);
    await store.media.saveMedia({ ...older, caption: "changed" });
    expect((await store.media.getMedia(older.id))?.caption).toBe("changed");
    expect(await store.media.deleteMedia(older.id)).toBe(true);
    expect(await store.media.deleteMedia(older.id)).toBe(false);
    expect(await store.media.getMedia(older.id)).toBeNull();
    expect(await store.media.getManyMedia([])).toEqual(new Map());
  });

  it("gives every change the next seq, +1 each time, and logs each as a LiveEvent", async () => {
    const blogId = await newBlog();
    const { entry: a } = await add(blogId, "a");
    const updated = await store.blogs.updateEntry(
      blogId,
      "a",
      { body: "new", html: "<p>new</p>" },
      1,
      at(1),
    );
    await store.blogs.deleteEntry(blogId, "a", at(2));
    const blog = await store.blogs.updateBlog(blogId, { status: "ended" }, at(3));

    expect([a.seq, updated.seq, blog.seq]).toEqual([1, 2, 4]);
    expect(updated).toMatchObject({
      version: 2,
      body: "new",
      updatedAt: at(1),
      createdAt: a.createdAt,
    });
    expect(blog).toMatchObject({ id: blogId, status: "ended", seq: 4, updatedAt: at(3) });

    const read = await store.blogs.readLog(blogId, { since: 0, limit: 100 });
    expect("events" in read && read.events.map((e) => [e.seq, e.type])).toEqual([
      [1, "entry.created"],
      [2, "entry.updated"],
      [3, "entry.deleted"],
      [4, "blog.updated"],
    ]);
    expect("events" in read && read.events[2]).toMatchObject({ entryId: "a", blogId });
    expect((await store.blogs.getBlog(blogId))?.seq).toBe(4);
  });

  it("removes a deleted entry from the list and from reads, but keeps its deletion in the log", async () => {
    const blogId = await newBlog();
    await add(blogId, "keep");
    await add(blogId, "drop");
    await store.blogs.deleteEntry(blogId, "drop", at());
    expect((await store.blogs.listEntries(blogId, { limit: 10 })).entries.map((e) => e.id)).toEqual(
      ["keep"],
    );
    expect(await store.blogs.getEntry(blogId, "drop")).toBeNull();
    const err = await rejection(store.blogs.deleteEntry(blogId, "drop", at()));
    expect(err.status).toBe(404);
  });

  it("caps the log at the history limit and reports older positions as expired", async () => {
    const blogId = await newBlog();
    for (let i = 0; i < HISTORY + 5; i++) await add(blogId, `e${i}`);
    const tail = await store.blogs.readLog(blogId, { since: 5, limit: 100 });
    expect("events" in tail && tail.events.map((e) => e.seq)).toEqual([
      6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    ]);
    const { epoch } = tail;
    expect(await store.blogs.readLog(blogId, { since: 4, limit: 100 })).toEqual({
      resync: "expired",
      seq: 15,
      epoch,
    });
    expect(await store.blogs.readLog(blogId, { since: 15, limit: 100 })).toEqual({
      events: [],
      more: false,
      seq: 15,
      epoch,
    });
  });

  it("returns the first result for a repeated idempotency key and writes nothing more", async () => {
    const blogId = await newBlog();
    const key = { key: "key-12345678", digest: "d1" };
    const first = await store.blogs.createEntry(blogId, { ...entry("x1"), blogId }, key);
    const again = await store.blogs.createEntry(blogId, { ...entry("x2"), blogId }, key);
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ entry: first.entry, replayed: true });
    expect((await store.blogs.listEntries(blogId, { limit: 10 })).entries).toHaveLength(1);
    expect((await store.blogs.getBlog(blogId))?.seq).toBe(1);
  });

  it("refuses a reused idempotency key with another request (422) and still replays the same one", async () => {
    const blogId = await newBlog();
    const first = await store.blogs.createEntry(
      blogId,
      { ...entry("r1"), blogId },
      { key: "key-reused-1", digest: "first" },
    );
    const err = await rejection(
      store.blogs.createEntry(
        blogId,
        { ...entry("r2"), blogId },
        { key: "key-reused-1", digest: "second" },
      ),
    );
    expect([err.status, err.code]).toEqual([422, "idempotency_key_reused"]);
    const replay = await store.blogs.createEntry(
      blogId,
      { ...entry("r3"), blogId },
      { key: "key-reused-1", digest: "first" },
    );
    expect(replay).toEqual({ entry: first.entry, replayed: true });
    expect((await store.blogs.listEntries(blogId, { limit: 10 })).entries).toHaveLength(1);
  });

  it("gives every blog an epoch that its events, pages and position carry, and keeps it across writes", async () => {
    const blogId = await newBlog();
    const start = await store.blogs.position(blogId);
    expect(start).toEqual({
      seq: 0,
      epoch: expect.stringMatching(/^[A-Za-z0-9_-]{8,32}$/),
      at: at(),
    });
    await add(blogId, "e1");
    await store.blogs.updateBlog(blogId, { title: "Renamed" }, at(1));
    const read = await store.blogs.readLog(blogId, { since: 0, limit: 10 });
    expect("events" in read && read.events.map((e) => e.epoch)).toEqual([
      start!.epoch,
      start!.epoch,
    ]);
    expect("events" in read && read.events[1]?.blog).not.toHaveProperty("epoch");
    expect((await store.blogs.listEntries(blogId, { limit: 1 })).epoch).toBe(start!.epoch);
    // `at` is the time of the change at `seq`: what tells one seq-2 event from another.
    expect(await store.blogs.position(blogId)).toEqual({ seq: 2, epoch: start!.epoch, at: at(1) });
    expect(await store.blogs.position("no-such-blog")).toBeNull();
    const other = await newBlog();
    expect((await store.blogs.position(other))?.epoch).not.toBe(start!.epoch);
  });

  it("answers resync for a since of another epoch or beyond the end, before reading any event", async () => {
    const blogId = await newBlog();
    for (let i = 0; i < 3; i++) await add(blogId, `x${i}`);
    const { epoch } = (await store.blogs.position(blogId))!;
    expect(
      await store.blogs.readLog(blogId, { since: 1, epoch: "other-epoch", limit: 10 }),
    ).toEqual({ resync: "epoch", seq: 3, epoch });
    expect(await store.blogs.readLog(blogId, { since: 4, epoch, limit: 10 })).toEqual({
      resync: "ahead",
      seq: 3,
      epoch,
    });
    // Far beyond anything a number in Lua prints plainly (1e+14): still a plain answer.
    expect(await store.blogs.readLog(blogId, { since: 99_999_999_999_999, limit: 10 })).toEqual({
      resync: "ahead",
      seq: 3,
      epoch,
    });
  });

  it("bounds one log read by count and by bytes, and says that more follow", async () => {
    const blogId = await newBlog();
    for (let i = 0; i < 6; i++) await add(blogId, `c${i}`);
    const page = await store.blogs.readLog(blogId, { since: 1, limit: 2 });
    expect("events" in page && [page.events.map((e) => e.seq), page.more]).toEqual([[2, 3], true]);
    const rest = await store.blogs.readLog(blogId, { since: 3, limit: 10 });
    expect("events" in rest && [rest.events.map((e) => e.seq), rest.more]).toEqual([
      [4, 5, 6],
      false,
    ]);
    // Entries of 400 KB each: a 1 MiB budget carries two of them, and always at least one.
    const big = await newBlog();
    const body = "x".repeat(200_000);
    for (let i = 0; i < 4; i++) await add(big, `big${i}`, { body, html: body });
    const heavy = await store.blogs.readLog(big, { since: 0, limit: 100 });
    expect("events" in heavy && [heavy.events.length, heavy.more]).toEqual([2, true]);
  });

  it("renews the epoch only from the expected one", async () => {
    const blogId = await newBlog();
    await add(blogId, "n1");
    const { epoch } = (await store.blogs.position(blogId))!;
    const renewed = await store.blogs.renewEpoch(blogId, epoch);
    expect(renewed.seq).toBe(1);
    expect(renewed.epoch).not.toBe(epoch);
    // A second instance noticing the same loss finds it already renewed and keeps that epoch.
    expect(await store.blogs.renewEpoch(blogId, epoch)).toEqual(renewed);
    const { entry: next } = await add(blogId, "n2");
    const read = await store.blogs.readLog(blogId, { since: 1, epoch: renewed.epoch, limit: 10 });
    expect("events" in read && read.events.map((e) => [e.seq, e.epoch])).toEqual([
      [next.seq, renewed.epoch],
    ]);
  });

  it("refuses an edit from a stale version with 409 version_conflict carrying the current entry", async () => {
    const blogId = await newBlog();
    await add(blogId, "v");
    await store.blogs.updateEntry(blogId, "v", { headline: "first edit" }, 1, at(1));
    const err = await rejection(
      store.blogs.updateEntry(blogId, "v", { headline: "late edit" }, 1, at(2)),
    );
    expect([err.status, err.code]).toEqual([409, "version_conflict"]);
    expect(err.details?.[0]).toMatchObject({ id: "v", version: 2, headline: "first edit" });
    expect((await store.blogs.getEntry(blogId, "v"))?.headline).toBe("first edit");
    expect((await store.blogs.getBlog(blogId))?.seq).toBe(2);
  });

  it("pages newest first with a cursor, and filters pinned entries and key events", async () => {
    const blogId = await newBlog();
    for (let i = 1; i <= 5; i++)
      await add(blogId, `p${i}`, { pinned: i === 2, keyEvent: i % 2 === 1 });
    const first = await store.blogs.listEntries(blogId, { limit: 2 });
    expect(first.entries.map((e) => e.id)).toEqual(["p5", "p4"]);
    expect(first.seq).toBe(5);
    const second = await store.blogs.listEntries(blogId, { limit: 2, before: first.next! });
    expect(second.entries.map((e) => e.id)).toEqual(["p3", "p2"]);
    const last = await store.blogs.listEntries(blogId, { limit: 2, before: second.next! });
    expect([last.entries.map((e) => e.id), last.next]).toEqual([["p1"], null]);
    // An entry's order is a cursor: the page before order + 1 starts at that entry.
    const order = await store.blogs.entryOrder(blogId, "p3");
    expect(
      (await store.blogs.listEntries(blogId, { limit: 2, before: order! + 1 })).entries.map(
        (e) => e.id,
      ),
    ).toEqual(["p3", "p2"]);
    expect(await store.blogs.entryOrder(blogId, "nope")).toBeNull();
    expect(await store.blogs.entryOrder("no-such-blog", "p3")).toBeNull();

    expect(
      (await store.blogs.listEntries(blogId, { limit: 10, only: "pinned" })).entries.map(
        (e) => e.id,
      ),
    ).toEqual(["p2"]);
    expect(
      (await store.blogs.listEntries(blogId, { limit: 10, only: "keyEvents" })).entries.map(
        (e) => e.id,
      ),
    ).toEqual(["p5", "p3", "p1"]);
    await store.blogs.updateEntry(blogId, "p2", { pinned: false }, 1, at());
    await store.blogs.updateEntry(blogId, "p4", { keyEvent: true }, 1, at());
    expect((await store.blogs.listEntries(blogId, { limit: 10, only: "pinned" })).entries).toEqual(
      [],
    );
    expect(
      (await store.blogs.listEntries(blogId, { limit: 10, only: "keyEvents" })).entries.map(
        (e) => e.id,
      ),
    ).toEqual(["p5", "p4", "p3", "p1"]);
  });

  it("answers 404 for changes to a blog or entry that does not exist", async () => {
    const blogId = await newBlog();
    // One at a time: a call made before the previous one's answer could be refused while
    // nothing awaits it yet (an unhandled rejection).
    for (const attempt of [
      () => add("no-such-blog", "z"),
      () => store.blogs.updateBlog("no-such-blog", { title: "t" }, at()),
      () => store.blogs.updateEntry(blogId, "missing", { body: "b" }, 1, at()),
      () => store.blogs.readLog("no-such-blog", { since: 0, limit: 10 }),
      () => store.blogs.listEntries("no-such-blog", { limit: 1 }),
    ]) {
      expect((await rejection(attempt())).status).toBe(404);
    }
    expect((await store.blogs.getBlog(blogId))?.seq).toBe(0);
  });

  describe("drafts and the desk bus", () => {
    const draft = (blogId: string, id: string, fields: Partial<NewDraft> = {}): NewDraft => ({
      ...entry(id),
      blogId,
      status: "draft",
      publishAt: null,
      createdBy: "ana",
      review: null,
      ...fields,
    });
    const file = async (blogId: string, id: string, fields: Partial<NewDraft> = {}) =>
      (await store.drafts.createDraft(blogId, draft(blogId, id, fields))).draft;
    const events = async (blogId: string) =>
      ((await store.blogs.readLog(blogId, { since: 0, limit: 100 })) as { events: LiveEvent[] })
        .events;
    const desk: DeskEvent[] = [];
    let sentinels = 0;
    /** Every desk event of `blogId` published before a sentinel (the bus keeps their order). */
    const deskUntilSentinel = async (blogId: string) => {
      const record: AuditRecord = {
        at: at(),
        action: "blog.updated",
        by: `sentinel-${++sentinels}`,
        blogId,
      };
      await store.desk.publish({ blogId, type: "audit", record });
      const isSentinel = (e: DeskEvent) => e.type === "audit" && e.record.by === record.by;
      await expect.poll(() => desk.some(isSentinel)).toBe(true);
      const mine = desk.filter((e) => e.blogId === blogId);
      desk.splice(0);
      return mine.slice(0, mine.findIndex(isSentinel));
    };
    beforeAll(() => store.desk.onEvent((event) => desk.push(event)));

    it("keeps drafts apart from the entries, seq and log, newest first, each saved on the desk", async () => {
      const blogId = await newBlog();
      const first = await file(blogId, "d1", { createdAt: at(1) });
      expect(first).toEqual({
        ...draft(blogId, "d1", { createdAt: at(1) }),
        version: 1,
        updatedAt: at(1),
      });
      await file(blogId, "d2", { createdAt: at(2), status: "scheduled", publishAt: at(50) });
      expect(await store.drafts.getDraft(blogId, "d1")).toEqual(first);
      expect((await store.drafts.listDrafts(blogId)).map((d) => d.id)).toEqual(["d2", "d1"]);
      expect(await store.drafts.listDrafts(await newBlog())).toEqual([]);
      expect(await store.drafts.getDraft(blogId, "nope")).toBeNull();
      // Nothing a reader reads moved.
      expect((await store.blogs.getBlog(blogId))?.seq).toBe(0);
      expect((await store.blogs.listEntries(blogId, { limit: 10 })).entries).toEqual([]);
      expect(await store.blogs.getEntry(blogId, "d1")).toBeNull();
      expect(await store.blogs.entryOrder(blogId, "d1")).toBeNull();
      expect(await events(blogId)).toEqual([]);
      expect(await deskUntilSentinel(blogId)).toEqual([
        { blogId, type: "draft.saved", draft: first },
        { blogId, type: "draft.saved", draft: expect.objectContaining({ id: "d2" }) },
      ]);
    });

    it("refuses a taken id (draft or entry) with 409 entry_exists and an unknown blog with 404", async () => {
      const blogId = await newBlog();
      await file(blogId, "d");
      await add(blogId, "e");
      for (const id of ["d", "e"]) {
        const err = await rejection(store.drafts.createDraft(blogId, draft(blogId, id)));
        expect([err.status, err.code]).toEqual([409, "entry_exists"]);
      }
      expect(
        (await rejection(store.drafts.createDraft("no-such-blog", draft("no-such-blog", "x"))))
          .status,
      ).toBe(404);
      expect((await store.drafts.listDrafts(blogId)).map((d) => d.id)).toEqual(["d"]);
    });

    it("replays a draft's idempotency key and refuses it with another request (422)", async () => {
      const blogId = await newBlog();
      const key = { key: "draft-key-1", digest: "one" };
      const made = await store.drafts.createDraft(blogId, draft(blogId, "k1"), key);
      const again = await store.drafts.createDraft(blogId, draft(blogId, "k2"), key);
      expect(again).toEqual({ draft: made.draft, replayed: true });
      const err = await rejection(
        store.drafts.createDraft(blogId, draft(blogId, "k3"), { ...key, digest: "two" }),
      );
      expect([err.status, err.code]).toEqual([422, "idempotency_key_reused"]);
      // The same key for an entry is another record.
      expect((await add(blogId, "k4")).replayed).toBe(false);
      expect((await store.drafts.listDrafts(blogId)).map((d) => d.id)).toEqual(["k1"]);
    });

    it("saves a draft from its version only, and withdraws it once", async () => {
      const blogId = await newBlog();
      await file(blogId, "d");
      const review = { note: "Source?", by: { name: "ed", displayName: "Ed" }, at: at(3) };
      const saved = await store.drafts.updateDraft(blogId, "d", { body: "b2", review }, 1, at(4));
      expect(saved).toMatchObject({
        body: "b2",
        review,
        version: 2,
        updatedAt: at(4),
        createdAt: at(),
      });
      const cleared = await store.drafts.updateDraft(
        blogId,
        "d",
        { review: null, publishAt: null },
        2,
        at(5),
      );
      expect([cleared.review, cleared.version]).toEqual([null, 3]);
      const stale = await rejection(
        store.drafts.updateDraft(blogId, "d", { body: "late" }, 2, at(6)),
      );
      expect([stale.status, stale.code]).toEqual([409, "version_conflict"]);
      expect(stale.details?.[0]).toMatchObject({ id: "d", version: 3, body: "b2" });
      expect(
        (await rejection(store.drafts.updateDraft(blogId, "nope", { body: "x" }, 1, at()))).status,
      ).toBe(404);
      expect(await store.drafts.deleteDraft(blogId, "d")).toBe(true);
      expect(await store.drafts.deleteDraft(blogId, "d")).toBe(false);
      expect(await store.drafts.getDraft(blogId, "d")).toBeNull();
      expect(
        (await deskUntilSentinel(blogId)).map((e) =>
          e.type === "draft.saved" ? e.draft.version : e,
        ),
      ).toEqual([1, 2, 3, { blogId, type: "draft.removed", entryId: "d", reason: "withdrawn" }]);
    });

    it("publishes a draft once, as an entry created at publication with the blog's next seq", async () => {
      const blogId = await newBlog();
      await add(blogId, "e1");
      await file(blogId, "d", { headline: "Held", pinned: true, createdAt: at(1) });
      await store.drafts.updateDraft(blogId, "d", { body: "edited" }, 1, at(2));
      const stale = await rejection(
        store.drafts.publishDraft(blogId, "d", { at: at(9), version: 1 }),
      );
      expect([stale.status, stale.code]).toEqual([409, "version_conflict"]);
      const published = await store.drafts.publishDraft(blogId, "d", { at: at(9), version: 2 });
      expect(published).toEqual({
        ...entry("d"),
        blogId,
        headline: "Held",
        body: "edited",
        pinned: true,
        status: "published",
        publishAt: null,
        createdAt: at(9),
        updatedAt: at(9),
        version: 1,
        seq: 2,
      });
      expect(await store.drafts.getDraft(blogId, "d")).toBeNull();
      expect(await store.blogs.getEntry(blogId, "d")).toEqual(published);
      expect(
        (await store.blogs.listEntries(blogId, { limit: 10, only: "pinned" })).entries,
      ).toEqual([published]);
      expect((await events(blogId)).map((e) => [e.seq, e.type, e.entry?.id])).toEqual([
        [1, "entry.created", "e1"],
        [2, "entry.created", "d"],
      ]);
      const again = await rejection(store.drafts.publishDraft(blogId, "d", { at: at(10) }));
      expect([again.status, again.code]).toEqual([409, "not_a_draft"]);
      expect((await deskUntilSentinel(blogId)).at(-1)).toEqual({
        blogId,
        type: "draft.removed",
        entryId: "d",
        reason: "published",
      });

      // Two publications at once make one entry.
      await file(blogId, "race");
      const results = await Promise.allSettled([
        store.drafts.publishDraft(blogId, "race", { at: at(11) }),
        store.drafts.publishDraft(blogId, "race", { at: at(11) }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect((await store.blogs.getBlog(blogId))?.seq).toBe(3);
    });

    it("publishes a scheduled draft only when due, and lists due drafts earliest first", async () => {
      const blogId = await newBlog();
      const mine = async (now: string) =>
        (await store.drafts.dueDrafts(now, 100)).filter((d) => d.blogId === blogId);
      await file(blogId, "late", { status: "scheduled", publishAt: at(30) });
      await file(blogId, "early", { status: "scheduled", publishAt: at(20) });
      await file(blogId, "plain");
      expect(await mine(at(10))).toEqual([]);
      expect(await mine(at(40))).toEqual([
        { blogId, entryId: "early", publishAt: at(20) },
        { blogId, entryId: "late", publishAt: at(30) },
      ]);
      const early = await rejection(
        store.drafts.publishDraft(blogId, "late", { at: at(25), dueBy: at(25) }),
      );
      expect([early.status, early.code]).toEqual([409, "not_a_draft"]);
      const plain = await rejection(
        store.drafts.publishDraft(blogId, "plain", { at: at(25), dueBy: at(25) }),
      );
      expect(plain.code).toBe("not_a_draft");
      expect((await store.blogs.getBlog(blogId))?.seq).toBe(0);
      expect(
        await store.drafts.publishDraft(blogId, "early", { at: at(21), dueBy: at(21) }),
      ).toMatchObject({ seq: 1, createdAt: at(21) });
      expect(await mine(at(40))).toEqual([{ blogId, entryId: "late", publishAt: at(30) }]);

      // Moved later, then cancelled: never due early.
      await store.drafts.updateDraft(blogId, "late", { publishAt: at(50) }, 1, at(1));
      expect(await mine(at(40))).toEqual([]);
      expect(await mine(at(55))).toEqual([{ blogId, entryId: "late", publishAt: at(50) }]);
      await store.drafts.updateDraft(
        blogId,
        "late",
        { status: "draft", publishAt: null },
        2,
        at(2),
      );
      expect(await mine(at(59))).toEqual([]);
      await store.drafts.updateDraft(
        blogId,
        "late",
        { status: "scheduled", publishAt: at(45) },
        3,
        at(3),
      );
      expect(await mine(at(59))).toEqual([{ blogId, entryId: "late", publishAt: at(45) }]);
      expect(await store.drafts.deleteDraft(blogId, "late")).toBe(true);
      expect(await mine(at(59))).toEqual([]);
    });

    it("unpublishes an entry in one step: readers get entry.deleted, the desk a draft", async () => {
      const blogId = await newBlog();
      await add(blogId, "e", { headline: "Out" });
      const taken = await store.drafts.unpublishEntry(blogId, "e", at(5), "ed");
      expect(taken).toEqual({
        ...entry("e"),
        blogId,
        headline: "Out",
        status: "draft",
        publishAt: null,
        createdAt: at(5),
        updatedAt: at(5),
        version: 1,
        createdBy: "ed",
        review: null,
      });
      expect(await store.blogs.getEntry(blogId, "e")).toBeNull();
      expect(await store.drafts.getDraft(blogId, "e")).toEqual(taken);
      expect((await events(blogId)).map((e) => [e.seq, e.type, e.entryId])).toEqual([
        [1, "entry.created", undefined],
        [2, "entry.deleted", "e"],
      ]);
      expect(await deskUntilSentinel(blogId)).toEqual([
        { blogId, type: "draft.saved", draft: taken },
      ]);
      expect((await rejection(store.drafts.unpublishEntry(blogId, "e", at(6), "ed"))).status).toBe(
        404,
      );
      expect((await store.drafts.publishDraft(blogId, "e", { at: at(7) })).seq).toBe(3);
    });
  });

  describe("engagement", () =>
    engagementContract({
      kind,
      store: () => store,
      open,
      newBlog,
      ...(kind === "memory"
        ? {}
        : {
            keysOfBlog: async (blogId: string) => {
              const node =
                kind === "redis" ? redis : await cluster.masterOf(hashSlot(`lb:{${blogId}}`));
              const client = node.client();
              try {
                return (await client.keys(`lb:{${blogId}}*`)).sort();
              } finally {
                client.disconnect();
              }
            },
            raw: () => (kind === "redis" ? redis.client() : cluster.client()),
          }),
    }));

  it("publishes each change on the bus, in seq order, to a subscribed blog only", async () => {
    const blogId = await newBlog();
    const other = await newBlog();
    // Subscribed throughout: its entries are sentinels. The bus hands events over in the order
    // they were published, so once a sentinel is received, nothing published before it is due.
    const sentinels = await newBlogBeside(blogId);
    const received: LiveEvent[] = [];
    store.bus.onEvent((event) => received.push(event));
    await store.bus.subscribe(blogId);
    await store.bus.subscribe(sentinels);
    const receivedUntilSentinel = async (id: string) => {
      await add(sentinels, id);
      await expect
        .poll(() => received.some((e) => e.type === "entry.created" && e.entry?.id === id))
        .toBe(true);
      return received.splice(0).map((e) => [e.blogId, e.seq]);
    };

    await Promise.all([add(blogId, "b1"), add(other, "o1"), add(blogId, "b2"), add(blogId, "b3")]);
    expect(await receivedUntilSentinel("s1")).toEqual([
      [blogId, 1],
      [blogId, 2],
      [blogId, 3],
      [sentinels, 1],
    ]);
    await store.bus.unsubscribe(blogId);
    await add(blogId, "b4");
    expect(await receivedUntilSentinel("s2")).toEqual([[sentinels, 2]]);
  });

  it("keeps editors and sessions, and forgets a deleted session", async () => {
    await store.editors.saveEditor({
      name: "eve",
      passwordHash: "h",
      credentialVersion: 1,
      createdAt: at(),
    });
    expect(await store.editors.getEditor("eve")).toMatchObject({
      name: "eve",
      credentialVersion: 1,
    });
    await store.editors.saveSession(
      "s1",
      { name: "eve", credentialVersion: 1, createdAt: at() },
      60,
    );
    expect(await store.editors.getSession("s1")).toMatchObject({ name: "eve" });
    await store.editors.deleteSession("s1");
    expect(await store.editors.getSession("s1")).toBeNull();
  });

  it("adds an editor only under a free name, and leaves the one there as it is", async () => {
    const ada = { name: "ada", passwordHash: "h1", credentialVersion: 1, createdAt: at() };
    expect(await store.editors.addEditor(ada)).toBe(true);
    expect(await store.editors.addEditor({ ...ada, passwordHash: "h2" })).toBe(false);
    expect(await store.editors.getEditor("ada")).toEqual(ada);
  });

  it("keeps the first session secret offered and gives it to every later asker", async () => {
    expect(await store.editors.agreeSessionSecret("first")).toBe("first");
    expect(await store.editors.agreeSessionSecret("second")).toBe("first");
  });

  describe("people and personal tokens", () => {
    const person = (name: string, fields: Partial<Editor> = {}): Editor => ({
      name,
      passwordHash: "h",
      credentialVersion: 1,
      createdAt: at(),
      ...fields,
    });
    const token = (id: string, owner: string, n: number): TokenRecord => ({
      id,
      owner,
      name: `token ${id}`,
      hash: `${id}-hash`.padEnd(64, "0"),
      createdAt: at(n),
      lastUsedAt: null,
    });

    it("lists every person sorted by name, as saved, added or changed", async () => {
      await store.editors.saveEditor(person("zoe", { role: "contributor", active: false }));
      await store.editors.addEditor(person("bea", { role: "admin", displayName: "Bea" }));
      await store.editors.saveEditor(person("bea", { role: "editor", displayName: "Bea B." }));
      const listed = await store.editors.listEditors();
      expect(listed.map((p) => p.name)).toEqual([...listed.map((p) => p.name)].sort());
      expect(listed.find((p) => p.name === "bea")).toEqual(
        person("bea", { role: "editor", displayName: "Bea B." }),
      );
      expect(listed.find((p) => p.name === "zoe")).toMatchObject({ active: false });
      expect(listed.filter((p) => p.name === "bea")).toHaveLength(1);
    });

    it("finds a token by its hash only, lists an owner's newest first, and revokes by owner and id", async () => {
      await store.editors.saveToken(token("t1", "tia", 1));
      await store.editors.saveToken(token("t2", "tia", 2));
      await store.editors.saveToken(token("t3", "tom", 3));
      expect(await store.editors.getTokenByHash(token("t1", "tia", 1).hash)).toEqual(
        token("t1", "tia", 1),
      );
      expect(await store.editors.getTokenByHash("0".repeat(64))).toBeNull();
      expect((await store.editors.listTokens("tia")).map((t) => t.id)).toEqual(["t2", "t1"]);
      expect(await store.editors.listTokens("nobody")).toEqual([]);

      // Another owner's id is not found, and leaves the token as it is.
      expect(await store.editors.deleteToken("tom", "t1")).toBe(false);
      expect(await store.editors.deleteToken("tia", "t1")).toBe(true);
      expect(await store.editors.deleteToken("tia", "t1")).toBe(false);
      expect(await store.editors.getTokenByHash(token("t1", "tia", 1).hash)).toBeNull();
      expect((await store.editors.listTokens("tia")).map((t) => t.id)).toEqual(["t2"]);
      expect((await store.editors.listTokens("tom")).map((t) => t.id)).toEqual(["t3"]);
    });

    it("records a token's last use, and never brings a revoked token back by it", async () => {
      const kept = token("t4", "uma", 4);
      const revoked = token("t5", "uma", 5);
      await store.editors.saveToken(kept);
      await store.editors.saveToken(revoked);
      await store.editors.touchToken(kept.hash, at(9));
      expect(await store.editors.getTokenByHash(kept.hash)).toEqual({ ...kept, lastUsedAt: at(9) });

      await store.editors.deleteToken("uma", "t5");
      await store.editors.touchToken(revoked.hash, at(9));
      expect(await store.editors.getTokenByHash(revoked.hash)).toBeNull();
      expect((await store.editors.listTokens("uma")).map((t) => t.id)).toEqual(["t4"]);
    });
  });
});

describe("Redis store persistence", () => {
  it("keeps blogs, entries and seq for a new store instance on the same Redis", async () => {
    const first = await openRedisStore();
    await first.blogs.createBlog({ ...newBlogRecord("durable", at()), title: "Durable" });
    await first.blogs.createEntry("durable", { ...entry("d1"), blogId: "durable" });
    await first.close();

    const second = await openRedisStore();
    expect(await second.blogs.getBlog("durable")).toMatchObject({ seq: 1 });
    const { entry: next } = await second.blogs.createEntry("durable", {
      ...entry("d2"),
      blogId: "durable",
    });
    expect(next.seq).toBe(2);
    await second.close();
  });

  it("gives a new store instance on the same Redis the session secret kept by the first", async () => {
    const second = await openRedisStore();
    expect(await second.editors.agreeSessionSecret("another")).toBe("first");
    expect(await redis.client().get(SESSION_SECRET_KEY)).toBe("first");
    await second.close();
  });

  it("lists people saved before the index of people existed", async () => {
    const older = { name: "olga", passwordHash: "h", credentialVersion: 3, createdAt: at() };
    await redis.client().set(editorKey("olga"), JSON.stringify(older));
    const store = await openRedisStore();
    expect((await store.editors.listEditors()).find((p) => p.name === "olga")).toEqual(older);
    await store.close();
  });

  it("keeps drafts under the blog's hash tag and drops a schedule whose draft is gone", async () => {
    const store = await openRedisStore();
    const client = redis.client();
    await store.blogs.createBlog({ ...newBlogRecord("drafted", at()), title: "Drafted" });
    await store.drafts.createDraft("drafted", {
      ...entry("s"),
      blogId: "drafted",
      status: "scheduled",
      publishAt: at(30),
      createdBy: "ana",
      review: null,
    });
    expect(await client.hkeys("lb:{drafted}:drafts")).toEqual(["s"]);
    expect(await client.zscore(SCHEDULED_KEY, "drafted/s")).toBe(String(Date.parse(at(30))));
    // As if an instance died between a publication and its ZREM: the index heals when it is due.
    await client.hdel("lb:{drafted}:drafts", "s");
    expect(
      (await store.drafts.dueDrafts(at(40), 100)).filter((d) => d.blogId === "drafted"),
    ).toEqual([]);
    expect(await client.zscore(SCHEDULED_KEY, "drafted/s")).toBeNull();
    await store.close();
  });

  it("keeps all keys of one blog under its hash tag", async () => {
    const client = redis.client();
    const keys = await client.keys("lb:{durable}*");
    expect(keys.sort()).toEqual([
      "lb:{durable}:blog",
      "lb:{durable}:entries",
      "lb:{durable}:log",
      "lb:{durable}:order",
    ]);
  });
});
