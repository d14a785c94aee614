/** The printed tables (Markdown, so they paste into docs/PERFORMANCE.md as they are). */
import type { VotesRun } from "../scenarios/votes.js";
import type {
  ClusterComparison,
  Comparison,
  FanoutFigures,
  Ratios,
  Results,
  StormFigures,
} from "./results.js";

const cell = (v: number | null | undefined, digits?: number) =>
  v === null || v === undefined ? "–" : digits === undefined ? String(v) : v.toFixed(digits);

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

const pct = (delivered: number, expected: number) =>
  expected === 0
    ? "–"
    : `${delivered}/${expected} (${((100 * delivered) / expected).toFixed(delivered === expected ? 0 : 2)}%)`;

const FANOUT_HEAD = [
  "readers",
  "server",
  "delivered",
  "p50 ms",
  "p95 ms",
  "p99 ms",
  "max ms",
  "RSS KB/reader",
  "heap KB/reader",
  "CPU %",
  "CPU ms/entry",
  "generators' CPU %",
  "loop ms/entry",
  "loop max ms",
  "others' CPU %",
];

const fanoutRow = (readers: number, server: string, f: FanoutFigures) => [
  String(readers),
  server,
  pct(f.delivered, f.expected),
  cell(f.p50Ms, 1),
  cell(f.p95Ms, 1),
  cell(f.p99Ms, 1),
  cell(f.maxMs, 1),
  cell(f.memPerReaderKB, 1),
  cell(f.heapPerReaderKB, 1),
  cell(f.cpuPct, 0),
  cell(f.cpuMsPerEntry, 0),
  cell(f.generatorCpuPct, 0),
  cell(f.loopBusyMsPerEntry, 1),
  cell(f.loopDelayMaxMs, 0),
  cell(f.otherCpuPct, 0),
];

const times = (v: number | null | undefined) =>
  v === null || v === undefined ? "" : `${cell(v, 2)}x`;

const ratioRow = (
  readers: number,
  label: string,
  r: Ratios & { cpu?: number | null; loopBusyPerEntry?: number | null },
) => [
  String(readers),
  label,
  "",
  cell(r.p50, 2) + "x",
  cell(r.p95, 2) + "x",
  cell(r.p99, 2) + "x",
  cell(r.max, 2) + "x",
  cell(r.memPerReader, 2) + "x",
  cell(r.heapPerReader, 2) + "x",
  times(r.cpu),
  "",
  "",
  times(r.loopBusyPerEntry),
  "",
  "",
];

export function fanoutTable(comparisons: Comparison<FanoutFigures>[]): string {
  const rows = comparisons.flatMap((c) => [
    ...Object.entries(c.servers).map(([server, f]) => fanoutRow(c.readers, server, f)),
    ...(["liveblogOverBaseline", "liveblogOverFloor"] as const)
      .filter((key) => c.ratios[key].p99 !== null)
      .map((key) =>
        ratioRow(
          c.readers,
          key === "liveblogOverBaseline" ? "liveblog/baseline" : "liveblog/floor",
          c.ratios[key],
        ),
      ),
  ]);
  return table(FANOUT_HEAD, rows);
}

const REDIS_LABELS = { single: "liveblog, single Redis", cluster: "liveblog, Redis Cluster" };

/**
 * The fan-out table for liveblog on single Redis and on a Redis Cluster, and cluster/single, with
 * the servers' CPU per delivery last: CPU time, not wall time, so the figure a busy machine moves
 * least.
 */
export function clusterTable(comparisons: ClusterComparison[]): string {
  const rows = comparisons.flatMap((c) => [
    ...Object.entries(c.servers).map(([mode, f]) => [
      ...fanoutRow(c.readers, REDIS_LABELS[mode as keyof typeof REDIS_LABELS], f),
      cell(f.cpuUsPerDelivery, 1),
    ]),
    ...(c.ratios.clusterOverSingle.p99 === null
      ? []
      : [
          [
            ...ratioRow(c.readers, "cluster/single", c.ratios.clusterOverSingle),
            times(c.ratios.clusterOverSingle.cpuPerDelivery),
          ],
        ]),
  ]);
  return table([...FANOUT_HEAD, "CPU µs/delivery"], rows);
}

