/**
 * Counts that move for every reader at once (issue 16), on two instances sharing one real Redis:
 * votes sent to both are counted exactly, readers (and the desk) on both get the final counts,
 * each hears at most about one `blog:tallies` a second however fast votes come, and nothing older
 * than a reader's subscription is sent to it (that also on one embedded instance). "Nothing more arrives" is proven with a sentinel: a
 * reaction to another entry, whose counts can only reach a reader in a send after every send of
 * what changed before it.
 */
import { isDeepStrictEqual } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { Tallies } from "../../shared/engagement.js";
import { sample } from "../observability/prometheus-text.js";
import { newToken, postPoll, readerDevice, voteStorm } from "../support/engagement.js";
import { editorApi, useSite, type Site } from "../support/fixtures.js";
import type { TestInstance } from "../support/instance.js";
import { newsroom } from "../support/newsroom.js";
import type { TestReader } from "../support/reader.js";
import { waitFor } from "../support/wait.js";

const site = useSite({
  instances: { a: {}, b: {} },
  // The storm comes from one address: only exact counting is tested here (the limits are in
  // engagement-votes.test.ts).
  env: { VOTE_RATE_PER_ADDRESS: "1000000" },
});

let cast: Awaited<ReturnType<typeof newsroom>>;
beforeAll(async () => {
  cast = await newsroom(site.a);
});

/** Every `blog:tallies` a socket got, with when it came (ms, monotonic). */
type Heard = { at: number; tallies: Tallies }[];

/** The embedded store: one instance, which plays both parts where a test names two. */
const embedded = useSite({ redis: false, instances: { a: {} } });

/** A socket on `instance` (of `on`) that follows the blog and records what tallies it hears. */
async function follower(
  on: Pick<Site<string>, "connectReader">,
  instance: TestInstance,
  blogId: string,
  cookie?: string,
) {
  const reader = await on.connectReader(
    instance,
    cookie ? { extraHeaders: { Cookie: cookie } } : {},
  );
  const heard: Heard = [];
  reader.socket.on("blog:tallies", (tallies) => heard.push({ at: performance.now(), tallies }));
  expect((await reader.subscribe(blogId)).ok).toBe(true);
  return { reader, heard };
}

type Follower = { reader: TestReader; heard: Heard };

/**
 * Sets a reaction on `entryId` (a sentinel no test touches otherwise) and waits until every
 * follower got it; returns, follower by follower, what it heard before the sentinel's send.
 */
async function heardBeforeSentinel(
  instance: TestInstance,
  followers: Follower[],
  blogId: string,
  entryId: string,
) {
  const sentinel = readerDevice(instance, { token: newToken() });
  const answer = await sentinel.react(blogId, entryId, { reaction: "clap", on: true });
  expect(answer.status).toBe(200);
  const carries = (tallies: Tallies) => tallies.reactions[entryId]?.clap === 1;
  await waitFor(() => followers.every(({ heard }) => heard.some((h) => carries(h.tallies))), {
    what: "every follower to hear the sentinel reaction",
  });
  return followers.map(({ heard }) => {
    const at = heard.findIndex((h) => carries(h.tallies));
    return { before: heard.slice(0, at), sentinel: heard[at]! };
  });
}

const tallyBroadcasts = async (instance: TestInstance) =>
  sample(await (await fetch(instance.metricsUrl)).text(), "liveblog_tally_broadcasts_total") ?? 0;

