/** The printed tables (Markdown, so they paste into docs/PERFORMANCE.md as they are). */
import type { Comparison, FanoutFigures, Results, StormFigures } from "./results.js";

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

export function fanoutTable(comparisons: Comparison<FanoutFigures>[]): string {
  const rows = comparisons.flatMap((c) => [
    ...Object.entries(c.servers).map(([server, f]) => [
      String(c.readers),
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
    ]),
    ...(["liveblogOverBaseline", "liveblogOverFloor"] as const)
      .filter((key) => c.ratios[key].p99 !== null)
      .map((key) => {
        const r = c.ratios[key];
        return [
          String(c.readers),
          key === "liveblogOverBaseline" ? "liveblog/baseline" : "liveblog/floor",
          "",
          cell(r.p50, 2) + "x",
          cell(r.p95, 2) + "x",
          cell(r.p99, 2) + "x",
          cell(r.max, 2) + "x",
          cell(r.memPerReader, 2) + "x",
          cell(r.heapPerReader, 2) + "x",
          "",
          "",
          "",
          "",
          "",
          "",
        ];
      }),
  ]);
  return table(
    [
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
    ],
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
  const { fanout, storm, pages } = results.scenarios;
  const parts: string[] = [];
  if (fanout.length) parts.push(`### Fan-out\n\n${fanoutTable(fanout)}`);
  if (storm.length) parts.push(`### Reconnect storm\n\n${stormTable(storm)}`);
  if (pages.length) parts.push(`### Page spike\n\n${pagesTable(pages)}`);
  parts.push(`### Targets\n\n${targetsTable(results.targets)}`);
  return parts.join("\n\n") + "\n";
}