/** What each Redis node did per second while entries went out (median of the rounds). */
export function redisTable(comparisons: ClusterComparison[]): string {
  const rows = comparisons.flatMap((c) =>
    Object.entries(c.servers).flatMap(([mode, f]) =>
      f.redis.map((w) => [
        String(c.readers),
        mode,
        w.label,
        w.blogs.join(", ") || "–",
        cell(w.publishedPerSec, 1),
        cell(w.commandsPerSec, 0),
        cell(w.netOutputKBPerSec, 1),
        cell(w.cpuPct, 1),
      ]),
    ),
  );
  return table(
    ["readers", "Redis", "node", "blogs", "published/s", "commands/s", "out KB/s", "CPU %"],
    rows,
  );
}

export function stormTable(comparisons: Comparison<StormFigures>[]): string {
  const rows = comparisons.flatMap((c) =>
    Object.entries(c.servers).map(([server, f]) => [
      String(c.readers),
      server,
      pct(f.delivered, f.expected),
      `${f.reconnected}/${f.displaced}`,
      `${f.caughtUp}/${f.displaced}`,
      cell(f.reconnectMs),
      cell(f.caughtUpMs),
      String(f.missed),
      String(f.duplicated),
      cell(f.p99Ms, 0),
      cell(f.survivorCpuPct, 0),
      cell(f.survivorLoopDelayMaxMs, 0),
    ]),
  );
  return table(
    [
      "readers",
      "server",
      "delivered",
      "back",
      "caught up",
      "all back ms",
      "all caught up ms",
      "missed",
      "duplicated",
      "p99 ms",
      "survivor CPU %",
      "survivor loop max ms",
    ],
    rows,
  );
}

export function pagesTable(pages: Results["scenarios"]["pages"]): string {
  return table(
    ["target", "If-None-Match", "req/s", "p50 ms", "p99 ms", "2xx", "304", "errors"],
    pages.map((p) => [
      `${p.target} \`${p.path}\``,
      p.conditional ? "yes" : "no",
      String(p.requestsPerSec),
      cell(p.p50Ms, 0),
      cell(p.p99Ms, 0),
      String(p.status["2xx"] ?? 0),
      String(p.status["3xx"] ?? 0),
      String(p.errors + (p.status["4xx"] ?? 0) + (p.status["5xx"] ?? 0)),
    ]),
  );
}

const counts = (values: number[] | null) => (values ? values.join(" / ") : "–");

/** The counts per option, and what disagreed when they are not exact. */
function countsCell({ counts: c, votes }: VotesRun): string {
  const unanswered = votes.errors ? ` (+ ${votes.errors} unanswered: ${counts(c.unanswered)})` : "";
  if (c.exact)
    return `${counts(c.api)} ${votes.errors ? `exact: accepted ${counts(c.accepted)}${unanswered}` : "(exact)"}`;
  const stores = [c.api, c.apiOther, c.redis, c.redisVoters].map(counts).join(", ");
  return `**not exact**: accepted ${counts(c.accepted)}${unanswered}; API, other API, Redis, voters ${stores}`;
}

