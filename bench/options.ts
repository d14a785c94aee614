/**
 * Command-line options of `npm run bench`. `--quick` is the one-minute smoke run CI executes:
 * small reader counts and few entries, so that the benchmark cannot rot unnoticed.
 */
import { parseArgs } from "node:util";

export const SCENARIOS = ["fanout", "storm", "pages", "cluster", "votes"] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const SERVER_KINDS = ["liveblog", "baseline", "floor"] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** What liveblog runs on in the cluster scenario: one redis-server, or a 3-master Redis Cluster. */
export const REDIS_MODES = ["single", "cluster"] as const;
export type RedisMode = (typeof REDIS_MODES)[number];

export interface BenchOptions {
  scenarios: ScenarioName[];
  /** Reader counts of the fan-out scenario, each split over the instances. */
  readers: number[];
  /** Entries posted per fan-out run, one every `intervalMs`. */
  entries: number;
  intervalMs: number;
  /** Each (scenario, readers) runs the servers interleaved, A B C A B C, this many times. */
  rounds: number;
  stormReaders: number;
  stormEntries: number;
  /** Readers of the cluster scenario, split over its blogs and the instances. */
  clusterReaders: number;
  /** Readers of the vote storm, split over the instances; each votes once. */
  voteReaders: number;
  /** The vote storm's votes are spread evenly over this many seconds. */
  voteSeconds: number;
  /** Seconds of autocannon load per page target. */
  pageSeconds: number;
  pageConnections: number;
  servers: ServerKind[];
  quick: boolean;
  /**
   * bench/results/<name>.json and .svg: "latest", "quick" for --quick, "cluster" or "votes" for
   * `--scenario cluster` or `--scenario votes` alone (so that it never replaces the figures of a
   * full run).
   */
  name: string;
  /** CPU profiles of the servers over each measured window, into bench/results/*.cpuprofile. */
  profile: boolean;
}

const HELP = `Usage: npm run bench -- [options]
  --readers 1000,5000,10000   fan-out reader counts (split over 2 instances)
  --entries 30                entries per fan-out run, one every 500 ms
  --scenario fanout,storm,pages,cluster,votes
  --servers liveblog,baseline,floor
  --rounds 2                  interleaved repetitions (A B C A B C)
  --storm-readers 5000        readers in the reconnect storm
  --cluster-readers 5000      readers in the cluster scenario (liveblog on single Redis
                              against a 3-master Redis Cluster, 3 blogs, one per shard)
  --vote-readers 10000        readers in the vote storm (2 instances, one poll, each reader
                              votes once, from its own address and device)
  --vote-seconds 10           the vote storm's votes are spread over this many seconds
  --quick                     ~1 minute smoke run (what CI runs; without the cluster scenario)
  --profile                   CPU profiles of every server over each fan-out window,
                              into bench/results/fanout-<readers>-<server>-<i>.cpuprofile
`;

const numbers = (text: string, name: string) =>
  text.split(",").map((part) => {
    const value = Number(part.trim().replace(/k$/i, "000"));
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`--${name}: "${part}" is not a count`);
    return value;
  });

function oneOf<T extends string>(text: string, allowed: readonly T[], name: string): T[] {
  return text.split(",").map((part) => {
    const value = part.trim() as T;
    if (!allowed.includes(value))
      throw new Error(`--${name}: "${part}" is not one of ${allowed.join(", ")}`);
    return value;
  });
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      readers: { type: "string" },
      entries: { type: "string" },
      scenario: { type: "string" },
      servers: { type: "string" },
      rounds: { type: "string" },
      "storm-readers": { type: "string" },
      "cluster-readers": { type: "string" },
      "vote-readers": { type: "string" },
      "vote-seconds": { type: "string" },
      quick: { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  // The cluster scenario starts a 6-node Redis Cluster per run: ~50 s, too long for the smoke run.
  const scenarios = values.scenario
    ? oneOf(values.scenario, SCENARIOS, "scenario")
    : SCENARIOS.filter((name) => !quick || name !== "cluster");
  // Scenarios whose run alone keeps its own results file, beside the full run's latest.json.
  const alone = new Set<ScenarioName>(["cluster", "votes"]);
  const one = (text: string | undefined, name: string) =>
    text === undefined ? undefined : numbers(text, name)[0];
  return {
    scenarios,
    readers: values.readers
      ? numbers(values.readers, "readers")
      : quick
        ? [200]
        : [1000, 5000, 10_000],
    entries: one(values.entries, "entries") ?? (quick ? 10 : 30),
    intervalMs: 500,
    rounds: one(values.rounds, "rounds") ?? (quick ? 1 : 2),
    stormReaders: one(values["storm-readers"], "storm-readers") ?? (quick ? 200 : 5000),
    stormEntries: quick ? 10 : 20,
    clusterReaders: one(values["cluster-readers"], "cluster-readers") ?? (quick ? 200 : 5000),
    voteReaders: one(values["vote-readers"], "vote-readers") ?? (quick ? 200 : 10_000),
    voteSeconds: one(values["vote-seconds"], "vote-seconds") ?? (quick ? 1 : 10),
    pageSeconds: quick ? 1 : 8,
    pageConnections: quick ? 10 : 50,
    servers: values.servers ? oneOf(values.servers, SERVER_KINDS, "servers") : [...SERVER_KINDS],
    quick,
    name: quick
      ? "quick"
      : scenarios.length === 1 && alone.has(scenarios[0]!)
        ? scenarios[0]!
        : "latest",
    profile: values.profile ?? false,
  };
}
