/**
 * What a page knows of votes and reactions (shared/engagement-model.ts): counts merged from the
 * socket, full loads and this device's own answers without an older arrival winning, what this
 * device chose (remembered on it), and the notices its own actions leave.
 */
import { describe, expect, it } from "vitest";
import {
  createEngagementModel,
  engagementIn,
  nextPollClosing,
  parseRemembered,
  REMEMBERED_MAX,
  serializeRemembered,
  emptyRemembered,
} from "../../shared/engagement-model.js";
import type { PollTally, Tallies } from "../../shared/engagement.js";
import { noReactions } from "../../shared/reactions.js";
import type { Poll } from "../../shared/schemas.js";
import { entryAt } from "../support/entries.js";

const poll = (over: Partial<Poll> = {}): Poll => ({
  id: "pollAAAA1111",
  question: "Who wins?",
  options: ["Ana", "Bo", "Cem"],
  closesAt: null,
  closedAt: null,
  ...over,
});
const withPoll = entryAt("e1", 1, { poll: poll() });
const plain = entryAt("e2", 2);
const tally = (counts: number[], pollId = "pollAAAA1111"): PollTally => ({
  pollId,
  counts,
  total: counts.reduce((a, b) => a + b, 0),
});
const tallies = (over: Partial<Tallies> = {}): Tallies => ({
  blogId: "b",
  polls: {},
  reactions: {},
  ...over,
});

describe("counts", () => {
  it("starts with nothing counted and nothing chosen", () => {
    const model = createEngagementModel();
    expect(model.of(withPoll)).toMatchObject({
      tally: null,
      reactions: noReactions(),
      myVote: null,
      myReactions: [],
      voting: false,
    });
  });

  it("takes the socket's counts and says which entries moved", () => {
    const model = createEngagementModel();
    const moved = model.received(
      tallies({
        polls: { e1: tally([2, 1, 0]) },
        reactions: { e2: { ...noReactions(), love: 3 } },
      }),
    );
    expect(moved.sort()).toEqual(["e1", "e2"]);
    expect(model.of(withPoll).tally).toEqual(tally([2, 1, 0]));
    expect(model.of(plain).reactions.love).toBe(3);
    // The same counts again move nothing.
    expect(model.received(tallies({ polls: { e1: tally([2, 1, 0]) } }))).toEqual([]);
  });

  it("never lets an older count of the same poll (a smaller total) replace a newer one", () => {
    const model = createEngagementModel();
    model.voted("e1", "pollAAAA1111", { tally: tally([5, 2, 1]), option: 0 });
    expect(model.received(tallies({ polls: { e1: tally([4, 2, 1]) } }))).toEqual([]);
    expect(model.of(withPoll).tally?.total).toBe(8);
    // A replaced poll starts again from its own counts.
    const replaced = { ...withPoll, poll: poll({ id: "pollBBBB2222", options: ["Yes", "No"] }) };
    model.received(tallies({ polls: { e1: tally([1, 0], "pollBBBB2222") } }));
    expect(model.of(replaced).tally).toEqual(tally([1, 0], "pollBBBB2222"));
  });

  it("shows no counts of another poll than the entry's own", () => {
    const model = createEngagementModel();
    model.received(tallies({ polls: { e1: tally([1, 1], "pollOLD00000") } }));
    expect(model.of(withPoll).tally).toBeNull();
    expect(
      engagementIn(tallies({ polls: { e1: tally([1, 1], "pollOLD00000") } }), withPoll).tally,
    ).toBeNull();
  });

  it("lets a full load replace what it knows, but keeps what the socket said while it loaded", () => {
    const model = createEngagementModel();
    model.received(
      tallies({
        polls: { e1: tally([1, 0, 0]) },
        reactions: { e2: { ...noReactions(), like: 1 }, e3: { ...noReactions(), sad: 2 } },
      }),
    );
    const finish = model.beginLoad();
    // While the load is on its way, the socket speaks of e2: its word is kept.
    model.received(tallies({ reactions: { e2: { ...noReactions(), like: 0 } } }));
    const moved = finish(
      tallies({
        polls: { e1: tally([3, 1, 0]) },
        reactions: { e2: { ...noReactions(), like: 1 } },
      }),
    );
    expect(moved.sort()).toEqual(["e1", "e3"]);
    expect(model.of(withPoll).tally?.total).toBe(4);
    expect(model.of(plain).reactions.like).toBe(0);
    // Not in the load: counted no more (deleted, or forgotten with its poll).
    expect(model.of(entryAt("e3", 3)).reactions.sad).toBe(0);
  });

  it("drops a load overtaken by a later one, and a failed one changes nothing", () => {
    const model = createEngagementModel();
    const first = model.beginLoad();
    const second = model.beginLoad();
    expect(second(null)).toEqual([]);
    expect(first(tallies({ polls: { e1: tally([9, 9, 9]) } }))).toEqual([]);
    expect(model.of(withPoll).tally).toBeNull();
  });
});

