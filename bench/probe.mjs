/**
 * Preloaded into every server the benchmark measures, the same for liveblog, the baseline and
 * the floor, through NODE_OPTIONS="--import <this file>" with BENCH_PROBE_DIR set. It answers on
 * the Unix socket <BENCH_PROBE_DIR>/<pid>.sock:
 *   GET /mark    starts a measuring window, and answers a sample (with ?gc=1 after a full
 *                garbage collection, so that memory figures are what is retained);
 *   GET /sample  RSS, CPU, event-loop utilisation and delay since the last mark;
 *   GET /profile-start, GET /profile-stop?to=<file>  a CPU profile of just the measured window
 *                (--cpu-prof is not allowed in NODE_OPTIONS, and would profile start-up too).
 * So the servers carry no benchmark code, and any spawner (deploy/cluster included) can start them.
 * Plain JavaScript because NODE_OPTIONS imports run before tsx is registered.
 */
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { Session } from "node:inspector";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

const dir = process.env.BENCH_PROBE_DIR;

if (dir) {
  // A gc() for this process only, without --expose-gc on the command line of every spawner.
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc");
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let startedAt = performance.now();
  let cpu = process.cpuUsage();
  let elu = performance.eventLoopUtilization();

  // The shape is ProbeSample in probe-client.ts.
  const sample = () => {
    const used = process.cpuUsage(cpu);
    const loop = performance.eventLoopUtilization(elu);
    const memory = process.memoryUsage();
    return {
      rssKB: Math.round(memory.rss / 1024),
      heapUsedKB: Math.round(memory.heapUsed / 1024),
      elapsedMs: performance.now() - startedAt,
      cpuMs: (used.user + used.system) / 1000,
      loopActiveMs: loop.active,
      loopDelayP99Ms: delay.percentile(99) / 1e6,
      loopDelayMaxMs: delay.max / 1e6,
    };
  };

  /** @type {Session | undefined} */
  let profiler;
  /** Answers once the inspector did `method`; `then` may use its result. */
  const inspect = (res, method, then = () => {}) =>
    profiler?.post(method, (err, result) => {
      if (err) res.writeHead(500).end(String(err));
      else {
        then(result);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      }
    });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://probe");
    if (url.pathname === "/profile-start") {
      profiler = new Session();
      profiler.connect();
      profiler.post("Profiler.enable", () => inspect(res, "Profiler.start"));
      return;
    }
    if (url.pathname === "/profile-stop") {
      const to = url.searchParams.get("to") ?? join(dir, `${process.pid}.cpuprofile`);
      inspect(res, "Profiler.stop", ({ profile }) => {
        writeFileSync(to, JSON.stringify(profile));
        profiler?.disconnect();
        profiler = undefined;
      });
      return;
    }
    if (url.pathname === "/mark") {
      if (url.searchParams.has("gc")) gc();
      startedAt = performance.now();
      cpu = process.cpuUsage();
      elu = performance.eventLoopUtilization();
      delay.reset();
    } else if (url.pathname !== "/sample") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(sample()));
  });
  server.listen(join(dir, `${process.pid}.sock`));
  // The probe must not keep a server alive that was asked to stop.
  server.unref();
}
