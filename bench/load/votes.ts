/**
 * The vote storm inside a load generator: each of its readers votes once, at its moment of the
 * window, as a browser on the reader page would (a JSON POST with the site's Origin) and as nginx
 * forwards it to an instance: on a connection of its own, with the reader's address in
 * X-Forwarded-For, which the servers believe (TRUST_PROXY). Every reader has an address and a
 * device of its own; the device goes in the body as the embed frame sends it (no cookie to keep
 * per reader). It also keeps what each reader received of the poll's counts (`blog:tallies`), to
 * judge at the end whether each one sees the final result.
 */
import { randomBytes } from "node:crypto";
import { Agent, request } from "node:http";
import type { Tallies } from "../../shared/engagement.js";
import { nowMs } from "../clock.js";
import type { TallyReport, VotePlan, VoteReport } from "./protocol.js";

const GOLDEN = (Math.sqrt(5) - 1) / 2;
const frac = (x: number) => x - Math.floor(x);
export const sameCounts = (a: readonly number[] | null, b: readonly number[]) =>
  a !== null && a.length === b.length && a.every((n, i) => n === b[i]);

/** The smaller or the greater of two numbers, NaN standing for "none yet". */
const lesser = (a: number, b: number) =>
  Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b);
const greater = (a: number, b: number) =>
  Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b);

/**
 * When reader `g` (its index in the whole run) votes, as a fraction of the window. Consecutive
 * multiples of the golden ratio spread any run of readers evenly, so each generator and each
 * instance gets its share of the votes all through the window, not in one block.
 */
export const voteMoment = (g: number) => frac((g + 1) * GOLDEN);

/**
 * The option reader `g` picks: option k of n with weight n - k (4 options: 40 %, 30 %, 20 %,
 * 10 %), so that the counts differ and a vote counted for the wrong option shows.
 */
export function optionOf(g: number, options: number): number {
  const total = (options * (options + 1)) / 2;
  let pick = frac((g + 1) * Math.SQRT2) * total;
  for (let k = 0; k < options; k++) {
    pick -= options - k;
    if (pick < 0) return k;
  }
  return options - 1;
}

/** Reader `g`'s address, 10.0.0.1 onwards: one per reader, so no two share a rate limit. */
export function addressOf(g: number): string {
  const n = g + 1;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/**
 * One reader's `blog:tallies` arrival times: how many per second from the first to the last (NaN
 * with fewer than two), the most within any 1,000 ms, and the shortest gap between two.
 */
export function tallyRates(times: readonly number[]) {
  let most = 0;
  let minGapMs = Number.NaN;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= 1_000) i++;
    most = Math.max(most, j - i + 1);
    if (j > 0) minGapMs = lesser(minGapMs, times[j]! - times[j - 1]!);
  }
  const spanMs = times.length > 1 ? times.at(-1)! - times[0]! : 0;
  const perSecond = spanMs > 0 ? (1000 * (times.length - 1)) / spanMs : Number.NaN;
  return { perSecond, most, minGapMs };
}

/** A vote without an answer after this long counts as unanswered (the socket is closed). */
const ANSWER_TIMEOUT_MS = 30_000;

interface TallyLog {
  times: number[];
  counts: number[] | null;
  atMs: number;
  /** Tallies that held the same counts as the one before: sent though nothing had changed. */
  repeated: number;
}

interface Answer {
  status: number | "error";
  body: string;
}

/** Reader `index`'s instance URL, and whether it is still connected (both from generator.ts). */
export interface VoterReaders {
  first: number;
  count: number;
  urlOf(index: number): string;
  connected(index: number): boolean;
}