describe("this device's votes", () => {
  it("waits while a vote is on its way, then shows its option with the counts it brought back", () => {
    const model = createEngagementModel();
    model.voteSent("e1");
    expect(model.of(withPoll).voting).toBe(true);
    model.voted("e1", "pollAAAA1111", { tally: tally([1, 0, 0]), option: 0 });
    expect(model.of(withPoll)).toMatchObject({
      voting: false,
      myVote: 0,
      tally: tally([1, 0, 0]),
      pollNotice: "poll.thanks",
    });
    // A new poll on the entry is one this device has not voted in.
    expect(model.of({ ...withPoll, poll: poll({ id: "pollNEW00000" }) }).myVote).toBeNull();
  });

  it("takes the option named by already_voted as this device's, and says so", () => {
    const model = createEngagementModel();
    model.voteSent("e1");
    model.voteRefused("e1", "pollAAAA1111", { kind: "alreadyVoted", option: 2 });
    expect(model.of(withPoll)).toMatchObject({ myVote: 2, pollNotice: "poll.alreadyVoted" });
  });

  it("marks a poll refused as closed as closed, for that poll only", () => {
    const model = createEngagementModel();
    model.voteRefused("e1", "pollAAAA1111", { kind: "closed" });
    expect(model.of(withPoll)).toMatchObject({
      refusedClosed: true,
      myVote: null,
      pollNotice: "poll.closedRefused",
    });
    expect(model.of({ ...withPoll, poll: poll({ id: "pollNEW00000" }) }).refusedClosed).toBe(false);
  });

  it("leaves the options to try again after a refusal for too many votes, and says why", () => {
    const model = createEngagementModel();
    model.voteSent("e1");
    model.voteRefused("e1", "pollAAAA1111", { kind: "rateLimited" });
    expect(model.of(withPoll)).toMatchObject({
      voting: false,
      myVote: null,
      refusedClosed: false,
      pollNotice: "poll.rateLimited",
    });
    model.voteSent("e1");
    expect(model.of(withPoll).pollNotice).toBeNull();
  });
});

describe("this device's reactions", () => {
  it("shows a reaction as chosen while it is on its way, then as the server answered", () => {
    const model = createEngagementModel();
    model.reactionSent("e2", "love", true);
    expect(model.of(plain)).toMatchObject({ myReactions: ["love"], reacting: ["love"] });
    expect(model.isReacting("e2", "love")).toBe(true);
    model.reacted("e2", "love", { reactions: { ...noReactions(), love: 4 }, mine: ["love"] });
    expect(model.of(plain)).toMatchObject({ myReactions: ["love"], reacting: [] });
    expect(model.of(plain).reactions.love).toBe(4);
    // Taking it back.
    model.reactionSent("e2", "love", false);
    expect(model.of(plain).myReactions).toEqual([]);
    model.reacted("e2", "love", { reactions: { ...noReactions(), love: 3 }, mine: [] });
    expect(model.of(plain).myReactions).toEqual([]);
    expect(model.remembered.reactions.has("e2")).toBe(false);
  });

  it("puts a reaction that failed back as it was, and says why", () => {
    const model = createEngagementModel();
    model.reactionSent("e2", "clap", true);
    model.reactionFailed("e2", "clap", "reactions.rateLimited");
    expect(model.of(plain)).toMatchObject({
      myReactions: [],
      reacting: [],
      reactionsNotice: "reactions.rateLimited",
    });
  });
});

describe("what the device remembers", () => {
  it("keeps votes and reactions across a reload, newest last", () => {
    const model = createEngagementModel();
    model.voted("e1", "pollAAAA1111", { tally: tally([0, 1, 0]), option: 1 });
    model.reacted("e2", "wow", { reactions: noReactions(), mine: ["wow", "clap"] });
    const again = createEngagementModel(parseRemembered(serializeRemembered(model.remembered)));
    expect(again.of(withPoll).myVote).toBe(1);
    expect(again.of(plain).myReactions).toEqual(["wow", "clap"]);
  });

  it("forgets the oldest beyond its cap", () => {
    const remembered = emptyRemembered();
    for (let i = 0; i < REMEMBERED_MAX + 10; i++) remembered.votes.set(`poll${i}`, 0);
    const read = parseRemembered(serializeRemembered(remembered));
    expect(read.votes.size).toBe(REMEMBERED_MAX);
    expect(read.votes.has("poll0")).toBe(false);
    expect(read.votes.has(`poll${REMEMBERED_MAX + 9}`)).toBe(true);
  });

  it("reads anything unreadable as nothing", () => {
    for (const stored of [null, "", "{", "[]", '{"v":[["p",1.5],[2,1]],"r":[["e",["nope"]]]}']) {
      const read = parseRemembered(stored);
      expect(read.votes.size + read.reactions.size, String(stored)).toBe(0);
    }
  });
});

it("finds the soonest poll that closes by itself", () => {
  const now = Date.parse("2026-03-29T10:00:00Z");
  const closing = (closesAt: string | null, closedAt: string | null = null) =>
    entryAt("x", 1, { poll: poll({ closesAt, closedAt }) });
  expect(
    nextPollClosing(
      [
        closing("2026-03-29T11:00:00.000Z"),
        closing("2026-03-29T10:30:00.000Z"),
        closing("2026-03-29T09:00:00.000Z"),
        closing("2026-03-29T10:10:00.000Z", "2026-03-29T09:59:00.000Z"),
        closing(null),
        plain,
      ],
      now,
    ),
  ).toBe(Date.parse("2026-03-29T10:30:00Z"));
  expect(nextPollClosing([plain], now)).toBeNull();
});
