/**
 * The sizing of a 1,000,000-reader night in docs/SCALING.md, computed from benchmark results so
 * that the document's figures can be reproduced and move with the next run:
 *
 *   npx tsx bench/report/scaling.ts [--results bench/results/latest.json]
 *     [--cluster bench/results/cluster.json] [--from 10000] [--readers 1000000]
 *
 * `measuredFrom` picks the measured inputs (each with the file and field it came from),
 * `sizeNight` is the calculation (pure, tested in tests/unit/scaling.test.ts), and
 * `scalingTable` prints it as Markdown. Every row names its source: a measured field, an
 * assumption stated in ASSUMPTIONS, or a constant of the code.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { entryBody, liveEventLike } from "../load/payload.js";
import { INSTANCES } from "../scenarios/setup.js";
import type { ClusterComparison, Results } from "./results.js";

/** A number and where it came from. */
export interface Sourced {
  value: number;
  source: string;
}

/** What the calculation takes from benchmark runs. */
export interface Measured {
  /** Event-loop busy time per delivered event on one instance (ms). */
  loopMsPerDelivery: Sourced;
  /** RSS growth per connected reader (KB). */
  memPerReaderKB: Sourced;
  /** The most readers one instance carried in a run with every event delivered. */
  maxReadersPerInstance: Sourced;
  /** Readers one survivor took back per second in the reconnect storm, all caught up. */
  stormReadersPerSec: Sourced;
  /** Reader pages one instance served per second without a cache in front (200s). */
  pageRequestsPerSec: Sourced;
  /** Redis commands per entry on the shard holding the blog; its CPU per command (µs, upper bound). */
  commandsPerEntry?: Sourced;
  redisUsPerCommand?: Sourced;
}

/** What the calculation assumes: the night, and what no benchmark here measures. */
export interface Assumptions {
  readers: number;
  entryEverySec: number;
  /** Share of readers whose connection drops and comes back, per minute. */
  reconnectsPerMinute: number;
  instancesLost: number;
  /** From an entry reaching an instance to its last reader having it (the loop's work), at most. */
  latencyBudgetMs: number;
  /** A large room hears its reader count at most this often (reader-counts.ts LARGE_ROOM_REFRESH_MS). */
  countEverySec: number;
  /** An idle instance's RSS (MB), before any reader. */
  baseRssMB: number;
  /** Share of reconnecting readers who load the page again (the rest only reopen the socket). */
  pageLoadsPerReconnect: number;
  /** CDN: points of presence that each revalidate the page, content codings kept apart, max-age. */
  cdnPops: number;
  cdnCodings: number;
  pageMaxAgeSec: number;
  /** Each instance reports its reader count once per tick (reader-counts.ts tickMs). */
  presenceEverySec: number;
  /** Redis commands of one presence report: the script and the commands it calls (presence.ts). */
  commandsPerPresenceReport: number;
  /** Bytes of one entry event on the wire (the benchmark's typical entry, bench/load/payload.ts). */
  eventBytes: number;
}

const BENCH_EVENT = liveEventLike("bench", 1, entryBody(1, 0));
/** Socket.IO's frame around the event: `42["blog:event",...]`. */
const FRAME_BYTES = '42["blog:event",]'.length;

export const ASSUMPTIONS: Assumptions = {
  readers: 1_000_000,
  entryEverySec: 10,
  reconnectsPerMinute: 0.05,
  instancesLost: 1,
  latencyBudgetMs: 1_000,
  countEverySec: 10,
  baseRssMB: 150,
  pageLoadsPerReconnect: 1,
  cdnPops: 50,
  cdnCodings: 2,
  pageMaxAgeSec: 5,
  presenceEverySec: 1,
  commandsPerPresenceReport: 11,
  eventBytes: JSON.stringify(BENCH_EVENT).length + FRAME_BYTES,
};

export interface Row {
  figure: string;
  value: number;
  unit: string;
  /** The formula, or the measured field / assumption it is. */
  how: string;
}

