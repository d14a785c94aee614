/**
 * `npm run bench`: fan-out, reconnect storm and page spike against liveblog, the baseline and
 * the floor, interleaved (A B C A B C), each run on fresh processes; and the fan-out of liveblog
 * on single Redis against a 3-master Redis Cluster, interleaved alike; and liveblog's vote storm
 * (one poll, every reader votes once), once per round. Prints Markdown tables and
 * writes bench/results/latest.json and latest.svg (quick.* for --quick, so that a smoke run never
 * replaces the figures of a real one). Target misses are reported, never fatal:
 * the exit code is non-zero only when something crashed.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import {
  parseOptions,
  REDIS_MODES,
  type BenchOptions,
  type RedisMode,
  type ServerKind,
} from "./options.js";
import { step } from "./progress.js";
import { renderPlot } from "./report/plot.js";
import {
  clusterFigures,
  compare,
  compareRedis,
  fanoutFigures,
  judge,
  stormFigures,
  type FanoutFigures,
  type Results,
  type StormFigures,
} from "./report/results.js";
import { printResults } from "./report/table.js";
import { runFanout, type FanoutRun } from "./scenarios/fanout.js";
import { runPages } from "./scenarios/pages.js";
import { CLUSTER_BLOGS, INSTANCES, type ReaderRun } from "./scenarios/setup.js";
import { runStorm, type StormRun } from "./scenarios/storm.js";
import { runVotes, voteStormAfterFanout } from "./scenarios/votes.js";

const RESULTS = fileURLToPath(new URL("./results/", import.meta.url));
const shell = (command: string) => {
  try {
    return execFileSync("/bin/sh", ["-c", command], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
};

/** Open files a process may have: an instance holds one socket per reader. */
const fileLimit = Number(shell("ulimit -n")) || 1024;
const loads: number[] = [];

function machine() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    redis: shell("redis-server --version").replace(/^Redis server v=(\S+).*/, "$1"),
    kernel: shell("uname -r"),
    openFileLimit: fileLimit,
    ephemeralPorts: shell("cat /proc/sys/net/ipv4/ip_local_port_range").replace(/\s+/, "-"),
    /** 1-minute load average sampled before each run: how busy the shared machine was. */
    loadDuringRuns: loads.length
      ? { min: Math.min(...loads), max: Math.max(...loads), samples: loads.length }
      : null,
  };
}

/** Runs `run` for every variant (a server kind, a Redis), `rounds` times, interleaved: A B C A B C. */
async function interleaved<R, K extends string = ServerKind>(
  options: BenchOptions,
  name: string,
  readers: number,
  run: (kind: K, label: string) => Promise<R>,
  variants: readonly K[] = options.servers as readonly string[] as readonly K[],
): Promise<Partial<Record<K, R[]>>> {
  const runs: Partial<Record<K, R[]>> = {};
  for (let round = 1; round <= options.rounds; round++)
    for (const kind of variants) {
      loads.push(Number(loadavg()[0]!.toFixed(2)));
      const label = `[${name} ${readers} ${kind} ${round}/${options.rounds}]`;
      step(label, `starting (load ${loadavg()[0]!.toFixed(2)})`);
      (runs[kind] ??= []).push(await run(kind, label));
    }
  return runs;
}

function figures<R, F, K extends string = ServerKind>(
  runs: Partial<Record<K, R[]>>,
  merge: (runs: R[]) => F,
) {
  const out: Partial<Record<K, F>> = {};
  for (const [kind, list] of Object.entries(runs) as [K, R[]][]) out[kind] = merge(list);
  return out;
}

async function main(options: BenchOptions) {
  const started = Date.now();
  const scenarios: Results["scenarios"] = {
    fanout: [],
    storm: [],
    pages: [],
    cluster: [],
    votes: [],
  };
  const command = `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim();
  mkdirSync(RESULTS, { recursive: true });

  const write = async () => {
    const results: Results = {
      generatedAt: new Date().toISOString(),
      command,
      machine: machine(),
      scenarios,
      targets: judge(scenarios),
    };
    writeFileSync(`${RESULTS}${options.name}.json`, JSON.stringify(results, null, 2) + "\n");
    if (scenarios.fanout.length)
      writeFileSync(`${RESULTS}${options.name}.svg`, await renderPlot(results));
    return results;
  };

  const fits = (readers: number) => {
    const need = Math.ceil(readers / INSTANCES) + 512;
    if (need <= fileLimit) return true;
    step(
      "[skip]",
      `${readers} readers need ${need} open files per instance; the limit here is ${fileLimit}`,
    );
    return false;
  };

  // liveblog's alone: neither the baseline nor the floor has polls.
  const votes = options.scenarios.includes("votes") && options.servers.includes("liveblog");
  // The smoke run votes on the fan-out's liveblog readers rather than start servers for it.
  const votesAfterFanout = votes && options.quick && options.scenarios.includes("fanout");
  const voteAfter = (kind: ServerKind, label: string) => async (run: ReaderRun) => {
    if (kind === "liveblog")
      scenarios.votes!.push(await voteStormAfterFanout(run, options, `${label} votes`));
  };

  if (options.scenarios.includes("fanout"))
    for (const readers of options.readers.filter(fits)) {
      const runs = await interleaved<FanoutRun>(options, "fanout", readers, (kind, label) =>
        runFanout(
          kind,
          readers,
          options,
          label,
          undefined,
          votesAfterFanout ? voteAfter(kind, label) : undefined,
        ),
      );
      scenarios.fanout.push(compare<FanoutFigures>(readers, figures(runs, fanoutFigures)));
      await write();
    }
  if (options.scenarios.includes("storm") && fits(options.stormReaders)) {
    const readers = options.stormReaders;
    const runs = await interleaved<StormRun>(options, "storm", readers, (kind, label) =>
      runStorm(kind, readers, options, label),
    );
    scenarios.storm.push(compare<StormFigures>(readers, figures(runs, stormFigures)));
    await write();
  }
  if (options.scenarios.includes("cluster") && fits(options.clusterReaders)) {
    const readers = options.clusterReaders;
    const runs = await interleaved<FanoutRun, RedisMode>(
      options,
      "cluster",
      readers,
      (redis, label) =>
        runFanout("liveblog", readers, options, label, { blogIds: CLUSTER_BLOGS, redis }),
      REDIS_MODES,
    );
    scenarios.cluster!.push(compareRedis(readers, CLUSTER_BLOGS, figures(runs, clusterFigures)));
    await write();
  }
  if (options.scenarios.includes("pages") && options.servers.includes("liveblog"))
    scenarios.pages = await runPages(options, "[pages liveblog]");
  if (votes && !votesAfterFanout && fits(options.voteReaders))
    for (let round = 1; round <= options.rounds; round++) {
      loads.push(Number(loadavg()[0]!.toFixed(2)));
      const label = `[votes ${options.voteReaders} liveblog ${round}/${options.rounds}]`;
      step(label, `starting (load ${loadavg()[0]!.toFixed(2)})`);
      scenarios.votes!.push(await runVotes(options, label));
      await write();
    }

  const results = await write();
  process.stdout.write(`\n${printResults(results)}`);
  step(
    "[done]",
    `in ${Math.round((Date.now() - started) / 1000)} s; wrote bench/results/${options.name}.json${scenarios.fanout.length ? ` and ${options.name}.svg` : ""}`,
  );
}

try {
  await main(parseOptions(process.argv.slice(2)));
  process.exit(0);
} catch (err) {
  process.stderr.write(
    `\nThe benchmark crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
}