/** The votes and tallies of one generator's readers. */
export function createVoting(readers: VoterReaders) {
  // One connection per vote, closed after it, as nginx sends every request but a WebSocket to an
  // instance (deploy/nginx.conf: no upstream keep-alive): what an instance behind it accepts.
  const agent = new Agent({ keepAlive: false });
  const logs: TallyLog[] = Array.from({ length: readers.count }, () => ({
    times: [],
    counts: null,
    atMs: Number.NaN,
    repeated: 0,
  }));
  const timers: NodeJS.Timeout[] = [];
  let plan: VotePlan | undefined;
  let report: VoteReport | undefined;

  const post = (url: string, path: string, headers: Record<string, string>, body: string) =>
    new Promise<Answer>((resolve) => {
      const req = request(
        `${url}${path}`,
        {
          method: "POST",
          agent,
          headers: {
            ...headers,
            Connection: "close",
            "Content-Length": String(Buffer.byteLength(body)),
          },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
          res.on("error", (err) => resolve({ status: "error", body: String(err) }));
        },
      );
      req.setTimeout(ANSWER_TIMEOUT_MS, () =>
        req.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)),
      );
      req.on("error", (err) => resolve({ status: "error", body: String(err) }));
      req.end(body);
    });

  async function vote(index: number, votes: VotePlan, into: VoteReport) {
    const g = readers.first + index;
    const option = optionOf(g, votes.options);
    const path = `/api/blogs/${votes.blogId}/entries/${votes.entryId}/poll/votes`;
    const body = JSON.stringify({
      pollId: votes.pollId,
      option,
      device: randomBytes(16).toString("base64url"),
    });
    const sentAt = nowMs();
    into.sent += 1;
    into.firstSentAtMs = Math.min(into.firstSentAtMs, sentAt);
    const answer = await post(
      readers.urlOf(index),
      path,
      {
        "Content-Type": "application/json",
        Origin: votes.origin,
        "X-Forwarded-For": addressOf(g),
      },
      body,
    );
    const answeredAt = nowMs();
    into.answered += 1;
    const status = String(answer.status);
    into.byStatus[status] = (into.byStatus[status] ?? 0) + 1;
    if (answer.status !== 200) into.firstAnswer[status] ??= answer.body.slice(0, 300);
    if (answer.status === "error") {
      into.unanswered[option]! += 1;
      return;
    }
    into.latencies[index] = answeredAt - sentAt;
    if (answer.status === 200) {
      into.accepted[option]! += 1;
      into.lastAcceptedAtMs = greater(into.lastAcceptedAtMs, answeredAt);
    }
  }

  return {
    /** A `blog:tallies` reached reader `index`: kept when it carries the storm's poll. */
    received(index: number, tallies: Tallies) {
      const poll = plan && tallies.polls[plan.entryId];
      if (!poll || poll.pollId !== plan!.pollId) return;
      const log = logs[index]!;
      log.atMs = nowMs();
      log.times.push(log.atMs);
      if (sameCounts(log.counts, poll.counts)) log.repeated += 1;
      log.counts = poll.counts;
    },

    /** Schedules every reader's vote over the plan's window. */
    start(next: VotePlan) {
      plan = next;
      const into: VoteReport = {
        planned: 0,
        sent: 0,
        answered: 0,
        byStatus: {},
        firstAnswer: {},
        accepted: Array.from({ length: next.options }, () => 0),
        unanswered: Array.from({ length: next.options }, () => 0),
        latencies: new Float64Array(readers.count).fill(Number.NaN),
        firstSentAtMs: Number.POSITIVE_INFINITY,
        lastAcceptedAtMs: Number.NaN,
      };
      report = into;
      for (let index = 0; index < readers.count; index++) {
        if (!readers.connected(index)) continue;
        into.planned += 1;
        const at = next.startAtMs + voteMoment(readers.first + index) * next.windowMs;
        timers.push(setTimeout(() => void vote(index, next, into), Math.max(0, at - nowMs())));
      }
    },

    votes(): VoteReport {
      if (!report) throw new Error("no vote storm was started");
      return report;
    },

    tallies(final: number[], lastVoteAtMs: number): TallyReport {
      const finalAfterMs: number[] = [];
      const perSecond: number[] = [];
      let connected = 0;
      let received = 0;
      let repeated = 0;
      let maxInOneSecond = 0;
      let minGapMs = Number.NaN;
      logs.forEach((log, index) => {
        if (!readers.connected(index)) return;
        connected += 1;
        received += log.times.length;
        repeated += log.repeated;
        const rates = tallyRates(log.times);
        perSecond.push(rates.perSecond);
        maxInOneSecond = Math.max(maxInOneSecond, rates.most);
        minGapMs = lesser(minGapMs, rates.minGapMs);
        if (sameCounts(log.counts, final)) finalAfterMs.push(log.atMs - lastVoteAtMs);
      });
      return {
        readers: connected,
        final: finalAfterMs.length,
        finalAfterMs: Float64Array.from(finalAfterMs),
        received,
        repeated,
        perSecond: Float64Array.from(perSecond),
        maxInOneSecond,
        minGapMs,
      };
    },

    stop() {
      for (const timer of timers) clearTimeout(timer);
      agent.destroy();
    },
  };
}