describe("tallies over two instances", () => {
  it("counts votes sent to both exactly, and brings every reader and desk on both the final counts at most about once a second", async () => {
    const blogId = (await editorApi(site.a.url).createBlog()).id;
    const entry = await postPoll(site.a, blogId);
    const quiet = await editorApi(site.a.url).post(blogId, { body: "Sentinel" });
    const followers = [
      ...(await Promise.all([1, 2, 3].map(() => follower(site, site.a, blogId)))),
      ...(await Promise.all([1, 2, 3].map(() => follower(site, site.b, blogId)))),
      await follower(site, site.b, blogId, cast.editor.cookie),
    ];
    const sentBefore = await Promise.all(site.all.map(tallyBroadcasts));
    const started = performance.now();

    const storm = await voteStorm([site.a, site.b], blogId, entry, {
      votes: 2_000,
      address: "10.88.0.1",
    });
    expect(storm.statuses).toEqual({ 200: 2_000 });
    const final = { pollId: entry.poll.id, counts: storm.accepted, total: 2_000 };
    const hasFinal = (tallies: Tallies) => isDeepStrictEqual(tallies.polls[entry.id], final);
    await waitFor(() => followers.every(({ heard }) => heard.some((h) => hasFinal(h.tallies))), {
      what: "every follower to see the final counts",
    });

    const heard = await heardBeforeSentinel(site.a, followers, blogId, quiet.id);
    const seconds = (performance.now() - started) / 1000;
    for (const { before, sentinel } of heard) {
      const sends = [...before, sentinel];
      // At most one send a tick, the first and the last maybe in partial seconds.
      expect(sends.length).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
      // Counts only grow while votes come in, and nothing about the poll follows its final counts.
      const polls = sends.flatMap((h) => h.tallies.polls[entry.id] ?? []);
      const totals = polls.map((tally) => tally.total);
      expect(totals).toEqual([...totals].sort((x, y) => x - y));
      expect(polls.at(-1)).toEqual(final);
      expect(totals.filter((total) => total === 2_000)).toHaveLength(1);
      expect(sentinel.tallies.polls).not.toHaveProperty(entry.id);
    }
    // Many votes, few sends: the storm took seconds, and sends are per tick, not per vote.
    expect(heard[0]!.before.length).toBeGreaterThan(0);
    expect(heard[0]!.before.length).toBeLessThan(storm.statuses[200]! / 10);

    // What each instance counts: one send per tick with changes, for all its followers.
    const sentAfter = await Promise.all(site.all.map(tallyBroadcasts));
    sentAfter.forEach((after, i) => {
      const sent = after - sentBefore[i]!;
      expect(sent).toBeGreaterThan(0);
      expect(sent).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
    });

    // And GET .../tallies on either instance says the same.
    for (const instance of site.all) {
      const tallies = (await (
        await fetch(`${instance.url}/api/blogs/${blogId}/tallies`)
      ).json()) as Tallies;
      expect(tallies.polls[entry.id]).toEqual(final);
    }
  }, 120_000);
});

describe.each([
  ["one embedded instance", () => ({ on: embedded, a: embedded.a, b: embedded.a })],
  ["two instances on Redis", () => ({ on: site, a: site.a, b: site.b })],
])("tallies on %s", (_name, setting) => {
  it("moves reactions live on every instance, and sends a new follower nothing from before its subscription", async () => {
    const { on, a, b } = setting();
    const blogId = (await editorApi(a.url).createBlog()).id;
    const entry = await postPoll(a, blogId);
    const reacted = await editorApi(a.url).post(blogId, { body: "React" });
    const quiet = await editorApi(a.url).post(blogId, { body: "Sentinel" });
    // Before anyone follows the blog: this is in the page, not in a send.
    for (const option of [0, 1, 1])
      await readerDevice(b, { token: newToken() }).vote(blogId, entry.id, {
        pollId: entry.poll.id,
        option,
      });
    const followers = [await follower(on, a, blogId), await follower(on, b, blogId)];

    const ana = readerDevice(a);
    const bo = readerDevice(b, { token: newToken() });
    await ana.react(blogId, reacted.id, { reaction: "love", on: true });
    await bo.react(blogId, reacted.id, { reaction: "love", on: true });
    await bo.react(blogId, reacted.id, { reaction: "wow", on: true });
    const counts = { like: 0, love: 2, wow: 1, sad: 0, clap: 0 };
    await waitFor(
      () =>
        followers.every(({ heard }) =>
          heard.some((h) => isDeepStrictEqual(h.tallies.reactions[reacted.id], counts)),
        ),
      { what: "both followers to see 2 love and 1 wow" },
    );
    await ana.react(blogId, reacted.id, { reaction: "love", on: false });
    const after = { ...counts, love: 1 };
    await waitFor(
      () =>
        followers.every(({ heard }) =>
          isDeepStrictEqual(heard.at(-1)?.tallies.reactions[reacted.id], after),
        ),
      { what: "both followers to see the love taken back" },
    );

    for (const { before } of await heardBeforeSentinel(a, followers, blogId, quiet.id)) {
      // The votes cast before the subscription were never sent; each send is this blog's.
      for (const { tallies } of before) {
        expect(tallies.blogId).toBe(blogId);
        expect(tallies.polls).toEqual({});
        expect(Object.keys(tallies.reactions)).toEqual([reacted.id]);
      }
    }
  });
});