/** The vote storm: the votes, per round. */
export function votesTable(runs: VotesRun[]): string {
  return table(
    [
      "readers",
      "votes in",
      "accepted",
      "votes/s accepted",
      "vote p50 ms",
      "vote p99 ms",
      "4xx",
      "429",
      "5xx",
      "no answer",
      "counts per option (accepted = API = Redis)",
      "server CPU µs/vote",
      "idle servers' CPU %",
      "server CPU µs/vote less idle",
      "Redis scripts µs/vote",
      "Redis CPU µs/vote",
      "others' CPU %",
      "accept queue overflows",
    ],
    runs.map((r) => [
      String(r.readers),
      `${r.windowSeconds} s`,
      `${r.votes.accepted}/${r.votes.planned}`,
      String(r.votes.acceptedPerSec),
      cell(r.votes.latency.p50Ms, 1),
      cell(r.votes.latency.p99Ms, 1),
      String(r.votes.status4xx),
      String(r.votes.status429),
      String(r.votes.status5xx),
      String(r.votes.errors),
      countsCell(r),
      cell(r.cost.serverCpuUsPerVote, 0),
      cell(r.cost.serverIdleCpuPct, 1),
      cell(r.cost.serverCpuUsPerVoteNet, 0),
      cell(r.cost.redisScriptsUsPerVote, 1),
      cell(r.cost.redisCpuUsPerVote, 1),
      cell(r.cost.otherCpuPct, 0),
      cell(r.cost.listenOverflows),
    ]),
  );
}

/** The vote storm: what readers saw of the counts, per round. */
export function talliesTable(runs: VotesRun[]): string {
  return table(
    [
      "readers",
      "final counts seen",
      "after last vote p50 ms",
      "max ms",
      "tallies/reader/s mean",
      "max",
      "most in 1 s",
      "shortest gap ms",
      "repeated",
      "broadcasts (metric)",
      "per instance/s",
    ],
    runs.map((r) => [
      String(r.readers),
      `${r.tallies.final}/${r.tallies.readers}`,
      cell(r.tallies.finalAfter.p50Ms, 0),
      cell(r.tallies.finalAfter.maxMs, 0),
      cell(r.tallies.perSecondMean, 2),
      cell(r.tallies.perSecondMax, 2),
      String(r.tallies.maxInOneSecond),
      cell(r.tallies.minGapMs),
      String(r.tallies.repeated),
      cell(r.broadcasts.metric),
      cell(r.broadcasts.perInstancePerSec, 2),
    ]),
  );
}

/**
 * The vote storm: the Redis commands of the window per vote, those run at least once per 100
 * votes (a script's time includes the commands it calls, which are listed too).
 */
export function voteCommandsTable(runs: VotesRun[]): string {
  const rows = runs.flatMap((r) =>
    Object.entries(r.cost.redisCommands)
      .filter(([, c]) => c.callsPerVote >= 0.01)
      .map(([name, c]) => [
        String(r.readers),
        name.toUpperCase(),
        cell(c.callsPerVote, 2),
        cell(c.usecPerCall, 1),
        cell(c.usecPerVote, 1),
      ]),
  );
  return table(["readers", "command", "calls/vote", "µs/call", "µs/vote"], rows);
}

export function targetsTable(targets: Results["targets"]): string {
  return table(
    ["target", "measured", "met"],
    targets.map((t) => [
      t.target,
      t.measured,
      t.met === null ? "not measured" : t.met ? "yes" : "**no**",
    ]),
  );
}

export function printResults(results: Results): string {
  const { fanout, storm, pages, cluster = [], votes = [] } = results.scenarios;
  const parts: string[] = [];
  if (fanout.length) parts.push(`### Fan-out\n\n${fanoutTable(fanout)}`);
  if (cluster.length)
    parts.push(
      `### Fan-out on a Redis Cluster\n\n${clusterTable(cluster)}\n\n#### Redis, per node\n\n${redisTable(cluster)}`,
    );
  if (storm.length) parts.push(`### Reconnect storm\n\n${stormTable(storm)}`);
  if (pages.length) parts.push(`### Page spike\n\n${pagesTable(pages)}`);
  if (votes.length)
    parts.push(
      `### Vote storm\n\n${votesTable(votes)}\n\n#### What readers saw\n\n${talliesTable(votes)}\n\n#### Redis per vote\n\n${voteCommandsTable(votes)}`,
    );
  // A run of the cluster scenario alone measures none of them.
  if (results.targets.some((t) => t.met !== null))
    parts.push(`### Targets\n\n${targetsTable(results.targets)}`);
  return parts.join("\n\n") + "\n";
}
