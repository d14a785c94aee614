/**
 * What the vote storm cost, over one measuring window: the servers' CPU (probe marks), what Redis
 * ran (INFO commandstats) and its CPU, the servers' tally broadcasts (their Prometheus counter),
 * and the machine's and the generators' CPU, per vote counted. The servers' CPU while idle with
 * the same readers is measured first, so that the readers' own upkeep can be told from the votes'.
 */
import { sleep } from "../clock.js";
import { listenOverflows, machineBusyMs } from "../machine.js";
import { readCounter } from "../metrics.js";
import type { BenchOptions } from "../options.js";
import { commandDeltas, watchRedis, type CommandCounters } from "../redis-stats.js";
import { round } from "../stats.js";
import type { Topology } from "../topology.js";
import { BLOG_ID, profileWindow, type ReaderRun } from "./setup.js";

/** The server's counter of `blog:tallies` sends (one per blog per tick that had changes). */
export const BROADCAST_METRIC = "liveblog_tally_broadcasts_total";

/** Redis commands that run a script: the vote's, the rate limiter's, the tallies ticker's. */
const SCRIPT_COMMANDS = ["evalsha", "evalsha_ro", "eval", "eval_ro", "fcall", "fcall_ro"];

/** What one Redis command cost per vote counted, over the window. */
export interface CommandPerVote extends CommandCounters {
  callsPerVote: number;
  usecPerCall: number;
  usecPerVote: number;
}

export interface VoteBroadcasts {
  /** Increase of liveblog_tally_broadcasts_total over the window, all instances. */
  metric: number | null;
  /** The same per instance per second of the window. */
  perInstancePerSec: number | null;
}

export interface VoteCost {
  /** The measuring window: from before the first vote until every reader had the final counts. */
  seconds: number;
  /** The servers' CPU (both instances) per vote counted, and in % of one core. */
  serverCpuUsPerVote: number;
  serverCpuPct: number;
  /** The servers' CPU with the same readers and no votes, in % of one core (null: not measured). */
  serverIdleCpuPct: number | null;
  /** serverCpuUsPerVote less what the idle servers would have used over the window. */
  serverCpuUsPerVoteNet: number | null;
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
  /** Connections dropped meanwhile by full accept queues, machine-wide (machine.ts). */
  listenOverflows: number;
}

async function broadcastsSoFar(topology: Topology): Promise<number | null> {
  const values = await Promise.all(
    topology.servers.map((s) =>
      s.metricsUrl ? readCounter(s.metricsUrl, BROADCAST_METRIC) : null,
    ),
  );
  return values.some((v) => v === null) ? null : values.reduce((a, b) => a! + b!, 0);
}

const perVoteOf = (commands: Record<string, CommandCounters>, votes: number) =>
  Object.fromEntries(
    Object.entries(commands)
      .sort((a, b) => b[1].usec - a[1].usec)
      .map(([name, c]): [string, CommandPerVote] => [
        name,
        {
          ...c,
          callsPerVote: round(c.calls / votes, 3),
          usecPerCall: round(c.usec / c.calls, 2),
          usecPerVote: round(c.usec / votes, 2),
        },
      ]),
  );

/**
 * Measures the servers idle for `idleMs` (0: not at all), then opens the window; `close` ends it
 * and gives its figures per vote counted (the poll's final total: every vote answered 200, and
 * those whose voter got no answer but the servers counted).
 */
export async function openCostWindow(
  run: ReaderRun,
  options: BenchOptions,
  idleMs: number,
  name: string,
) {
  const { topology, fleet } = run;
  const servers = topology.servers;
  let idleCpuPct: number | null = null;
  if (idleMs > 0) {
    await Promise.all(servers.map((s) => s.mark()));
    await sleep(idleMs);
    const idle = await Promise.all(servers.map((s) => s.sample()));
    idleCpuPct = (100 * idle.reduce((ms, s) => ms + s.cpuMs, 0)) / idle[0]!.elapsedMs;
  }
  const redis = await watchRedis(await topology.redisNodes!([BLOG_ID]));
  await Promise.all(servers.map((s) => s.mark()));
  const [redisBefore, broadcastsBefore] = await Promise.all([
    redis.read(),
    broadcastsSoFar(topology),
  ]);
  const [machineBefore, fleetBefore] = [machineBusyMs(), (await fleet.status()).cpuMs];
  const overflowsBefore = listenOverflows();
  const saveProfiles = await profileWindow(run, options, name);

  return {
    async close(counted: number): Promise<{ broadcasts: VoteBroadcasts; cost: VoteCost }> {
      const busy = await Promise.all(servers.map((s) => s.sample()));
      const [redisAfter, broadcastsAfter] = await Promise.all([
        redis.read(),
        broadcastsSoFar(topology),
      ]).finally(() => redis.close());
      const machineMs = machineBusyMs() - machineBefore;
      const overflows = listenOverflows() - overflowsBefore;
      const fleetMs = (await fleet.status()).cpuMs - fleetBefore;
      await saveProfiles();

      const votes = Math.max(1, counted);
      const windowMs = Math.max(...busy.map((s) => s.elapsedMs));
      const serversMs = busy.reduce((ms, s) => ms + s.cpuMs, 0);
      const idleMsInWindow = idleCpuPct === null ? null : (idleCpuPct / 100) * windowMs;
      const commands = commandDeltas(redisBefore[0]!, redisAfter[0]!);
      const scripts = SCRIPT_COMMANDS.map((c) => commands[c] ?? { calls: 0, usec: 0 }).reduce(
        (a, b) => ({ calls: a.calls + b.calls, usec: a.usec + b.usec }),
      );
      const redisCpuUs = (redisAfter[0]!.cpuSeconds - redisBefore[0]!.cpuSeconds) * 1e6;
      const broadcasts =
        broadcastsBefore === null || broadcastsAfter === null
          ? null
          : broadcastsAfter - broadcastsBefore;
      const pctOfCore = (ms: number) => round((100 * Math.max(0, ms)) / windowMs, 0);
      return {
        broadcasts: {
          metric: broadcasts,
          perInstancePerSec:
            broadcasts === null ? null : round((1000 * broadcasts) / servers.length / windowMs, 2),
        },
        cost: {
          seconds: round(windowMs / 1000, 1),
          serverCpuUsPerVote: round((1000 * serversMs) / votes, 0),
          serverCpuPct: pctOfCore(serversMs),
          serverIdleCpuPct: idleCpuPct === null ? null : round(idleCpuPct, 1),
          serverCpuUsPerVoteNet:
            idleMsInWindow === null
              ? null
              : round((1000 * (serversMs - idleMsInWindow)) / votes, 0),
          loopDelayMaxMs: round(Math.max(...busy.map((s) => s.loopDelayMaxMs)), 0),
          redisScriptsUsPerVote: round(scripts.usec / votes, 1),
          redisScriptCallsPerVote: round(scripts.calls / votes, 2),
          redisScriptUsPerCall: round(scripts.usec / Math.max(1, scripts.calls), 1),
          redisCpuUsPerVote: round(redisCpuUs / votes, 1),
          redisCommands: perVoteOf(commands, votes),
          generatorCpuPct: pctOfCore(fleetMs),
          otherCpuPct: pctOfCore(machineMs - serversMs - fleetMs),
          listenOverflows: overflows,
        },
      };
    },
  };
}
