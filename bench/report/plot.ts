/**
 * bench/results/latest.svg: POST→reader latency percentiles and memory per reader against the
 * number of readers, one line per server. A vega-lite spec, compiled to vega and rendered to SVG
 * headlessly (no browser, no canvas).
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { Results } from "./results.js";

const PANELS = [
  ["p50Ms", "p50 latency (ms)"],
  ["p95Ms", "p95 latency (ms)"],
  ["p99Ms", "p99 latency (ms)"],
  ["memPerReaderKB", "memory per reader (KB)"],
] as const;

/** How the run was taken, under the title: the machine and how busy others kept it. */
function subtitle(results: Results): string {
  const { machine, generatedAt, scenarios } = results;
  const others = scenarios.fanout.flatMap((c) =>
    Object.values(c.servers).map((f) => f.otherCpuPct ?? 0),
  );
  const noise = others.length
    ? `, others' CPU during the windows up to ${Math.max(...others)}% of a core`
    : "";
  return `${String(machine.cpus)} cores (${String(machine.cpuModel)}), node ${String(machine.node)}, ${generatedAt.slice(0, 16)}Z${noise}`;
}

export async function renderPlot(results: Results): Promise<string> {
  const fanout = results.scenarios.fanout;
  const values = fanout.flatMap((comparison) =>
    Object.entries(comparison.servers).flatMap(([server, figures]) =>
      PANELS.flatMap(([field, panel]) => {
        const value = figures[field];
        return value === null ? [] : [{ readers: comparison.readers, server, panel, value }];
      }),
    ),
  );
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: "Fan-out: one entry every 500 ms to R readers on 2 instances",
      subtitle: subtitle(results),
    },
    data: { values },
    facet: {
      column: {
        field: "panel",
        type: "nominal",
        sort: PANELS.map(([, panel]) => panel),
        title: null,
      },
    },
    spec: {
      width: 190,
      height: 170,
      mark: { type: "line", point: true },
      encoding: {
        x: {
          field: "readers",
          type: "quantitative",
          scale: { type: "log" },
          axis: { format: "~s" },
        },
        // Log scales: 1,000 and 20,000 readers differ by two orders of magnitude.
        y: { field: "value", type: "quantitative", title: null, scale: { type: "log" } },
        color: {
          field: "server",
          type: "nominal",
          sort: ["liveblog", "baseline", "floor"],
          scale: { range: ["#d62728", "#1f77b4", "#7f7f7f"] },
        },
      },
    },
    resolve: { scale: { y: "independent" } },
    config: { font: "sans-serif", background: "white" },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  return view.toSVG();
}
