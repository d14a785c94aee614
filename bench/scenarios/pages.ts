/**
 * Page spike: autocannon (its own process) against one liveblog instance: the server-rendered
 * reader page, the JSON entry list and a static built asset, each without and with
 * If-None-Match (a returning reader or a CDN revalidating). The blog holds 30 entries.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { prepareBlog, warmUp } from "../load/poster.js";
import type { BenchOptions } from "../options.js";
import { step } from "../progress.js";
import { median, round } from "../stats.js";
import { startTopology } from "../topology.js";
import { BLOG_ID, PROFILE_DIR } from "./setup.js";

export interface PageRun {
  target: "reader page" | "entries API" | "static asset";
  path: string;
  conditional: boolean;
  rounds: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses by status class, and errors (timeouts, resets). */
  status: Record<string, number>;
  errors: number;
}

const AUTOCANNON = createRequire(import.meta.url).resolve("autocannon/autocannon.js");

interface AutocannonJson {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  "1xx": number;
  "2xx": number;
  "3xx": number;
  "4xx": number;
  "5xx": number;
}

function autocannon(url: string, headers: Record<string, string>, options: BenchOptions) {
  const args = [
    AUTOCANNON,
    "-j",
    "-n",
    "-c",
    String(options.pageConnections),
    "-d",
    String(options.pageSeconds),
  ];
  for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}=${value}`);
  args.push(url);
  return new Promise<AutocannonJson>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.once("exit", (code) => {
      try {
        resolve(JSON.parse(out) as AutocannonJson);
      } catch {
        reject(new Error(`autocannon exited ${code}: ${err.slice(-500)}`));
      }
    });
  });
}

/** The first hashed script or stylesheet the reader page links, if the client is built. */
const assetOf = (html: string) => /(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/.exec(html)?.[1];

async function etagOf(url: string): Promise<string | null> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.ok ? res.headers.get("etag") : null;
}

/** Runs the page spike, or returns [] with a note when this build has no reader page. */
export async function runPages(options: BenchOptions, label: string): Promise<PageRun[]> {
  const topology = await startTopology("liveblog", { instances: 2 });
  try {
    const target = { kind: "liveblog" as const, adminToken: topology.adminToken };
    const url = topology.servers[0]!.url;
    await warmUp(target, [url], BLOG_ID, await prepareBlog(target, url, BLOG_ID), 30);
    const page = await fetch(`${url}/blogs/${BLOG_ID}`);
    const html = await page.text();
    if (!page.ok || !page.headers.get("content-type")?.includes("html")) {
      step(label, `no reader page at /blogs/:blogId (${page.status}); skipped`);
      return [];
    }
    const asset = assetOf(html);
    if (!asset)
      step(
        label,
        "the web client is not built (no /assets/ link in the page); static asset skipped",
      );
    const targets: [PageRun["target"], string][] = [
      ["reader page", `/blogs/${BLOG_ID}`],
      ["entries API", `/api/blogs/${BLOG_ID}/entries`],
      ...(asset ? [["static asset", asset] as [PageRun["target"], string]] : []),
    ];
    const cases: { name: PageRun["target"]; path: string; headers: Record<string, string> }[] = [];
    for (const [name, path] of targets) {
      const etag = await etagOf(`${url}${path}`);
      cases.push({ name, path, headers: {} });
      if (etag) cases.push({ name, path, headers: { "If-None-Match": etag } });
    }
    // Interleaved like the other scenarios: every case once per round.
    const samples = cases.map(() => [] as AutocannonJson[]);
    const server = topology.servers[0]!;
    for (let r = 0; r < options.rounds; r++)
      for (const [i, c] of cases.entries()) {
        const profile = options.profile && r === 0;
        if (profile) await server.startProfile();
        samples[i]!.push(await autocannon(`${url}${c.path}`, c.headers, options));
        const name = `pages-${c.name.replace(/\W+/g, "-")}${"If-None-Match" in c.headers ? "-304" : ""}`;
        if (profile) await server.stopProfile(`${PROFILE_DIR}/${name}.cpuprofile`);
      }
    const runs = cases.map((c, i): PageRun => {
      const all = samples[i]!;
      const status: Record<string, number> = {};
      for (const key of ["2xx", "3xx", "4xx", "5xx"] as const)
        status[key] = all.reduce((n, s) => n + s[key], 0);
      return {
        target: c.name,
        path: c.path,
        conditional: "If-None-Match" in c.headers,
        rounds: all.length,
        requestsPerSec: round(median(all.map((s) => s.requests.average))!, 0),
        p50Ms: round(median(all.map((s) => s.latency.p50))!, 1),
        p99Ms: round(median(all.map((s) => s.latency.p99))!, 1),
        status,
        errors: all.reduce((n, s) => n + s.errors + s.timeouts, 0),
      };
    });
    for (const run of runs)
      step(
        label,
        `${run.target}${run.conditional ? " (If-None-Match)" : ""}: ${run.requestsPerSec} req/s, p99 ${run.p99Ms} ms`,
      );
    return runs;
  } finally {
    await topology.stop();
  }
}
