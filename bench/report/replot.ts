/**
 * Draws bench/results/<name>.svg again from <name>.json (default "latest"), e.g. after a change
 * to the plot, without running the benchmark again:  npx tsx bench/report/replot.ts [name]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderPlot } from "./plot.js";
import type { Results } from "./results.js";

const name = process.argv[2] ?? "latest";
const base = fileURLToPath(new URL(`../results/${name}`, import.meta.url));
const results = JSON.parse(readFileSync(`${base}.json`, "utf8")) as Results;
writeFileSync(`${base}.svg`, await renderPlot(results));
process.stdout.write(`wrote bench/results/${name}.svg\n`);
