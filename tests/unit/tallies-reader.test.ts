/**
 * An instance's copy of blogs' counts (server/engagement/tallies-reader.ts), over the embedded
 * store: as fresh as a read of its own, at the cost of what changed, read whole now and then so
 * that what the store forgot goes too, and bounded in what it keeps. The store's reads are
 * counted by wrapping the real store, not by a stand-in.
 */
import { describe, expect, it } from "vitest";
import { createTalliesReader, FULL_READ_MS } from "../../server/engagement/tallies-reader.js";
import { createMemoryStore } from "../../server/store/memory.js";
import type { EngagementStore } from "../../server/store/port.js";
import { newBlogRecord, newEntryRecord } from "../support/entries.js";
import { rejection } from "../support/rejection.js";

async function setUp() {
  const store = createMemoryStore({ historyLimit: 100 });
  const reads = { whole: 0, since: 0 };
  const counted: Pick<EngagementStore, "tallies" | "talliesSince"> = {
    tallies: (blogId) => (reads.whole++, store.engagement.tallies(blogId)),
    talliesSince: (blogId, version) => (
      reads.since++,
      store.engagement.talliesSince(blogId, version)
    ),
  };
  let now = 1_000_000;
  const clock = { now: () => now, pass: (ms: number) => (now += ms) };
  const blog = async (id: string) => {
    await store.blogs.createBlog(newBlogRecord(id));
    await store.blogs.createEntry(id, newEntryRecord("e", id));
    await store.blogs.createEntry(id, newEntryRecord("f", id));
    return id;
  };
  const react = (blogId: string, entryId: string, device: string, on = true) =>
    store.engagement.react(blogId, entryId, { reaction: "like", on, device });
  return { store, reads, counted, clock, blog, react };
}

describe("an instance's copy of a blog's counts", () => {
  it("answers what was counted before each call, reading the store whole once and then only what changed", async () => {
    const { reads, counted, clock, blog, react } = await setUp();
    const counts = createTalliesReader(counted, { clock: clock.now });
    const blogId = await blog("b");
    await react(blogId, "e", "c:1");
    expect((await counts.current(blogId)).reactions.e?.like).toBe(1);
    for (let i = 0; i < 20; i++) await counts.current(blogId);
    await react(blogId, "f", "c:1");
    await react(blogId, "e", "c:2");
    expect(await counts.current(blogId)).toMatchObject({
      version: 3,
      reactions: { e: { like: 2 }, f: { like: 1 } },
    });
    expect(reads).toEqual({ whole: 1, since: 21 });
  });

  it("lets the callers that ask while a read runs share one next read", async () => {
    const { reads, counted, clock, blog } = await setUp();
    const counts = createTalliesReader(counted, { clock: clock.now });
    const blogId = await blog("b");
    await Promise.all(Array.from({ length: 50 }, () => counts.current(blogId)));
    expect(reads.whole + reads.since).toBe(2);
  });

  it("gives pages a copy up to the age they accept without asking the store", async () => {
    const { reads, counted, clock, blog, react } = await setUp();
    const counts = createTalliesReader(counted, { clock: clock.now });
    const blogId = await blog("b");
    await counts.current(blogId);
    await react(blogId, "e", "c:1");
    expect((await counts.recent(blogId, 1_000)).reactions).toEqual({});
    clock.pass(1_001);
    expect((await counts.recent(blogId, 1_000)).reactions.e?.like).toBe(1);
    expect(reads).toEqual({ whole: 1, since: 1 });
  });

  it("drops what the store forgot at its next whole read", async () => {
    const { store, counted, clock, blog, react } = await setUp();
    const counts = createTalliesReader(counted, { clock: clock.now });
    const blogId = await blog("b");
    await react(blogId, "e", "c:1");
    await counts.current(blogId);
    await store.blogs.deleteEntry(blogId, "e", new Date().toISOString());
    await store.engagement.forget(blogId, "e");
    await react(blogId, "f", "c:1");
    expect(Object.keys((await counts.current(blogId)).reactions).sort()).toEqual(["e", "f"]);
    clock.pass(FULL_READ_MS);
    expect(Object.keys((await counts.current(blogId)).reactions)).toEqual(["f"]);
  });

  it("starts again with a blog deleted and made again, and keeps nothing of an unknown one", async () => {
    const { store, reads, counted, clock, blog, react } = await setUp();
    const counts = createTalliesReader(counted, { clock: clock.now });
    const blogId = await blog("b");
    await react(blogId, "e", "c:1");
    await react(blogId, "e", "c:2");
    await counts.current(blogId);
    await store.blogs.deleteBlog(blogId, new Date().toISOString());
    await blog(blogId);
    await react(blogId, "f", "c:1");
    // The store's version is below the copy's: what changed since is all there is.
    expect(await counts.current(blogId)).toEqual({
      blogId,
      version: 1,
      polls: {},
      reactions: { f: { like: 1, love: 0, wow: 0, sad: 0, clap: 0 } },
    });
    expect((await rejection(counts.current("nobody"))).status).toBe(404);
    expect((await rejection(counts.current("nobody"))).status).toBe(404);
    expect(reads).toEqual({ whole: 3, since: 1 });
  });

  it("keeps the blogs asked for last, at most as many as it is told", async () => {
    const { reads, counted, clock, blog } = await setUp();
    const counts = createTalliesReader(counted, { clock: clock.now, keptMax: 2 });
    for (const id of ["a", "b", "c"]) await counts.current(await blog(id));
    await counts.current("c");
    await counts.current("b");
    expect(reads).toEqual({ whole: 3, since: 2 });
    await counts.current("a");
    expect(reads.whole).toBe(4);
  });
});
