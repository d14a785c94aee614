/**
 * bench/results/latest.json: per scenario and server the figures of every round pooled
 * (latencies over all readers and rounds; memory and CPU as the median of the rounds), the
 * ratios liveblog/baseline and liveblog/floor, and the targets of issue 5, met or not; for the
 * cluster scenario liveblog on single Redis and on a Redis Cluster, the ratio cluster/single,
 * and each Redis node's work.
 */
import type { RedisMode, ServerKind } from "../options.js";
import type { RedisWindow } from "../redis-stats.js";
import type { FanoutRun } from "../scenarios/fanout.js";
import type { PageRun } from "../scenarios/pages.js";
import type { StormRun } from "../scenarios/storm.js";
import type { VotesRun } from "../scenarios/votes.js";
import { median, percentiles, ratio, round, type Percentiles } from "../stats.js";

export interface Figures extends Percentiles {
  readers: number;
  entries: number;
  rounds: number;
  delivered: number;
  expected: number;
  memPerReaderKB: number | null;
  heapPerReaderKB: number | null;
}

export interface FanoutFigures extends Figures {
  duplicates: number;
  failedConnections: number;
  failedPosts: number;
  connectSeconds: number | null;
  cpuPct: number | null;
  /** Absent in results written before it was measured. */
  cpuUsPerDelivery?: number | null;
  cpuMsPerEntry: number | null;
  generatorCpuPct: number | null;
  loopBusyMsPerEntry: number | null;
  loopDelayMaxMs: number | null;
  otherCpuPct: number | null;
}

export interface StormFigures extends Figures {
  missed: number;
  duplicated: number;
  displaced: number;
  reconnected: number;
  caughtUp: number;
  /** Worst round: from the kill until the last displaced reader was back / whole again. */
  reconnectMs: number | null;
  caughtUpMs: number | null;
  caughtUpP50Ms: number | null;
  survivorCpuPct: number | null;
  survivorLoopDelayMaxMs: number | null;
}

export type Ratios = Record<
  "p50" | "p95" | "p99" | "max" | "memPerReader" | "heapPerReader",
  number | null
>;

export interface Comparison<F extends Figures> {
  readers: number;
  servers: Partial<Record<ServerKind, F>>;
  ratios: { liveblogOverBaseline: Ratios; liveblogOverFloor: Ratios };
}

const pooled = (runs: { latencies: Float64Array }[]) => {
  const all = new Float64Array(runs.reduce((n, r) => n + r.latencies.length, 0));
  let offset = 0;
  for (const run of runs) {
    all.set(run.latencies, offset);
    offset += run.latencies.length;
  }
  return percentiles(all);
};
const sumOf = <T>(runs: T[], pick: (run: T) => number) => runs.reduce((n, r) => n + pick(r), 0);
const medianOf = <T>(runs: T[], pick: (run: T) => number | null) => {
  const m = median(runs.map(pick).filter((v): v is number => v !== null));
  return m === null ? null : round(m, 2);
};

/** The figures every scenario reports, pooled or summed over its rounds. */
const sharedFigures = (runs: (FanoutRun | StormRun)[]) => ({
  readers: runs[0]!.readers,
  entries: runs[0]!.entries,
  rounds: runs.length,
  delivered: sumOf(runs, (r) => r.delivered),
  expected: sumOf(runs, (r) => r.expected),
  ...pooled(runs),
  memPerReaderKB: medianOf(runs, (r) => r.memPerReaderKB),
  heapPerReaderKB: medianOf(runs, (r) => r.heapPerReaderKB),
});

export function fanoutFigures(runs: FanoutRun[]): FanoutFigures {
  return {
    ...sharedFigures(runs),
    duplicates: sumOf(runs, (r) => r.duplicates),
    failedConnections: sumOf(runs, (r) => r.failedConnections),
    failedPosts: sumOf(runs, (r) => r.failedPosts),
    connectSeconds: medianOf(runs, (r) => r.connectSeconds),
    cpuPct: medianOf(runs, (r) => r.cpuPct),
    cpuUsPerDelivery: medianOf(runs, (r) => r.cpuUsPerDelivery),
    cpuMsPerEntry: medianOf(runs, (r) => r.cpuMsPerEntry),
    generatorCpuPct: medianOf(runs, (r) => r.generatorCpuPct),
    loopBusyMsPerEntry: medianOf(runs, (r) => r.loopBusyMsPerEntry),
    loopDelayMaxMs: round(Math.max(...runs.map((r) => r.loopDelayMaxMs)), 1),
    otherCpuPct: medianOf(runs, (r) => r.otherCpuPct),
  };
}