const up = Math.ceil;

/** The calculation. Pure: the same inputs give the same rows. */
export function sizeNight(m: Measured, a: Assumptions): Row[] {
  const rows: Row[] = [];
  const row = (figure: string, value: number, unit: string, how: string) => {
    rows.push({ figure, value, unit, how });
    return value;
  };

  // Inputs, as they go in.
  const c = row(
    "loop time per delivery",
    m.loopMsPerDelivery.value,
    "ms",
    m.loopMsPerDelivery.source,
  );
  const mem = row("memory per reader", m.memPerReaderKB.value, "KB", m.memPerReaderKB.source);

  // The fan-out: an entry is a burst of R_i socket writes on each instance.
  const entriesPerSec = row("entries per second", 1 / a.entryEverySec, "/s", "assumption");
  const deliveriesPerReader = row(
    "deliveries per reader per second",
    entriesPerSec + 1 / a.countEverySec,
    "/s",
    "entries + at most one reader count per LARGE_ROOM_REFRESH_MS",
  );
  const byLatency = row(
    "readers per instance, by latency",
    Math.floor(a.latencyBudgetMs / c),
    "",
    `latency budget ${a.latencyBudgetMs} ms / loop time per delivery`,
  );
  const perInstance = row(
    "readers per instance (design)",
    Math.min(byLatency, m.maxReadersPerInstance.value),
    "",
    `min(by latency, most carried in a run: ${m.maxReadersPerInstance.source})`,
  );
  const serving = row(
    "instances serving",
    up(a.readers / perInstance),
    "",
    "readers / per instance",
  );
  const instances = row(
    "instances (one lost)",
    serving + a.instancesLost,
    "",
    `serving + ${a.instancesLost} lost`,
  );
  const survivors = instances - a.instancesLost;
  const afterLoss = row(
    "readers per survivor after the loss",
    up(a.readers / survivors),
    "",
    "readers / (instances − lost)",
  );
  row(
    "loop time per entry per instance",
    afterLoss * c,
    "ms",
    "readers per survivor × loop time per delivery",
  );
  row(
    "event-loop utilisation per instance",
    (100 * afterLoss * c * deliveriesPerReader) / 1000,
    "%",
    "readers per survivor × deliveries/s × loop time",
  );
  row(
    "cores (one per instance)",
    instances,
    "",
    "one Node process per core; the burst, not the average, sets it",
  );
  row(
    "cores if instances could be larger",
    up((a.readers * c) / a.latencyBudgetMs) + a.instancesLost,
    "",
    "readers × loop time / latency budget, + lost (not measured beyond the design count)",
  );
  row(
    "memory per instance",
    a.baseRssMB + (afterLoss * mem) / 1024,
    "MB",
    `base RSS ${a.baseRssMB} MB (assumption) + readers per survivor × memory per reader`,
  );
  row(
    "memory, all instances",
    (instances * (a.baseRssMB + (perInstance * mem) / 1024)) / 1024,
    "GB",
    "instances × (base + design readers × memory per reader)",
  );
  row(
    "egress per instance",
    (afterLoss * entriesPerSec * a.eventBytes * 8) / 1e6,
    "Mbit/s",
    `readers per survivor × entries/s × ${a.eventBytes} B per event`,
  );

  // Redis: one blog is one slot, so one shard gets all of it; the fan-out is the instances'.
  const pubsubOut = row(
    "hot shard: pub/sub messages out",
    entriesPerSec * instances,
    "/s",
    "entries/s × instances (one SSUBSCRIBE connection each)",
  );
  row(
    "hot shard: pub/sub bytes out",
    (pubsubOut * a.eventBytes) / 1024,
    "KB/s",
    "messages × event bytes",
  );
  const presence = row(
    "hot shard: presence commands",
    (instances * a.commandsPerPresenceReport) / a.presenceEverySec,
    "/s",
    `instances × ${a.commandsPerPresenceReport} commands per report (presence.ts) per tick`,
  );
  const writes = m.commandsPerEntry
    ? row(
        "hot shard: commands for entries",
        entriesPerSec * m.commandsPerEntry.value,
        "/s",
        `entries/s × ${m.commandsPerEntry.value} commands per entry (${m.commandsPerEntry.source})`,
      )
    : 0;
  const reconnectsPerSec = row(
    "reconnects, all instances",
    (a.readers * a.reconnectsPerMinute) / 60,
    "/s",
    `readers × ${a.reconnectsPerMinute * 100} % per minute`,
  );
  row(
    "hot shard: catch-up reads",
    0,
    "/s",
    "a returning reader lost < 1 entry: the relay's last 100 events answer it (relay.ts RECENT_EVENTS)",
  );
  if (m.redisUsPerCommand)
    row(
      "hot shard: Redis CPU",
      ((presence + writes) * m.redisUsPerCommand.value) / 1e4,
      "% of a core",
      `(presence + entries' commands) × ${m.redisUsPerCommand.value} µs (${m.redisUsPerCommand.source})`,
    );

  // Losing an instance: its readers come back on the survivors with the client's backoff.
  const displaced = row("readers displaced", up(a.readers / instances), "", "readers / instances");
  const arrivals = row(
    "storm: readers per survivor per second",
    displaced / survivors,
    "/s",
    "displaced / survivors, arriving within ~1 s (first retry 1 s ± 50 %, client/common/live.ts)",
  );
  row(
    "storm: measured absorb rate per instance",
    m.stormReadersPerSec.value,
    "/s",
    m.stormReadersPerSec.source,
  );
  row(
    "storm: share of the measured rate",
    (100 * arrivals) / m.stormReadersPerSec.value,
    "%",
    "needed / measured",
  );
  row(
    "steady reconnects per instance",
    reconnectsPerSec / instances,
    "/s",
    "reconnects / instances",
  );

  // Page loads: pages are public, max-age=5, with an ETag (server/pages/cache.ts PUBLIC_SHORT).
  const pageLoads = row(
    "page loads",
    reconnectsPerSec * a.pageLoadsPerReconnect,
    "/s",
    `reconnects × ${a.pageLoadsPerReconnect} page load each (assumption)`,
  );
  const origin = row(
    "page requests reaching the origin",
    Math.min(pageLoads, (a.cdnPops * a.cdnCodings) / a.pageMaxAgeSec),
    "/s",
    `${a.cdnPops} CDN PoPs × ${a.cdnCodings} codings / max-age ${a.pageMaxAgeSec} s (assumption)`,
  );
  row("CDN's share of page loads", 100 * (1 - origin / pageLoads), "%", "1 − origin / page loads");
  row(
    "origin instances for pages without a CDN",
    pageLoads / m.pageRequestsPerSec.value,
    "",
    `page loads / ${m.pageRequestsPerSec.value} req/s (${m.pageRequestsPerSec.source})`,
  );
  return rows;
}

