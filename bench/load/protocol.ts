/** Messages between the benchmark and its load generator processes (IPC, advanced serialization). */
import type { ServerKind } from "../options.js";

export interface GeneratorPlan {
  kind: ServerKind;
  /** Instance base URLs; reader i starts on urls[i % urls.length]. */
  urls: string[];
  blogId: string;
  /**
   * Several blogs: reader i reads blogIds[i % blogIds.length] instead of `blogId` (all of them
   * start at the same seq, seqBase).
   */
  blogIds?: string[];
  /** The blog's seq before the first entry: entry n has seq seqBase + n. */
  seqBase: number;
  /** Global index of this generator's first reader, and how many it runs. */
  first: number;
  count: number;
  entries: number;
  /** Loopback source addresses to spread connections over (each has its own ephemeral ports). */
  sourceAddresses: string[];
  /** Connections opened at once. */
  concurrency: number;
  /** Readers whose connection drops come back on another instance, with jittered backoff. */
  reconnect: boolean;
}

export type Command =
  | { type: "start"; plan: GeneratorPlan }
  | { type: "posted"; count: number }
  | { type: "status" }
  | { type: "collect" }
  | { type: "stop" };

export interface GeneratorStatus {
  connected: number;
  failed: number;
  delivered: number;
  /** Readers whose connection was lost, how many have subscribed again and how many caught up. */
  displaced: number;
  reconnected: number;
  caughtUp: number;
  /** CPU the generator process used since it was started. */
  cpuMs: number;
}

export interface GeneratorResult extends GeneratorStatus {
  /** POST→receipt in ms, reader-major (count × entries), NaN where nothing arrived. */
  latencies: Float64Array;
  duplicates: number;
  /** Entries up to the last one posted that a reader never got. */
  missed: number;
  /** Clock readings (see clock.ts) at which displaced readers subscribed again / caught up. */
  reconnectedAt: Float64Array;
  caughtUpAt: Float64Array;
}

export type Reply =
  | { type: "started"; status: GeneratorStatus }
  | { type: "status"; status: GeneratorStatus }
  | { type: "result"; result: GeneratorResult }
  | { type: "ok" };

export interface Envelope<T> {
  id: number;
  body: T;
}
