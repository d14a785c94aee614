/**
 * Vote storm (issue 16): R readers on 2 instances follow one blog; an editor posts an entry with
 * a poll; every reader votes once, the votes spread evenly over a window (10 s), each from an
 * address and a device of its own, through the instance its socket is not on. Measures the votes
 * accepted per second and every refusal, whether the counts are exact (the accepted votes, the
 * tallies the API answers and what Redis holds agree), whether every reader's last
 * `blog:tallies` holds the final counts and how long after the last vote it came, how many
 * tallies each reader got per second, the servers' tally broadcasts, and what a vote cost Redis
 * and the servers.
 */
import { Redis } from "ioredis";
import { blogKeys } from "../../server/store/redis/keys.js";
import type { PollTally, Tallies } from "../../shared/engagement.js";
import { nowMs, waitFor } from "../clock.js";
import type { Fleet } from "../load/fleet.js";
import type { TallyReport, VoteReport } from "../load/protocol.js";
import { postPoll } from "../load/poster.js";
import { machineBusyMs } from "../machine.js";
import { readCounter } from "../metrics.js";
import type { BenchOptions } from "../options.js";
import { step, update } from "../progress.js";
import { commandDeltas, watchRedis, type CommandCounters } from "../redis-stats.js";
import { percentiles, round, type Percentiles } from "../stats.js";
import type { Topology } from "../topology.js";
import { BLOG_ID, openReaderRun, settledMarks, type ReaderRun } from "./setup.js";

export const POLL = {
  question: "Should the old stadium be rebuilt on its site?",
  options: ["Yes", "No", "Not yet", "I don't mind"],
};

/** The server's counter of `blog:tallies` sends (one per blog per tick that had changes). */
export const BROADCAST_METRIC = "liveblog_tally_broadcasts_total";

/** Redis commands that run a script: the vote's and the rate limiter's. */
const SCRIPT_COMMANDS = ["evalsha", "evalsha_ro", "eval", "eval_ro", "fcall", "fcall_ro"];

/**
 * After the last vote was answered, how long readers have to receive the final counts before
 * the run says who did not: a tally goes out within a tick (1 s); the rest is room for a
 * saturated machine.
 */
const SETTLE_MS = 15_000;

/** What one Redis command cost per accepted vote over the window. */
export interface CommandPerVote extends CommandCounters {
  callsPerVote: number;
  usecPerCall: number;
  usecPerVote: number;
}

export interface VotesRun {
  readers: number;
  connected: number;
  failedConnections: number;
  /** Readers that had the poll's entry before the votes began. */
  sawPoll: number;
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
    /** Per option: the votes answered 200, the API's tallies, what Redis holds. */
    accepted: number[];
    api: number[];
    /** The other instance's answer to the same GET, to show both see the same. */
    apiOther: number[];
    /** The counts the vote script keeps (null: none stored). */
    redis: number[] | null;
    /** Counted apart: the voters' records (one per device, with its option) the script keeps. */
    redisVoters: number[];
    total: number;
    exact: boolean;
  };
  tallies: {
    readers: number;
    /** Readers whose last `blog:tallies` held the final counts. */
    final: number;
    /** From the last accepted vote's answer until each such reader had the final counts. */
    finalAfter: Percentiles;
    received: number;
    /** Tallies per reader per second, from the first vote to the reader's last tally. */
    perSecondMean: number;
    perSecondMax: number;
    /** The most one reader got within any 1,000 ms, and the shortest gap between two. */
    maxInOneSecond: number;
    minGapMs: number | null;
  };
  broadcasts: {
    /** Increase of liveblog_tally_broadcasts_total over the window, all instances. */
    metric: number | null;
    /** The same per instance per second of the window. */
    perInstancePerSec: number | null;
  };
  cost: {
    /** The measuring window: from before the first vote until every reader had the final counts. */
    seconds: number;
    /** The servers' CPU (both instances) per accepted vote, and in % of one core. */
    serverCpuUsPerVote: number;
    serverCpuPct: number;
    loopDelayMaxMs: number;
    /** Microseconds Redis spent executing scripts (the vote's, the rate limiter's), per vote. */
    redisScriptsUsPerVote: number;
    redisScriptCallsPerVote: number;
    redisScriptUsPerCall: number;
    /** Redis' own CPU over the window (commands, network, everything) per vote. */
    redisCpuUsPerVote: number;
    /** Every command Redis ran in the window, per vote (a script's commands are also in it). */
    redisCommands: Record<string, CommandPerVote>;
    generatorCpuPct: number;
    /** CPU used meanwhile by everything but the servers and generators (Redis, others' work). */
    otherCpuPct: number;
  };
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

