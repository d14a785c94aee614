/**
 * Vote storm (issue 16): R readers on 2 instances follow one blog; an editor posts an entry with
 * a poll; every reader votes once, the votes spread evenly over a window (10 s), each from an
 * address and a device of its own, through the instance its socket is not on. Measures the votes
 * accepted per second and every refusal, whether the counts are exact (the accepted votes, the
 * tallies the API answers and what Redis holds agree), whether every reader's last
 * `blog:tallies` holds the final counts and how long after the last vote it came, how many
 * tallies each reader got per second, the servers' tally broadcasts, and what a vote cost Redis
 * and the servers (vote-cost.ts).
 */
import { Redis } from "ioredis";
import { blogKeys } from "../../server/store/redis/keys.js";
import type { PollTally, Tallies } from "../../shared/engagement.js";
import { nowMs, waitFor } from "../clock.js";
import type { Fleet } from "../load/fleet.js";
import type { TallyReport, VoteReport } from "../load/protocol.js";
import { sameCounts } from "../load/votes.js";
import { postPoll, type PostedPoll } from "../load/poster.js";
import type { BenchOptions } from "../options.js";
import { step, update } from "../progress.js";
import { percentiles, round, type Percentiles } from "../stats.js";
import { BLOG_ID, openReaderRun, type ReaderRun } from "./setup.js";
import { openCostWindow, type VoteBroadcasts, type VoteCost } from "./vote-cost.js";

export const POLL = {
  question: "Should the old stadium be rebuilt on its site?",
  options: ["Yes", "No", "Not yet", "I don't mind"],
};

/**
 * After the last vote was answered, how long readers have to receive the final counts before
 * the run says who did not: a tally goes out within a tick (1 s); the rest is room for a
 * saturated machine.
 */
const SETTLE_MS = 15_000;

/** Before the votes, the servers' CPU is measured this long with the readers and no votes. */
const IDLE_MS = 3_000;

export interface VotesRun {
  readers: number;
  connected: number;
  failedConnections: number;
  /** Readers that had the poll's entry before the votes began (null: not counted). */
  sawPoll: number | null;
  windowSeconds: number;
  votes: {
    planned: number;
    sent: number;
    answered: number;
    accepted: number;
    /** Answers by status, and the classes the issue names. */
    byStatus: Record<string, number>;
    status4xx: number;
    status429: number;
    status5xx: number;
    /** No answer at all (reset, timeout). */
    errors: number;
    /** What the first refusal of each status said. */
    firstAnswer: Record<string, string>;
    /** Accepted votes per second, from the first vote sent to the last accepted one answered. */
    acceptedPerSec: number;
    /** Sent to answered, per vote. */
    latency: Percentiles;
  };
  counts: {
    /**
     * Per option: the votes answered 200 (and those that got no answer, which the servers may
     * have counted), the API's tallies, what Redis holds.
     */
    accepted: number[];
    unanswered: number[];
    api: number[];
    /** The other instance's answer to the same GET, to show both see the same. */
    apiOther: number[];
    /** The counts the vote script keeps (null: none stored). */
    redis: number[] | null;
    /** Counted apart: the voters' records (one per device, with its option) the script keeps. */
    redisVoters: number[];
    total: number;
    /**
     * Both instances' API, the tally and the voters in Redis agree, and each option's count is
     * its accepted votes plus at most its unanswered ones (exactly them when all were answered).
     */
    exact: boolean;
  };
  tallies: {
    readers: number;
    /** Readers whose last `blog:tallies` held the final counts. */
    final: number;
    /** From the last accepted vote's answer until each such reader had the final counts. */
    finalAfter: Percentiles;
    received: number;
    /** Tallies a reader got twice in a row with the same counts (nothing new to show). */
    repeated: number;
    /** Tallies per second at a reader, from its first to its last: the mean and the highest. */
    perSecondMean: number;
    perSecondMax: number;
    /** The most one reader got within any 1,000 ms, and the shortest gap between two. */
    maxInOneSecond: number;
    minGapMs: number | null;
  };
  broadcasts: VoteBroadcasts;
  cost: VoteCost;
}

