/**
 * Reconnect storm: R readers on 2 instances, entries posted every 500 ms to the second instance,
 * and after a few entries the first instance, holding half the readers, is killed (SIGKILL).
 * Its readers come back on the survivor with jittered backoff. Measures how long until every one
 * is reconnected and holds every entry posted meanwhile, and what was missed or duplicated.
 */
import { nowMs, sleep } from "../clock.js";
import { postEntries } from "../load/poster.js";
import type { GeneratorStatus } from "../load/protocol.js";
import type { BenchOptions, ServerKind } from "../options.js";
import { step } from "../progress.js";
import { median, round } from "../stats.js";
import { BLOG_ID, openReaderRun, perReader, PROFILE_DIR, settledMarks, ticker } from "./setup.js";

export interface StormRun {
  kind: ServerKind;
  readers: number;
  entries: number;
  delivered: number;
  expected: number;
  /** Entries some reader never got, summed over readers. */
  missed: number;
  /** Entries a reader got more than once, summed over readers. */
  duplicated: number;
  latencies: Float64Array;
  /** Readers on the killed instance; how many came back; how many hold every entry again. */
  displaced: number;
  reconnected: number;
  caughtUp: number;
  /** From the kill until the last displaced reader was subscribed again / had caught up. */
  reconnectMs: number | null;
  caughtUpMs: number | null;
  caughtUpP50Ms: number | null;
  memPerReaderKB: number;
  heapPerReaderKB: number;
  /** The surviving instance while the displaced readers came back. */
  survivorCpuPct: number;
  survivorLoopDelayMaxMs: number;
}

/** Entries posted before the kill. */
const KILL_AFTER = 6;

const settled = (s: GeneratorStatus) => s.displaced > 0 && s.caughtUp === s.displaced;

export async function runStorm(
  kind: ServerKind,
  readers: number,
  options: BenchOptions,
  label: string,
): Promise<StormRun> {
  const entries = options.stormEntries;
  const run = await openReaderRun(kind, readers, entries, {
    ...options,
    reconnect: true,
    label,
  });
  const { topology, fleet } = run;
  const [victim, survivor] = topology.servers;
  try {
    await sleep(1_000);
    const loaded = await settledMarks(topology.servers);
    if (options.profile) await survivor!.startProfile();
    let killedAt = Number.NaN;
    const kill = sleep((KILL_AFTER - 0.5) * options.intervalMs).then(async () => {
      killedAt = nowMs();
      await victim!.kill("SIGKILL");
      step(label, `killed instance 0 after ${KILL_AFTER} entries`);
    });
    const stop = ticker(
      label,
      fleet,
      (s) =>
        `storm: ${s.reconnected}/${s.displaced} back, ${s.caughtUp} caught up, ${s.delivered} delivered`,
    );
    let posted = 0;
    const posts = await postEntries({
      target: run.target,
      blogId: BLOG_ID,
      seqBase: run.seqBase,
      entries,
      intervalMs: options.intervalMs,
      urlFor: () => survivor!.url,
      onPosted: (count) => {
        posted = count;
        void fleet.posted(count);
      },
    });
    await kill;
    // Wait until everyone caught up, or nothing has changed for 3 s (the baseline never catches up).
    let last = "";
    let quietSince = Date.now();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && Date.now() - quietSince < 3_000) {
      const s = await fleet.status();
      if (settled(s) && s.delivered >= s.connected * posted) break;
      const now = `${s.delivered} ${s.reconnected} ${s.caughtUp}`;
      if (now !== last) quietSince = Date.now();
      last = now;
      await sleep(200);
    }
    stop();
    const survived = await survivor!.sample();
    if (options.profile)
      await survivor!.stopProfile(`${PROFILE_DIR}/storm-${readers}-${kind}-survivor.cpuprofile`);
    const result = await fleet.collect();
    if (posts.failed) step(label, `${posts.failed} posts failed: ${posts.errors[0]}`);
    const since = (times: Float64Array) => Array.from(times, (t) => t - killedAt);
    const back = since(result.reconnectedAt);
    const caught = since(result.caughtUpAt);
    const all = (values: number[]) =>
      values.length > 0 && values.every(Number.isFinite) ? round(Math.max(...values), 0) : null;
    return {
      kind,
      readers,
      entries: posted,
      delivered: result.delivered,
      expected: readers * posted,
      missed: result.missed,
      duplicated: result.duplicates,
      latencies: result.latencies,
      displaced: result.displaced,
      reconnected: result.reconnected,
      caughtUp: result.caughtUp,
      reconnectMs: all(back),
      caughtUpMs: all(caught),
      ...perReader(run.idle, loaded, readers),
      survivorCpuPct: round((100 * survived.cpuMs) / survived.elapsedMs, 1),
      survivorLoopDelayMaxMs: round(survived.loopDelayMaxMs, 1),
      caughtUpP50Ms: (() => {
        const m = median(caught);
        return m === null ? null : round(m, 0);
      })(),
    };
  } finally {
    await run.close();
  }
}