async function broadcastsSoFar(topology: Topology): Promise<number | null> {
  const values = await Promise.all(
    topology.servers.map((s) =>
      s.metricsUrl ? readCounter(s.metricsUrl, BROADCAST_METRIC) : null,
    ),
  );
  return values.some((v) => v === null) ? null : values.reduce((a, b) => a! + b!, 0);
}

const sameCounts = (a: number[] | null, b: number[]) =>
  a !== null && a.length === b.length && a.every((n, i) => n === b[i]);

const mean = (values: Float64Array) =>
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
    perSecondMean: round(mean(report.perSecond), 2),
    perSecondMax: round(Math.max(0, ...report.perSecond), 2),
    maxInOneSecond: report.maxInOneSecond,
    minGapMs: Number.isFinite(report.minGapMs) ? round(report.minGapMs, 0) : null,
  };
}

/**
 * Starts the measuring window: the servers' CPU (probe marks), Redis' commandstats and CPU, the
 * broadcast metric, the machine's and the generators' CPU. `close` reads them all again and
 * gives what the window cost per accepted vote.
 */
async function openCostWindow(run: ReaderRun) {
  const { topology, fleet } = run;
  const [nodes] = await Promise.all([
    topology.redisNodes!([BLOG_ID]),
    settledMarks(topology.servers),
  ]);
  const redis = await watchRedis(nodes);
  const [redisBefore, broadcastsBefore] = await Promise.all([
    redis.read(),
    broadcastsSoFar(topology),
  ]);
  const [machineBefore, fleetBefore] = [machineBusyMs(), (await fleet.status()).cpuMs];
  return {
    async close(accepted: number): Promise<Pick<VotesRun, "broadcasts" | "cost">> {
      const busy = await Promise.all(topology.servers.map((s) => s.sample()));
      const [redisAfter, broadcastsAfter] = await Promise.all([
        redis.read(),
        broadcastsSoFar(topology),
      ]).finally(() => redis.close());
      const machineMs = machineBusyMs() - machineBefore;
      const fleetMs = (await fleet.status()).cpuMs - fleetBefore;

      const perVote = Math.max(1, accepted);
      const seconds = Math.max(...busy.map((s) => s.elapsedMs)) / 1000;
      const serversMs = busy.reduce((ms, s) => ms + s.cpuMs, 0);
      const commands = commandDeltas(redisBefore[0]!, redisAfter[0]!);
      const scripts = SCRIPT_COMMANDS.map((name) => commands[name] ?? { calls: 0, usec: 0 }).reduce(
        (a, b) => ({ calls: a.calls + b.calls, usec: a.usec + b.usec }),
      );
      const redisCpuUs = (redisAfter[0]!.cpuSeconds - redisBefore[0]!.cpuSeconds) * 1e6;
      const broadcasts =
        broadcastsBefore === null || broadcastsAfter === null
          ? null
          : broadcastsAfter - broadcastsBefore;
      const pctOfCore = (ms: number) => round(Math.max(0, ms) / (seconds * 10), 0);
      return {
        broadcasts: {
          metric: broadcasts,
          perInstancePerSec:
            broadcasts === null ? null : round(broadcasts / topology.servers.length / seconds, 2),
        },
        cost: {
          seconds: round(seconds, 1),
          serverCpuUsPerVote: round((1000 * serversMs) / perVote, 0),
          serverCpuPct: pctOfCore(serversMs),
          loopDelayMaxMs: round(Math.max(...busy.map((s) => s.loopDelayMaxMs)), 0),
          redisScriptsUsPerVote: round(scripts.usec / perVote, 1),
          redisScriptCallsPerVote: round(scripts.calls / perVote, 2),
          redisScriptUsPerCall: round(scripts.usec / Math.max(1, scripts.calls), 1),
          redisCpuUsPerVote: round(redisCpuUs / perVote, 1),
          redisCommands: Object.fromEntries(
            Object.entries(commands)
              .sort((a, b) => b[1].usec - a[1].usec)
              .map(([name, c]) => [
                name,
                {
                  ...c,
                  callsPerVote: round(c.calls / perVote, 3),
                  usecPerCall: round(c.usec / c.calls, 2),
                  usecPerVote: round(c.usec / perVote, 2),
                },
              ]),
          ),
          generatorCpuPct: pctOfCore(fleetMs),
          otherCpuPct: pctOfCore(machineMs - serversMs - fleetMs),
        },
      };
    },
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

/** Until every reader's last tally holds `final`, or SETTLE_MS passed. */
async function allFinal(fleet: Fleet, label: string, final: number[], lastVoteAtMs: number) {
  let tallies = await fleet.tallies(final, lastVoteAtMs);
  await waitFor(
    async () => {
      tallies = await fleet.tallies(final, lastVoteAtMs);
      update(label, `${tallies.final}/${tallies.readers} readers have the final counts`);
      return tallies.final >= tallies.readers;
    },
    SETTLE_MS,
    200,
  );
  return tallies;
}

export async function runVotes(options: BenchOptions, label: string): Promise<VotesRun> {
  const readers = options.voteReaders;
  const windowMs = options.voteSeconds * 1000;
  // One entry: the poll's. Readers count its arrival like any entry.
  const run = await openReaderRun("liveblog", readers, 1, { ...options, reconnect: false, label });
  const { topology, urls, fleet, connected } = run;
  try {
    const poll = await postPoll(run.target, urls[0]!, BLOG_ID, 1, POLL);
    // Readers vote on what they see: first every reader has the poll.
    await waitFor(async () => (await fleet.status()).delivered >= connected.connected, 30_000);
    const sawPoll = (await fleet.status()).delivered;

    const window = await openCostWindow(run);
    await fleet.vote({
      blogId: BLOG_ID,
      entryId: poll.entryId,
      pollId: poll.pollId,
      options: poll.options.length,
      readers,
      startAtMs: nowMs() + 200,
      windowMs,
      origin: topology.publicOrigin!,
    });
    const report = await allAnswered(fleet, label, windowMs);
    const final = await talliesOf(urls[0]!, poll.entryId);
    const tallies = await allFinal(fleet, label, final.counts, report.lastAcceptedAtMs);
    const votes = voteFigures(report, windowMs);
    const { broadcasts, cost } = await window.close(votes.accepted);

    const [redisNode] = await topology.redisNodes!([BLOG_ID]);
    const counts = {
      accepted: report.accepted,
      api: final.counts,
      apiOther: (await talliesOf(urls[1]!, poll.entryId)).counts,
      ...(await pollInRedis(redisNode!.url, poll.entryId, poll.options.length)),
      total: final.total,
    };
    const exact =
      [counts.api, counts.apiOther, counts.redis, counts.redisVoters].every((c) =>
        sameCounts(c, counts.accepted),
      ) && final.total === votes.accepted;
    step(
      label,
      `${votes.accepted}/${votes.planned} votes accepted (${votes.acceptedPerSec}/s), counts ${exact ? "exact" : "NOT exact"}, ${tallies.final}/${tallies.readers} readers have the final counts`,
    );
    return {
      readers,
      connected: connected.connected,
      failedConnections: connected.failed,
      sawPoll,
      windowSeconds: options.voteSeconds,
      votes,
      counts: { ...counts, exact },
      tallies: tallyFigures(tallies),
      broadcasts,
      cost,
    };
  } finally {
    await run.close();
  }
}