async function talliesOf(url: string, entryId: string): Promise<PollTally> {
  const res = await fetch(`${url}/api/blogs/${BLOG_ID}/tallies`);
  const text = await res.text();
  if (!res.ok) throw new Error(`GET tallies: ${res.status} ${text.slice(0, 300)}`);
  const poll = (JSON.parse(text) as Tallies).polls[entryId];
  if (!poll) throw new Error(`GET tallies has no counts for the poll: ${text.slice(0, 300)}`);
  return poll;
}

/** The poll's counts and its voters' records, read from liveblog's Redis (keys.ts). */
async function pollInRedis(url: string, entryId: string, options: number) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const keys = blogKeys(BLOG_ID);
    const [tally, chosen] = await Promise.all([
      redis.hget(keys.pollTallies, entryId),
      redis.hvals(keys.voters(entryId)),
    ]);
    const voters = Array.from({ length: options }, () => 0);
    for (const option of chosen) voters[Number(option)]! += 1;
    return { redis: tally ? (JSON.parse(tally) as PollTally).counts : null, redisVoters: voters };
  } finally {
    redis.disconnect();
  }
}

const finite = (values: Float64Array) => Array.from(values).filter(Number.isFinite);
const mean = (values: number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;

function voteFigures(report: VoteReport, windowMs: number): VotesRun["votes"] {
  const count = (test: (status: number) => boolean) =>
    Object.entries(report.byStatus).reduce((n, [s, k]) => (test(Number(s)) ? n + k : n), 0);
  const accepted = report.byStatus["200"] ?? 0;
  const spanMs = report.lastAcceptedAtMs - report.firstSentAtMs;
  return {
    planned: report.planned,
    sent: report.sent,
    answered: report.answered,
    accepted,
    byStatus: report.byStatus,
    status4xx: count((s) => s >= 400 && s < 500),
    status429: count((s) => s === 429),
    status5xx: count((s) => s >= 500),
    errors: report.byStatus.error ?? 0,
    firstAnswer: report.firstAnswer,
    acceptedPerSec: round(accepted / (Math.max(spanMs, windowMs / 10) / 1000), 0),
    latency: percentiles(report.latencies),
  };
}

function tallyFigures(report: TallyReport): VotesRun["tallies"] {
  return {
    readers: report.readers,
    final: report.final,
    finalAfter: percentiles(report.finalAfterMs),
    received: report.received,
    repeated: report.repeated,
    perSecondMean: round(mean(finite(report.perSecond)), 2),
    perSecondMax: round(Math.max(0, ...finite(report.perSecond)), 2),
    maxInOneSecond: report.maxInOneSecond,
    minGapMs: Number.isFinite(report.minGapMs) ? round(report.minGapMs, 0) : null,
  };
}

/** Until every vote was answered (or long past the window), showing progress meanwhile. */
async function allAnswered(fleet: Fleet, label: string, windowMs: number): Promise<VoteReport> {
  let report = await fleet.votes();
  await waitFor(
    async () => {
      report = await fleet.votes();
      update(
        label,
        `voting: ${report.answered}/${report.planned} answered, ${report.byStatus["200"] ?? 0} accepted`,
      );
      return report.answered >= report.planned;
    },
    windowMs + 120_000,
    250,
  );
  return report;
}

/**
 * The poll's final counts and what readers saw of them: until every reader's last tally holds
 * the counts the API answers now, or SETTLE_MS passed. The counts are read again each time, so
 * votes an overloaded server still counts after their voters stopped waiting (no answer within
 * 30 s) make the final counts they are part of.
 */
async function allFinal(
  fleet: Fleet,
  label: string,
  url: string,
  entryId: string,
  lastVoteAtMs: number,
) {
  let final = await talliesOf(url, entryId);
  let tallies = await fleet.tallies(final.counts, lastVoteAtMs);
  await waitFor(
    async () => {
      final = await talliesOf(url, entryId);
      tallies = await fleet.tallies(final.counts, lastVoteAtMs);
      update(label, `${tallies.final}/${tallies.readers} readers have the final counts`);
      return tallies.final >= tallies.readers;
    },
    SETTLE_MS,
    200,
  );
  return { final, tallies };
}

/**
 * The storm on an open run whose readers have `poll`: every reader votes, then the run waits
 * until every reader has the final counts (or SETTLE_MS), and measures.
 */
async function voteStorm(
  run: ReaderRun,
  poll: PostedPoll,
  options: BenchOptions & { idleMs: number; sawPoll: number | null },
  label: string,
): Promise<VotesRun> {
  const { topology, urls, fleet, connected } = run;
  const windowMs = options.voteSeconds * 1000;
  const window = await openCostWindow(run, options, options.idleMs, `votes-${run.readers}`);
  await fleet.vote({
    blogId: BLOG_ID,
    entryId: poll.entryId,
    pollId: poll.pollId,
    options: poll.options.length,
    readers: run.readers,
    startAtMs: nowMs() + 200,
    windowMs,
    origin: topology.publicOrigin!,
  });
  const report = await allAnswered(fleet, label, windowMs);
  const { final, tallies } = await allFinal(
    fleet,
    label,
    urls[0]!,
    poll.entryId,
    report.lastAcceptedAtMs,
  );
  const votes = voteFigures(report, windowMs);
  // Per vote the servers counted: those whose voter got no answer cost them the same.
  const { broadcasts, cost } = await window.close(final.total);

  const [redisNode] = await topology.redisNodes!([BLOG_ID]);
  const counts = {
    accepted: report.accepted,
    unanswered: report.unanswered,
    api: final.counts,
    apiOther: (await talliesOf(urls[1]!, poll.entryId)).counts,
    ...(await pollInRedis(redisNode!.url, poll.entryId, poll.options.length)),
    total: final.total,
  };
  // A vote that got no answer may have been counted or not; every other one is known.
  const exact =
    [counts.apiOther, counts.redis, counts.redisVoters].every((c) => sameCounts(c, counts.api)) &&
    counts.api.every(
      (n, k) => n >= counts.accepted[k]! && n <= counts.accepted[k]! + report.unanswered[k]!,
    ) &&
    final.total === counts.api.reduce((a, b) => a + b, 0);
  step(
    label,
    `${votes.accepted}/${votes.planned} votes accepted (${votes.acceptedPerSec}/s), counts ${exact ? "exact" : "NOT exact"}, ${tallies.final}/${tallies.readers} readers have the final counts`,
  );
  return {
    readers: run.readers,
    connected: connected.connected,
    failedConnections: connected.failed,
    sawPoll: options.sawPoll,
    windowSeconds: options.voteSeconds,
    votes,
    counts: { ...counts, exact },
    tallies: tallyFigures(tallies),
    broadcasts,
    cost,
  };
}

/** The scenario: a run of its own, with `--vote-readers` readers. */
export async function runVotes(options: BenchOptions, label: string): Promise<VotesRun> {
  // One entry: the poll's. Readers count its arrival like any entry.
  const run = await openReaderRun("liveblog", options.voteReaders, 1, {
    ...options,
    reconnect: false,
    label,
  });
  try {
    const poll = await postPoll(run.target, run.urls[0]!, BLOG_ID, 1, POLL);
    // Readers vote on what they see: first every reader has the poll.
    const all = run.connected.connected;
    await waitFor(async () => (await run.fleet.status()).delivered >= all, 30_000);
    const sawPoll = (await run.fleet.status()).delivered;
    return await voteStorm(run, poll, { ...options, idleMs: IDLE_MS, sawPoll }, label);
  } finally {
    await run.close();
  }
}

/**
 * The smoke run's storm (--quick): on the fan-out's liveblog readers once its entries are out,
 * which costs the smoke run the window and a second or two instead of a run of its own (fresh
 * servers and readers: 10 s and more). Its readers do not count the poll's entry (it is past the
 * fan-out's) and the servers' idle CPU is not measured.
 */
export async function voteStormAfterFanout(
  run: ReaderRun,
  options: BenchOptions,
  label: string,
): Promise<VotesRun> {
  step(label, `posting a poll to the fan-out's ${run.readers} readers`);
  const poll = await postPoll(run.target, run.urls[0]!, BLOG_ID, options.entries + 1, POLL);
  return voteStorm(run, poll, { ...options, idleMs: 0, sawPoll: null }, label);
}