export function stormFigures(runs: StormRun[]): StormFigures {
  const worst = (pick: (run: StormRun) => number | null) =>
    runs.some((r) => pick(r) === null) ? null : Math.max(...runs.map((r) => pick(r)!));
  return {
    ...sharedFigures(runs),
    missed: sumOf(runs, (r) => r.missed),
    duplicated: sumOf(runs, (r) => r.duplicated),
    displaced: sumOf(runs, (r) => r.displaced),
    reconnected: sumOf(runs, (r) => r.reconnected),
    caughtUp: sumOf(runs, (r) => r.caughtUp),
    reconnectMs: worst((r) => r.reconnectMs),
    caughtUpMs: worst((r) => r.caughtUpMs),
    caughtUpP50Ms: medianOf(runs, (r) => r.caughtUpP50Ms),
    survivorCpuPct: medianOf(runs, (r) => r.survivorCpuPct),
    survivorLoopDelayMaxMs: worst((r) => r.survivorLoopDelayMaxMs),
  };
}

function ratios(a: Figures | undefined, b: Figures | undefined): Ratios {
  return {
    p50: ratio(a?.p50Ms, b?.p50Ms),
    p95: ratio(a?.p95Ms, b?.p95Ms),
    p99: ratio(a?.p99Ms, b?.p99Ms),
    max: ratio(a?.maxMs, b?.maxMs),
    memPerReader: ratio(a?.memPerReaderKB, b?.memPerReaderKB),
    heapPerReader: ratio(a?.heapPerReaderKB, b?.heapPerReaderKB),
  };
}

export function compare<F extends Figures>(
  readers: number,
  servers: Partial<Record<ServerKind, F>>,
): Comparison<F> {
  return {
    readers,
    servers,
    ratios: {
      liveblogOverBaseline: ratios(servers.liveblog, servers.baseline),
      liveblogOverFloor: ratios(servers.liveblog, servers.floor),
    },
  };
}

/** The fan-out on one kind of Redis, with what each of its nodes did (median of the rounds). */
export interface ClusterFanoutFigures extends FanoutFigures {
  redis: RedisWindow[];
}

export interface ClusterComparison {
  readers: number;
  /** The blogs readers were split over, one per shard of the cluster. */
  blogIds: string[];
  servers: Partial<Record<RedisMode, ClusterFanoutFigures>>;
  ratios: {
    clusterOverSingle: Ratios & {
      cpu: number | null;
      cpuPerDelivery: number | null;
      loopBusyPerEntry: number | null;
    };
  };
}

/** Per node (by label), the median of each figure over the rounds. */
export function medianRedis(rounds: RedisWindow[][]): RedisWindow[] {
  const labels = [...new Set(rounds.flat().map((w) => w.label))];
  return labels.map((label) => {
    const windows = rounds.flatMap((r) => r.filter((w) => w.label === label));
    const of = (pick: (w: RedisWindow) => number) => medianOf(windows, pick) ?? 0;
    return {
      ...windows[0]!,
      seconds: of((w) => w.seconds),
      published: of((w) => w.published),
      commands: of((w) => w.commands),
      publishedPerSec: of((w) => w.publishedPerSec),
      commandsPerSec: of((w) => w.commandsPerSec),
      netOutputKBPerSec: of((w) => w.netOutputKBPerSec),
      cpuPct: of((w) => w.cpuPct),
    };
  });
}

export function clusterFigures(runs: FanoutRun[]): ClusterFanoutFigures {
  return { ...fanoutFigures(runs), redis: medianRedis(runs.map((r) => r.redis ?? [])) };
}

export function compareRedis(
  readers: number,
  blogIds: string[],
  servers: Partial<Record<RedisMode, ClusterFanoutFigures>>,
): ClusterComparison {
  const { single, cluster } = servers;
  return {
    readers,
    blogIds,
    servers,
    ratios: {
      clusterOverSingle: {
        ...ratios(cluster, single),
        cpu: ratio(cluster?.cpuPct, single?.cpuPct),
        cpuPerDelivery: ratio(cluster?.cpuUsPerDelivery, single?.cpuUsPerDelivery),
        loopBusyPerEntry: ratio(cluster?.loopBusyMsPerEntry, single?.loopBusyMsPerEntry),
      },
    },
  };
}

export interface Results {
  generatedAt: string;
  command: string;
  machine: Record<string, unknown>;
  scenarios: {
    fanout: Comparison<FanoutFigures>[];
    storm: Comparison<StormFigures>[];
    pages: PageRun[];
    /** Absent in results written before the cluster scenario existed. */
    cluster?: ClusterComparison[];
    /** The vote storm, one per round (issue 16); absent in results written before it existed. */
    votes?: VotesRun[];
  };
  targets: Target[];
}

export interface Target {
  target: string;
  /** null: not measured in this run. */
  met: boolean | null;
  measured: string;
}

const fmt = (v: number | null | undefined, unit = "") =>
  v === null || v === undefined ? "n/a" : `${v}${unit}`;

