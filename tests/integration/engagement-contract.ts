/**
 * The EngagementStore part of the Store contract (store-contract.test.ts runs it on memory, one
 * Redis and a Redis Cluster): votes, reactions, their tallies, forgetting, the readers series and
 * peak kept by presence reports, and distinct devices.
 */
import type { Cluster, Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { STATS_SERIES_MAX } from "../../shared/engagement.js";
import type { Reaction } from "../../shared/reactions.js";
import type { Poll } from "../../shared/schemas.js";
import type { NewDraft, NewEntry, Store } from "../../server/store/port.js";
import { newBlogRecord, newEntryRecord } from "../support/entries.js";
import { rejection } from "../support/rejection.js";

export interface EngagementContractContext {
  kind: string;
  /** The store under test, open for the whole file. */
  store: () => Store;
  /** Another store on the same Redis (as another instance would have): for concurrent votes. */
  open: () => Promise<Store>;
  newBlog: () => Promise<string>;
  /** Redis only: every key of the blog's hash tag, read on the node that serves its slot. */
  keysOfBlog?: (blogId: string) => Promise<string[]>;
  /** Redis only: a plain client, for what only Redis can be made to hold (a full series). */
  raw?: () => Redis | Cluster;
}

const minute = (ms: number) => new Date(ms - (ms % 60_000)).toISOString();

export function engagementContract(context: EngagementContractContext) {
  const { kind, newBlog } = context;
  const store = () => context.store();
  const engagement = () => context.store().engagement;
  let polls = 0;
  /** A poll as the service makes it: a fresh 12-character id, open, 3 options by default. */
  const poll = (fields: Partial<Poll> = {}): Poll => ({
    id: `poll${String(++polls).padStart(8, "0")}`,
    question: "Who wins?",
    options: ["red", "blue", "green"],
    closesAt: null,
    closedAt: null,
    ...fields,
  });
  const add = async (blogId: string, id: string, fields: Partial<NewEntry> = {}) =>
    (
      await store().blogs.createEntry(blogId, {
        ...newEntryRecord(id, blogId, { createdAt: new Date().toISOString() }),
        ...fields,
      })
    ).entry;
  const vote = (blogId: string, entryId: string, pollId: string, option: number, device: string) =>
    engagement().vote(blogId, entryId, { pollId, option, device });
  const react = (
    blogId: string,
    entryId: string,
    reaction: Reaction,
    on: boolean,
    device = "c:1",
  ) => engagement().react(blogId, entryId, { reaction, on, device });
  const zero = { like: 0, love: 0, wow: 0, sad: 0, clap: 0 };

  describe("polls", () => {
    it("counts a vote, and refuses a second one from the same device with 409 already_voted and its option", async () => {
      const blogId = await newBlog();
      const { poll: p } = await add(blogId, "e", { poll: poll() });
      expect(await vote(blogId, "e", p!.id, 1, "c:ana")).toEqual({
        pollId: p!.id,
        counts: [0, 1, 0],
        total: 1,
      });
      const err = await rejection(vote(blogId, "e", p!.id, 2, "c:ana"));
      expect([err.status, err.code, err.details]).toEqual([409, "already_voted", [{ option: 1 }]]);
      // Another device, or the same id from the embed (t:), is another voter.
      await vote(blogId, "e", p!.id, 2, "c:bo");
      expect(await vote(blogId, "e", p!.id, 2, "t:ana")).toEqual({
        pollId: p!.id,
        counts: [0, 1, 2],
        total: 3,
      });
      expect((await engagement().tallies(blogId)).polls).toEqual({
        e: { pollId: p!.id, counts: [0, 1, 2], total: 3 },
      });
    });

    it("reads the poll from the entry as stored, whatever its texts and the entry's contain", async () => {
      const blogId = await newBlog();
      const tricky = 'He said "{poll}" \\ }{ \\" "poll":{"id":"x"}';
      const p = poll({ question: tricky, options: [tricky, "}", '"'] });
      const decoy = `"poll":{"id":"${p.id}","options":["a","b","c","d","e"]}`;
      const fields = { body: decoy, html: `<p>${decoy}</p>`, headline: tricky };
      await add(blogId, "e", { ...fields, poll: p });
      await add(blogId, "plain", fields);
      expect((await vote(blogId, "e", p.id, 2, "c:ana")).counts).toEqual([0, 0, 1]);
      const err = await rejection(vote(blogId, "e", p.id, 3, "c:bo"));
      expect([err.code, err.message]).toEqual(["no_such_option", expect.stringMatching(/0 to 2/)]);
      expect((await rejection(vote(blogId, "plain", p.id, 0, "c:ana"))).code).toBe(
        "poll_not_found",
      );
    });

    it("refuses a closed poll and one past its closing time with 409 poll_closed, and counts nothing", async () => {
      const blogId = await newBlog();
      const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
      const closed = await add(blogId, "closed", { poll: poll({ closedAt: ago(60_000) }) });
      const passed = await add(blogId, "passed", { poll: poll({ closesAt: ago(500) }) });
      // Times as the schema takes them: with a fraction of any length, or none.
      const later = await add(blogId, "later", { poll: poll({ closesAt: ago(-600_000) }) });
      const far = await add(blogId, "far", { poll: poll({ closesAt: "2999-12-31T23:59:59Z" }) });
      const tenths = await add(blogId, "tenths", {
        poll: poll({
          closesAt: new Date(Date.now() + 600_000).toISOString().replace(/\d\dZ$/, "Z"),
        }),
      });
      for (const entry of [closed, passed]) {
        const err = await rejection(vote(blogId, entry.id, entry.poll!.id, 0, "c:ana"));
        expect([err.status, err.code]).toEqual([409, "poll_closed"]);
      }
      for (const entry of [later, far, tenths])
        expect((await vote(blogId, entry.id, entry.poll!.id, 0, "c:ana")).total).toBe(1);
      expect(Object.keys((await engagement().tallies(blogId)).polls).sort()).toEqual([
        "far",
        "later",
        "tenths",
      ]);
    });

    it("closes exactly at closesAt by the store's clock", async () => {
      const blogId = await newBlog();
      const closesAt = new Date(Date.now() + 2_500).toISOString();
      const { poll: p } = await add(blogId, "e", { poll: poll({ closesAt }) });
      let devices = 0;
      const outcome = () => {
        const sentAt = Date.now();
        return vote(blogId, "e", p!.id, 0, `c:${++devices}`).then(
          () => ({ open: true, sentAt, at: Date.now() }),
          (err: { code: string }) => ({ open: false, code: err.code, sentAt, at: Date.now() }),
        );
      };
      const seen: Awaited<ReturnType<typeof outcome>>[] = [];
      await expect
        .poll(async () => (seen.push(await outcome()), seen.at(-1)!.open), {
          timeout: 10_000,
          interval: 20,
        })
        .toBe(false);
      const refused = seen.at(-1)!;
      expect(refused).toMatchObject({ code: "poll_closed" });
      // The store's clock is this machine's: no vote was refused before closesAt, none counted
      // that was sent after it, and every one before it was counted.
      expect(refused.at).toBeGreaterThanOrEqual(Date.parse(closesAt));
      const counted = seen.filter((s) => s.open);
      for (const vote of counted) expect(vote.sentAt).toBeLessThan(Date.parse(closesAt));
      expect(counted.length).toBeGreaterThan(0);
      expect((await engagement().tallies(blogId)).polls.e?.total).toBe(counted.length);
    });

    it("refuses an option the poll does not have with 400 no_such_option", async () => {
      const blogId = await newBlog();
      const { poll: p } = await add(blogId, "e", { poll: poll() });
      const err = await rejection(vote(blogId, "e", p!.id, 3, "c:ana"));
      expect([err.status, err.code]).toEqual([400, "no_such_option"]);
      expect(err.message).toMatch(/0 to 2/);
      // The device has not voted: it still can.
      expect((await vote(blogId, "e", p!.id, 2, "c:ana")).counts).toEqual([0, 0, 1]);
    });

    it("refuses a vote for an unknown entry, a draft's poll, an entry without a poll, and an unknown blog", async () => {
      const blogId = await newBlog();
      const draft: NewDraft = {
        ...newEntryRecord("d", blogId),
        status: "draft",
        publishAt: null,
        createdBy: "ana",
        review: null,
        poll: poll(),
      };
      await store().drafts.createDraft(blogId, draft);
      await add(blogId, "plain");
      const cases: [string, string, string, [number, string]][] = [
        [blogId, "nope", draft.poll!.id, [404, "not_found"]],
        [blogId, "d", draft.poll!.id, [404, "not_found"]],
        [blogId, "plain", draft.poll!.id, [404, "poll_not_found"]],
        ["no-such-blog", "d", draft.poll!.id, [404, "not_found"]],
      ];
      for (const [blog, entryId, pollId, expected] of cases) {
        const err = await rejection(vote(blog, entryId, pollId, 0, "c:ana"));
        expect([err.status, err.code], `${blog}/${entryId}`).toEqual(expected);
      }
      expect(await engagement().tallies(blogId)).toEqual({
        blogId,
        polls: {},
        reactions: {},
        version: 0,
      });
      // Published, it takes votes; taken back to the desk, it no longer does.
      await store().drafts.publishDraft(blogId, "d", { at: new Date().toISOString() });
      expect((await vote(blogId, "d", draft.poll!.id, 0, "c:ana")).total).toBe(1);
      await store().drafts.unpublishEntry(blogId, "d", new Date().toISOString(), "ana");
      expect((await rejection(vote(blogId, "d", draft.poll!.id, 0, "c:bo"))).code).toBe(
        "not_found",
      );
    });

    it("refuses a vote for a replaced poll with 404 poll_not_found, and counts the new one from nothing", async () => {
      const blogId = await newBlog();
      const first = (await add(blogId, "e", { poll: poll() })).poll!;
      await vote(blogId, "e", first.id, 0, "c:ana");
      await vote(blogId, "e", first.id, 0, "c:bo");
      const second = poll({ options: ["yes", "no"] });
      await store().blogs.updateEntry(blogId, "e", { poll: second }, 1, new Date().toISOString());
      const err = await rejection(vote(blogId, "e", first.id, 1, "c:cy"));
      expect([err.status, err.code]).toEqual([404, "poll_not_found"]);
      // Before the service forgets the first poll's counts, and after: they never mix.
      expect(await vote(blogId, "e", second.id, 1, "c:ana")).toEqual({
        pollId: second.id,
        counts: [0, 1],
        total: 1,
      });
      await engagement().forget(blogId, "e", "poll");
      expect((await engagement().tallies(blogId)).polls.e).toEqual({
        pollId: second.id,
        counts: [0, 1],
        total: 1,
      });
      expect((await rejection(vote(blogId, "e", second.id, 0, "c:ana"))).code).toBe(
        "already_voted",
      );
    });

    it("counts exactly when two stores on one backend take the same devices' votes at once", async () => {
      const blogId = await newBlog();
      const { poll: p } = await add(blogId, "e", { poll: poll() });
      const other = kind === "memory" ? store() : await context.open();
      try {
        const devices = Array.from({ length: 300 }, (_, i) => `t:device-${i}`);
        // Each device votes through both stores at once: one of the two is counted.
        const outcomes = await Promise.all(
          devices.flatMap((device, i) =>
            [store(), other].map((s) =>
              s.engagement.vote(blogId, "e", { pollId: p!.id, option: i % 3, device }).then(
                () => "counted",
                (err: { code: string }) => err.code,
              ),
            ),
          ),
        );
        expect(outcomes.filter((o) => o === "counted")).toHaveLength(300);
        expect(outcomes.filter((o) => o === "already_voted")).toHaveLength(300);
        expect((await other.engagement.tallies(blogId)).polls.e).toEqual({
          pollId: p!.id,
          counts: [100, 100, 100],
          total: 300,
        });
      } finally {
        if (other !== store()) await other.close();
      }
    });
  });

  describe("reactions", () => {
    it("sets and clears a device's reactions, each once, with counts that never go below zero", async () => {
      const blogId = await newBlog();
      await add(blogId, "e");
      expect(await react(blogId, "e", "like", true)).toEqual({
        reactions: { ...zero, like: 1 },
        mine: ["like"],
      });
      // Set again: nothing changes (a retried request).
      expect(await react(blogId, "e", "like", true)).toEqual({
        reactions: { ...zero, like: 1 },
        mine: ["like"],
      });
      await react(blogId, "e", "wow", true);
      expect(await react(blogId, "e", "like", true, "t:other")).toEqual({
        reactions: { ...zero, like: 2, wow: 1 },
        mine: ["like"],
      });
      expect(await react(blogId, "e", "like", false)).toEqual({
        reactions: { ...zero, like: 1, wow: 1 },
        mine: ["wow"],
      });
      // Cleared again, or never set: nothing changes, nothing goes negative.
      await react(blogId, "e", "like", false);
      expect(await react(blogId, "e", "sad", false)).toEqual({
        reactions: { ...zero, like: 1, wow: 1 },
        mine: ["wow"],
      });
      // In REACTIONS order, whatever order they were set in.
      await react(blogId, "e", "clap", true);
      expect((await react(blogId, "e", "love", true)).mine).toEqual(["love", "wow", "clap"]);
      expect((await engagement().tallies(blogId)).reactions).toEqual({
        e: { ...zero, like: 1, love: 1, wow: 1, clap: 1 },
      });
    });

    it("answers a reaction on nothing the readers can see with 404 not_found, and counts nothing", async () => {
      const blogId = await newBlog();
      await store().drafts.createDraft(blogId, {
        ...newEntryRecord("d", blogId),
        status: "draft",
        publishAt: null,
        createdBy: "ana",
        review: null,
      });
      for (const [blog, entryId] of [
        [blogId, "d"],
        [blogId, "nope"],
        ["no-such-blog", "e"],
      ] as const) {
        const err = await rejection(react(blog, entryId, "like", true));
        expect([err.status, err.code]).toEqual([404, "not_found"]);
      }
      expect((await engagement().tallies(blogId)).version).toBe(0);
    });
  });

  describe("tallies", () => {
    it("moves the version with each change of counts, and gives only the entries changed since", async () => {
      const blogId = await newBlog();
      const { poll: p } = await add(blogId, "a", { poll: poll() });
      await add(blogId, "b");
      expect(await engagement().talliesSince(blogId, 0)).toEqual({
        blogId,
        polls: {},
        reactions: {},
        version: 0,
      });
      await vote(blogId, "a", p!.id, 0, "c:ana");
      await react(blogId, "b", "clap", true);
      const all = await engagement().tallies(blogId);
      expect(all).toEqual({
        blogId,
        polls: { a: { pollId: p!.id, counts: [1, 0, 0], total: 1 } },
        reactions: { b: { ...zero, clap: 1 } },
        version: 2,
      });
      expect(await engagement().talliesSince(blogId, 2)).toEqual({
        blogId,
        polls: {},
        reactions: {},
        version: 2,
      });
      // A change that changes nothing moves nothing.
      await react(blogId, "b", "clap", true);
      await rejection(vote(blogId, "a", p!.id, 1, "c:ana"));
      expect((await engagement().talliesSince(blogId, 2)).version).toBe(2);
      await react(blogId, "a", "love", true);
      expect(await engagement().talliesSince(blogId, 2)).toEqual({
        blogId,
        polls: { a: { pollId: p!.id, counts: [1, 0, 0], total: 1 } },
        reactions: { a: { ...zero, love: 1 } },
        version: 3,
      });
      expect(await engagement().talliesSince(blogId, 1)).toEqual({
        ...all,
        version: 3,
        reactions: { ...all.reactions, a: { ...zero, love: 1 } },
      });
      // From a version the blog never reached (its counts started again): everything.
      expect(await engagement().talliesSince(blogId, 99)).toEqual(
        await engagement().tallies(blogId),
      );
      expect((await rejection(engagement().talliesSince("no-such-blog", 0))).status).toBe(404);
    });

    if (kind === "redis")
      it("answers talliesSince with nothing changed by two O(1) reads in one script", async () => {
        const blogId = await newBlog();
        await react(blogId, (await add(blogId, "e")).id, "like", true);
        const { version } = await engagement().tallies(blogId);
        const raw = context.raw!() as Redis;
        await raw.config("RESETSTAT");
        for (let i = 0; i < 50; i++) await engagement().talliesSince(blogId, version);
        const calls = Object.fromEntries(
          [...(await raw.info("commandstats")).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)]
            .map(([, name, count]) => [name!, Number(count)])
            // The test's own commands, and the store's heartbeat.
            .filter(([name]) => !/^(config|info|ping)/.test(String(name))),
        );
        expect(calls).toEqual({ evalsha: 50, exists: 50, get: 50 });
      });

    it("forgets an entry's counts, all of them or only its poll's, and lets its devices count again", async () => {
      const blogId = await newBlog();
      const first = (await add(blogId, "e", { poll: poll() })).poll!;
      await vote(blogId, "e", first.id, 0, "c:ana");
      await react(blogId, "e", "like", true, "c:ana");
      // Its options changed: the service gives it a new id and forgets the old one's counts.
      const second = poll();
      await store().blogs.updateEntry(blogId, "e", { poll: second }, 1, new Date().toISOString());
      await engagement().forget(blogId, "e", "poll");
      expect(await engagement().tallies(blogId)).toMatchObject({
        polls: {},
        reactions: { e: { ...zero, like: 1 } },
      });
      await vote(blogId, "e", second.id, 2, "c:ana");
      // Deleted (or unpublished): everything goes.
      await store().blogs.deleteEntry(blogId, "e", new Date().toISOString());
      await engagement().forget(blogId, "e");
      const after = await engagement().tallies(blogId);
      expect([after.polls, after.reactions]).toEqual([{}, {}]);
      expect(await engagement().talliesSince(blogId, 0)).toMatchObject({
        polls: {},
        reactions: {},
      });
      // An entry made again with that id starts from nothing: the device's old choices are gone.
      const again = (await add(blogId, "e", { poll: second })).poll!;
      expect((await vote(blogId, "e", again.id, 1, "c:ana")).counts).toEqual([0, 1, 0]);
      expect(await react(blogId, "e", "like", true, "c:ana")).toEqual({
        reactions: { ...zero, like: 1 },
        mine: ["like"],
      });
    });
  });

  describe("the newsroom's numbers", () => {
    it("keeps the most readers of each minute and the peak from presence reports", async () => {
      const blogId = await newBlog();
      expect(await engagement().numbers(blogId)).toEqual({
        series: [],
        peak: null,
        distinctDevices: 0,
      });
      // Nobody yet: no series begins.
      await store().presence.report(blogId, 0);
      expect((await engagement().numbers(blogId)).series).toEqual([]);
      const start = Date.now();
      for (const count of [3, 5, 2]) await store().presence.report(blogId, count);
      const end = Date.now();
      const { series, peak } = await engagement().numbers(blogId);
      // The reports may straddle a minute's end: each minute keeps the most it saw.
      const minutes = [...new Set([minute(start), minute(end)])];
      expect(series.map((m) => m.minute)).toEqual(minutes.slice(minutes.length - series.length));
      expect(Math.max(...series.map((m) => m.readers))).toBe(5);
      if (minutes.length === 1) expect(series).toEqual([{ minute: minutes[0], readers: 5 }]);
      expect(peak?.readers).toBe(5);
      expect(Date.parse(peak!.at)).toBeGreaterThanOrEqual(start - 1_000);
      expect(Date.parse(peak!.at)).toBeLessThanOrEqual(end + 1_000);
      // A report for a blog that does not exist keeps nothing (and does not fail).
      await store().presence.report("no-such-blog", 4);
      expect((await rejection(engagement().numbers("no-such-blog"))).status).toBe(404);
    });

    it("counts distinct devices within 2 % for 10,000 devices, and a device once", async () => {
      const blogId = await newBlog();
      const devices = Array.from({ length: 10_000 }, (_, i) => `c:${i.toString(36)}-device`);
      for (let i = 0; i < devices.length; i += 1_000)
        await Promise.all(
          devices.slice(i, i + 1_000).map((d) => engagement().countDevice(blogId, d)),
        );
      const counted = (await engagement().numbers(blogId)).distinctDevices;
      expect(Math.abs(counted - 10_000)).toBeLessThanOrEqual(200);
      await Promise.all(devices.slice(0, 500).map((d) => engagement().countDevice(blogId, d)));
      expect((await engagement().numbers(blogId)).distinctDevices).toBe(counted);
      const err = await rejection(engagement().countDevice("no-such-blog", "c:x"));
      expect([err.status, err.code]).toEqual([404, "not_found"]);
    });

    if (context.raw)
      it("keeps at most STATS_SERIES_MAX minutes, dropping the oldest", async () => {
        const blogId = await newBlog();
        const key = `lb:{${blogId}}:readers:series`;
        const now = Date.now();
        const old = Array.from(
          { length: STATS_SERIES_MAX },
          (_, i) => `${now - (now % 60_000) - (STATS_SERIES_MAX + 5 - i) * 60_000} 1`,
        );
        const raw = context.raw!();
        for (let i = 0; i < old.length; i += 5_000)
          await raw.rpush(key, ...old.slice(i, i + 5_000));
        await store().presence.report(blogId, 7);
        const { series } = await engagement().numbers(blogId);
        expect(series).toHaveLength(STATS_SERIES_MAX);
        expect(series[0]!.minute).toBe(new Date(Number(old[1]!.split(" ")[0])).toISOString());
        expect(series.at(-1)!.readers).toBe(7);
      });
  });

  it("deletes a blog's counts, devices, series and peak with it: nothing shows through when the id is used again", async () => {
    const blogId = await newBlog();
    const { poll: p } = await add(blogId, "e", { poll: poll() });
    await vote(blogId, "e", p!.id, 0, "c:ana");
    await react(blogId, "e", "wow", true, "c:ana");
    await engagement().countDevice(blogId, "c:ana");
    await store().presence.report(blogId, 2);
    await store().blogs.createEntry(blogId, newEntryRecord("k", blogId), {
      key: "retry",
      digest: "x",
    });
    await store().blogs.deleteBlog(blogId, new Date().toISOString());
    if (context.keysOfBlog) expect(await context.keysOfBlog(blogId)).toEqual([]);
    for (const refused of [
      () => vote(blogId, "e", p!.id, 1, "c:bo"),
      () => react(blogId, "e", "like", true),
      () => engagement().countDevice(blogId, "c:bo"),
      () => engagement().tallies(blogId),
      () => engagement().numbers(blogId),
      () => engagement().forget(blogId, "e"),
    ])
      expect((await rejection(refused())).status).toBe(404);
    await store().presence.report(blogId, 3);
    if (context.keysOfBlog) expect(await context.keysOfBlog(blogId)).toEqual([]);

    await store().blogs.createBlog(newBlogRecord(blogId, new Date().toISOString()));
    expect(await engagement().tallies(blogId)).toEqual({
      blogId,
      polls: {},
      reactions: {},
      version: 0,
    });
    expect(await engagement().numbers(blogId)).toEqual({
      series: [],
      peak: null,
      distinctDevices: 0,
    });
    await add(blogId, "e", { poll: p });
    expect((await vote(blogId, "e", p!.id, 1, "c:ana")).counts).toEqual([0, 1, 0]);
  });
}