/** Up to 3 significant digits, with thousands separators. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const digits =
    Math.abs(value) >= 100 || Number.isInteger(value)
      ? 0
      : Math.abs(value) >= 10
        ? 1
        : value === 0
          ? 0
          : Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function scalingTable(rows: Row[]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    line(["figure", "value", "how"]),
    line(["---", "---:", "---"]),
    ...rows.map((r) =>
      line([r.figure, `${formatValue(r.value)}${r.unit ? ` ${r.unit}` : ""}`, r.how]),
    ),
  ].join("\n");
}

/**
 * The shard master holding exactly one blog, in the cluster run: its commands per entry posted
 * to that blog (the instances' presence reports meanwhile included), and its CPU per command,
 * an upper bound: at a few dozen commands a second the node's own housekeeping (cron, cluster
 * bus, replication) is most of it.
 */
function redisPerEntry(cluster: ClusterComparison | undefined, file: string) {
  const run = cluster?.servers.cluster;
  const master = run?.redis.find((w) => w.role === "master" && w.blogs.length === 1);
  if (!run || !master?.commands) return {};
  const where = `${file} scenarios.cluster[readers=${cluster!.readers}].servers.cluster`;
  return {
    commandsPerEntry: {
      value: Math.round(master.commands / run.entries),
      source: `${where}.redis[${master.label}].commands / entries (${run.entries})`,
    },
    redisUsPerCommand: {
      value: Math.round((master.cpuPct * 1e4) / master.commandsPerSec),
      source: `${where}.redis[${master.label}].cpuPct / commandsPerSec, an upper bound`,
    },
  };
}

