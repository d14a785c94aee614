/** The benchmark's side of probe.mjs: ask a server process for its RSS, CPU and event loop. */
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface ProbeSample {
  rssKB: number;
  heapUsedKB: number;
  /** Since the last mark. */
  elapsedMs: number;
  cpuMs: number;
  /** Time the event loop was busy. */
  loopActiveMs: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

const PROBE = fileURLToPath(new URL("./probe.mjs", import.meta.url));

/** A directory for the probes' sockets, and the environment that preloads the probe. */
export function probeEnvironment() {
  const dir = mkdtempSync(join(tmpdir(), "liveblog-bench-"));
  return {
    dir,
    env: { BENCH_PROBE_DIR: dir, NODE_OPTIONS: `--import ${PROBE}` },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Asks the probe in process `pid`: mark, sample, or start/stop a CPU profile (into `to`). */
export function askProbe(
  dir: string,
  pid: number,
  what: "mark" | "mark?gc=1" | "sample",
): Promise<ProbeSample>;
export function askProbe(dir: string, pid: number, what: "profile-start"): Promise<unknown>;
export function askProbe(
  dir: string,
  pid: number,
  what: "profile-stop",
  to: string,
): Promise<unknown>;
export function askProbe(dir: string, pid: number, what: string, to?: string): Promise<unknown> {
  const path = `/${what}${to ? `?to=${encodeURIComponent(to)}` : ""}`;
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: join(dir, `${pid}.sock`), path, timeout: 30_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        try {
          resolve(JSON.parse(body));
        } catch (err) {
          reject(new Error(`probe of ${pid} answered ${res.statusCode}: ${body}`, { cause: err }));
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error(`probe of ${pid} timed out`)));
    req.on("error", reject);
    req.end();
  });
}
