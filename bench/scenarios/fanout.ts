/**
 * Fan-out: R readers split over 2 instances, one entry every 500 ms. Measures delivered/expected,
 * POST→receipt latency at every reader, the servers' RSS growth per reader, their CPU, and how
 * long their event loops were busy per entry. With a layout (the cluster scenario): readers split
 * over several blogs, each blog posted every entry, on single Redis or a Redis Cluster, and what
 * each Redis node did meanwhile.
 */
import { sleep, waitFor } from "../clock.js";
import { postEntriesToBlogs } from "../load/poster.js";
import { machineBusyMs } from "../machine.js";
import type { BenchOptions, ServerKind } from "../options.js";
import { step } from "../progress.js";
import { watchRedis, type RedisWindow } from "../redis-stats.js";
import { round } from "../stats.js";
import {
  INSTANCES,
  openReaderRun,
  perReader,
  profileWindow,
  settledMarks,
  ticker,
  type ReaderLayout,
  type ReaderRun,
} from "./setup.js";

export interface FanoutRun {
  kind: ServerKind;
  readers: number;
  entries: number;
  delivered: number;
  expected: number;
  duplicates: number;
  failedConnections: number;
  failedPosts: number;
  latencies: Float64Array;
  connectSeconds: number;
  /** Growth of the servers' RSS and JS heap per connected reader (after a full GC). */
  memPerReaderKB: number;
  heapPerReaderKB: number;
  /** CPU of all instances while entries went out, in % of one core. */
  cpuPct: number;
  /** CPU of all instances over the window per delivered event, in µs of one core. */
  cpuUsPerDelivery: number;
  /** The same CPU time divided by the entries: what fanning one entry out cost all instances. */
  cpuMsPerEntry: number;
  /** CPU of the load generators meanwhile (they share the cores), in % of one core. */
  generatorCpuPct: number;
  /** Event-loop busy time per entry, averaged over the instances. */
  loopBusyMsPerEntry: number;
  /** The longest event-loop stall seen on any instance while entries went out. */
  loopDelayMaxMs: number;
  /** CPU used meanwhile by everything but the servers and generators (others' work, Redis), % of one core. */
  otherCpuPct: number;
  /** With a layout: what each node of liveblog's Redis did per second while entries went out. */
  redis?: RedisWindow[];
}

export async function runFanout(
  kind: ServerKind,
  readers: number,
  options: BenchOptions,
  label: string,
  layout?: ReaderLayout,
  /** Runs on the same servers and readers once the fan-out is measured (the smoke run's votes). */
  after?: (run: ReaderRun) => Promise<void>,
): Promise<FanoutRun> {
  const entries = options.entries;
  const run = await openReaderRun(kind, readers, entries, {
    ...options,
    reconnect: false,
    label,
    layout,
  });
  const { topology, urls, fleet, connected } = run;
  try {
    // Let connection bursts, reader-count ticks and the GC settle before measuring.
    await sleep(2_000);
    const loaded = await settledMarks(topology.servers);
    const [machineBefore, fleetBefore] = [machineBusyMs(), (await fleet.status()).cpuMs];
    const saveProfiles = await profileWindow(run, options, `fanout-${readers}`);
    const nodes = layout ? await topology.redisNodes?.(run.blogIds) : undefined;
    for (const node of nodes ?? [])
      if (node.role === "master" && node.blogs.length === 0)
        step(label, `${node.label} serves none of the blogs: its shard idles`);
    const redis = nodes ? await watchRedis(nodes) : undefined;
    const redisBefore = await redis?.read();

    const expected = readers * entries;
    const stop = ticker(label, fleet, (s) => `posting: ${s.delivered}/${expected} delivered`);
    const posts = await postEntriesToBlogs({
      target: run.target,
      blogIds: run.blogIds,
      seqBase: run.seqBase,
      entries,
      intervalMs: options.intervalMs,
      urlFor: (n) => urls[n % urls.length]!,
    });
    const reachable = connected.connected * (entries - posts.failed);
    // Until every reader has every entry, or nothing more arrived for 5 s (an overloaded run
    // keeps delivering long after the last post; a lost event never comes).
    let last = -1;
    let quietSince = Date.now();
    await waitFor(
      async () => {
        const { delivered } = await fleet.status();
        if (delivered !== last) [last, quietSince] = [delivered, Date.now()];
        return delivered >= reachable || Date.now() - quietSince > 5_000;
      },
      120_000,
      200,
    );
    stop();
    const busy = await Promise.all(topology.servers.map((s) => s.sample()));
    const redisAfter = await redis?.read();
    redis?.close();
    const machineMs = machineBusyMs() - machineBefore;
    const fleetMs = (await fleet.status()).cpuMs - fleetBefore;
    await saveProfiles();
    const result = await fleet.collect();
    if (posts.failed) step(label, `${posts.failed} posts failed: ${posts.errors[0]}`);
    await after?.(run);

    const windowMs = Math.max(...busy.map((s) => s.elapsedMs));
    const serversMs = busy.reduce((ms, s) => ms + s.cpuMs, 0);
    return {
      kind,
      readers,
      entries,
      delivered: result.delivered,
      expected,
      duplicates: result.duplicates,
      failedConnections: connected.failed,
      failedPosts: posts.failed,
      latencies: result.latencies,
      connectSeconds: round(run.connectSeconds, 1),
      ...perReader(run.idle, loaded, readers),
      cpuPct: round((100 * serversMs) / windowMs, 1),
      cpuUsPerDelivery: round((1000 * serversMs) / Math.max(1, result.delivered), 2),
      cpuMsPerEntry: round(serversMs / entries, 1),
      generatorCpuPct: round((100 * fleetMs) / windowMs, 0),
      otherCpuPct: round(Math.max(0, (100 * (machineMs - serversMs - fleetMs)) / windowMs), 0),
      loopBusyMsPerEntry: round(
        busy.reduce((ms, s) => ms + s.loopActiveMs, 0) / INSTANCES / entries,
        2,
      ),
      loopDelayMaxMs: round(Math.max(...busy.map((s) => s.loopDelayMaxMs)), 1),
      ...(redis && redisBefore && redisAfter
        ? { redis: redis.windows(redisBefore, redisAfter) }
        : {}),
    };
  } finally {
    await run.close();
  }
}