/** The measured inputs from a results file (and the cluster figures, wherever they are). */
export function measuredFrom(
  results: Results,
  file: string,
  from: number,
  cluster?: { results: Results; file: string },
): Measured {
  const fanout = results.scenarios.fanout.find((c) => c.readers === from)?.servers.liveblog;
  if (!fanout) throw new Error(`${file} has no liveblog fan-out at ${from} readers`);
  const at = `${file} scenarios.fanout[readers=${from}].servers.liveblog`;
  const perInstance = from / INSTANCES;
  const carried = results.scenarios.fanout
    .filter(
      (c) => c.servers.liveblog && c.servers.liveblog.delivered === c.servers.liveblog.expected,
    )
    .map((c) => c.readers)
    .sort((a, b) => b - a)[0]!;
  const storm = results.scenarios.storm.find((c) => c.servers.liveblog)?.servers.liveblog;
  if (!storm?.caughtUpMs) throw new Error(`${file} has no liveblog storm that caught up`);
  const displacedPerRound = storm.displaced / storm.rounds;
  const page = results.scenarios.pages.find((p) => p.target === "reader page" && !p.conditional);
  if (!page) throw new Error(`${file} has no reader page figures`);
  const comparison = (cluster?.results ?? results).scenarios.cluster?.at(-1);
  return {
    loopMsPerDelivery: {
      value: fanout.loopBusyMsPerEntry! / perInstance,
      source: `${at}.loopBusyMsPerEntry / ${perInstance} readers per instance`,
    },
    memPerReaderKB: { value: fanout.memPerReaderKB!, source: `${at}.memPerReaderKB` },
    maxReadersPerInstance: {
      value: carried / INSTANCES,
      source: `${file} scenarios.fanout[readers=${carried}]: all delivered on ${INSTANCES} instances`,
    },
    stormReadersPerSec: {
      value: displacedPerRound / (storm.caughtUpMs / 1000),
      source: `${file} scenarios.storm: displaced/rounds (${displacedPerRound}) / caughtUpMs (${storm.caughtUpMs})`,
    },
    pageRequestsPerSec: {
      value: page.requestsPerSec,
      source: `${file} scenarios.pages[reader page].requestsPerSec`,
    },
    ...redisPerEntry(comparison, cluster?.file ?? file),
  };
}

function main() {
  const { values } = parseArgs({
    options: {
      results: { type: "string", default: "bench/results/latest.json" },
      cluster: { type: "string", default: "bench/results/cluster.json" },
      from: { type: "string", default: "10000" },
      readers: { type: "string", default: String(ASSUMPTIONS.readers) },
    },
  });
  const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Results;
  const results = read(values.results);
  // The newer of the two cluster runs: the results file's own section, or a separate run.
  let cluster = results.scenarios.cluster?.length ? { results, file: values.results } : undefined;
  try {
    const separate = read(values.cluster);
    if (!cluster || separate.generatedAt > results.generatedAt)
      cluster = { results: separate, file: values.cluster };
  } catch {
    // no separate cluster run
  }
  const measured = measuredFrom(results, values.results, Number(values.from), cluster);
  const rows = sizeNight(measured, { ...ASSUMPTIONS, readers: Number(values.readers) });
  process.stdout.write(`${scalingTable(rows)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
