/**
 * What every reader scenario starts with: fresh servers of one kind on a fresh Redis, the blog
 * (or the layout's blogs), a warm-up, and R readers connected and subscribed through the load
 * generators.
 */
import { fileURLToPath } from "node:url";
import { sleep } from "../clock.js";
import { startFleet, type Fleet } from "../load/fleet.js";
import type { GeneratorStatus } from "../load/protocol.js";
import { prepareBlog, warmUp, type PostTarget } from "../load/poster.js";
import type { BenchOptions, RedisMode, ServerKind } from "../options.js";
import type { ProbeSample } from "../probe-client.js";
import { step, update } from "../progress.js";
import { round } from "../stats.js";
import { startTopology, type Topology } from "../topology.js";

export const BLOG_ID = "bench";
export const INSTANCES = 2;

/** Which blogs readers follow and what liveblog's Redis is: one blog on one redis-server by default. */
export interface ReaderLayout {
  blogIds: string[];
  redis: RedisMode;
}
export const SINGLE_BLOG: ReaderLayout = { blogIds: [BLOG_ID], redis: "single" };
/**
 * The cluster scenario's blogs, one per master of a 3-master cluster as redis-cli creates it
 * (slots 0-5460, 5461-10922, 10923-16383): their hash tags fall in slots 4091, 8154 and 12217.
 * Both Redis setups get the same blogs, so the work differs only by where it lands.
 */
export const CLUSTER_BLOGS = ["bench-2", "bench-3", "bench-0"];
/** Where --profile puts CPU profiles of the measured windows (*.cpuprofile is not committed). */
export const PROFILE_DIR = fileURLToPath(new URL("../results", import.meta.url));

/** With --profile, profiles every instance of the run until the returned function saves them. */
export async function profileWindow(run: ReaderRun, options: BenchOptions, name: string) {
  if (!options.profile) return async () => {};
  const servers = run.topology.servers;
  await Promise.all(servers.map((s) => s.startProfile()));
  return async () => {
    await Promise.all(
      servers.map((s) => s.stopProfile(`${PROFILE_DIR}/${name}-${s.kind}-${s.index}.cpuprofile`)),
    );
  };
}

export interface ReaderRun {
  topology: Topology;
  /** Readers asked for (connected ones: `connected`). */
  readers: number;
  /** The blogs readers follow, each at seq seqBase before the first measured entry. */
  blogIds: string[];
  urls: string[];
  target: PostTarget;
  fleet: Fleet;
  seqBase: number;
  /** Probe samples before the readers came. */
  idle: ProbeSample[];
  connected: GeneratorStatus;
  connectSeconds: number;
  close(): Promise<void>;
}

/**
 * Marks every server three times, 300 ms apart, each after a full GC, and keeps per server the
 * median memory reading: RSS moves by a few MB between samples as the allocator returns pages.
 * The last mark starts the measuring window.
 */
export async function settledMarks(servers: Topology["servers"]): Promise<ProbeSample[]> {
  const rounds: ProbeSample[][] = [];
  for (let i = 0; i < 3; i++) {
    await sleep(300);
    rounds.push(await Promise.all(servers.map((s) => s.mark())));
  }
  const middle = (values: number[]) => values.sort((a, b) => a - b)[1]!;
  return rounds[2]!.map((last, i) => ({
    ...last,
    rssKB: middle(rounds.map((r) => r[i]!.rssKB)),
    heapUsedKB: middle(rounds.map((r) => r[i]!.heapUsedKB)),
  }));
}

/** Growth of the servers' memory per reader between two sets of samples: RSS and JS heap, in KB. */
export function perReader(before: ProbeSample[], after: ProbeSample[], readers: number) {
  const sum = (samples: ProbeSample[], pick: (s: ProbeSample) => number) =>
    samples.reduce((kb, s) => kb + pick(s), 0);
  const growth = (pick: (s: ProbeSample) => number) =>
    round((sum(after, pick) - sum(before, pick)) / readers, 1);
  return { memPerReaderKB: growth((s) => s.rssKB), heapPerReaderKB: growth((s) => s.heapUsedKB) };
}

/** Shows the fleet's status every second until the returned function is called. */
export function ticker(label: string, fleet: Fleet, text: (s: GeneratorStatus) => string) {
  const timer = setInterval(() => {
    fleet.status().then(
      (s) => update(label, text(s)),
      () => {},
    );
  }, 1_000);
  return () => clearInterval(timer);
}

export async function openReaderRun(
  kind: ServerKind,
  readers: number,
  entries: number,
  options: BenchOptions & { reconnect: boolean; label: string; layout?: ReaderLayout },
): Promise<ReaderRun> {
  const { label } = options;
  const { blogIds, redis } = options.layout ?? SINGLE_BLOG;
  const topology = await startTopology(kind, { instances: INSTANCES, redis });
  const urls = topology.servers.map((s) => s.url);
  const target: PostTarget = { kind, adminToken: topology.adminToken };
  let fleet: Fleet | undefined;
  try {
    const seqs: number[] = [];
    for (const blogId of blogIds)
      seqs.push(await warmUp(target, urls, blogId, await prepareBlog(target, urls[0]!, blogId)));
    // Readers tell entries apart by seq alone (entry n is seqBase + n), whatever their blog.
    const seqBase = seqs[0]!;
    if (seqs.some((seq) => seq !== seqBase))
      throw new Error(`the blogs start at different seqs: ${seqs.join(", ")}`);
    await sleep(500);
    const idle = await settledMarks(topology.servers);
    fleet = startFleet({
      kind,
      urls,
      blogId: blogIds[0]!,
      ...(blogIds.length > 1 ? { blogIds } : {}),
      seqBase,
      entries,
      readers,
      reconnect: options.reconnect,
    });
    const started = Date.now();
    const stop = ticker(label, fleet, (s) => `connecting ${s.connected}/${readers}`);
    const connected = await fleet.connect().finally(stop);
    const connectSeconds = (Date.now() - started) / 1000;
    const servers = await Promise.all(topology.servers.map((s) => s.sample()));
    const cpu = (ms: number) => `${Math.round(ms / 10 / connectSeconds)}%`;
    step(
      label,
      `${connected.connected}/${readers} readers connected in ${connectSeconds.toFixed(1)} s over ${fleet.generators} generator(s)${connected.failed ? `, ${connected.failed} failed` : ""} (CPU: servers ${cpu(servers.reduce((ms, s) => ms + s.cpuMs, 0))}, generators ${cpu(connected.cpuMs)})`,
    );
    const opened = fleet;
    return {
      topology,
      readers,
      blogIds,
      urls,
      target,
      fleet,
      seqBase,
      idle,
      connected,
      connectSeconds,
      async close() {
        await opened.stop();
        await topology.stop();
      },
    };
  } catch (err) {
    await fleet?.stop();
    await topology.stop();
    throw err;
  }
}