/** Issue 16's vote storm at 10,000 readers or more, judged on its worst round. */
function judgeVotes(runs: VotesRun[]): Target[] {
  const big = runs.filter((r) => r.readers >= 10_000);
  const measured = (text: (r: VotesRun) => string) =>
    big.length ? big.map(text).join("; ") : "n/a";
  const all = (test: (r: VotesRun) => boolean) => (big.length ? big.every(test) : null);
  return [
    {
      target: "vote storm 10k: every vote accepted (no refusal, none unanswered)",
      met: all((r) => r.votes.accepted === r.votes.planned),
      measured: measured(
        (r) =>
          `${r.votes.accepted}/${r.votes.planned} in ${r.windowSeconds} s, ${r.votes.errors} unanswered, p99 ${fmt(r.votes.latency.p99Ms, " ms")}`,
      ),
    },
    {
      target: "vote storm 10k: counts exact (accepted votes = API's tallies = Redis)",
      met: all((r) => r.counts.exact),
      measured: measured(
        (r) =>
          `${r.votes.accepted}/${r.votes.planned} accepted, ${r.counts.exact ? "exact" : "not exact"}`,
      ),
    },
    {
      target: "vote storm 10k: every reader's last blog:tallies holds the final counts",
      met: all((r) => r.tallies.final === r.tallies.readers),
      measured: measured(
        (r) =>
          `${r.tallies.final}/${r.tallies.readers}, the last ${fmt(r.tallies.finalAfter.maxMs, " ms")} after the last vote`,
      ),
    },
    {
      // Per reader from its first tally to its last, and as the servers counted their sends:
      // when a reader's process or a server stalls, two sends can arrive together, which says
      // nothing about how often they were sent.
      target:
        "vote storm 10k: about one blog:tallies a second (≤ 1.1/s per reader and per instance)",
      met: all(
        (r) => r.tallies.perSecondMax <= 1.1 && (r.broadcasts.perInstancePerSec ?? 0) <= 1.1,
      ),
      measured: measured(
        (r) =>
          `${r.tallies.perSecondMax}/s per reader at most, ${fmt(r.broadcasts.perInstancePerSec, "/s")} per instance`,
      ),
    },
  ];
}

/** The targets of issues 5 and 16, judged on these results. */
export function judge(scenarios: Results["scenarios"]): Target[] {
  const at = (n: number) => scenarios.fanout.find((c) => c.readers === n);
  const ten = at(10_000);
  const twenty = at(20_000);
  const storm = scenarios.storm.find((c) => c.readers === 5_000)?.servers.liveblog;
  const live = ten?.servers.liveblog;
  const toBaseline = ten?.ratios.liveblogOverBaseline;
  const toFloor = ten?.ratios.liveblogOverFloor;
  const within = (v: number | null | undefined, limit: number) =>
    v === null || v === undefined ? null : v <= limit;
  const page = (target: string, conditional: boolean) =>
    scenarios.pages.find((p) => p.target === target && p.conditional === conditional)
      ?.requestsPerSec;
  const reader = page("reader page", false);
  const asset = page("static asset", false);
  const pageRatio = ratio(reader, asset);
  return [
    {
      target: "10k readers: 100% delivered",
      met: live ? live.delivered === live.expected : null,
      measured: live ? `${live.delivered}/${live.expected}` : "n/a",
    },
    {
      target: "10k readers: p99 ≤ 1.15x baseline",
      met: within(toBaseline?.p99, 1.15),
      measured: fmt(toBaseline?.p99, "x"),
    },
    {
      target: "10k readers: p99 ≤ 1.5x floor",
      met: within(toFloor?.p99, 1.5),
      measured: fmt(toFloor?.p99, "x"),
    },
    {
      target: "10k readers: memory per reader ≤ 1.15x baseline",
      met: within(toBaseline?.memPerReader, 1.15),
      measured: fmt(toBaseline?.memPerReader, "x"),
    },
    {
      target: "20k readers: zero loss",
      met: twenty?.servers.liveblog
        ? twenty.servers.liveblog.delivered === twenty.servers.liveblog.expected
        : null,
      measured: twenty?.servers.liveblog
        ? `${twenty.servers.liveblog.delivered}/${twenty.servers.liveblog.expected}`
        : "n/a",
    },
    {
      target: "storm 5k: all caught up within 5 s, 0 missed, 0 duplicated",
      met: storm
        ? storm.caughtUpMs !== null &&
          storm.caughtUpMs <= 5_000 &&
          storm.missed === 0 &&
          storm.duplicated === 0
        : null,
      measured: storm
        ? `caught up in ${fmt(storm.caughtUpMs, " ms")}, ${storm.missed} missed, ${storm.duplicated} duplicated`
        : "n/a",
    },
    {
      target: "reader page ≥ 0.5x static asset req/s",
      met: pageRatio === null ? null : pageRatio >= 0.5,
      measured: fmt(pageRatio, "x"),
    },
    ...judgeVotes(scenarios.votes ?? []),
  ];
}
