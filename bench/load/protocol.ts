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

/** The vote storm: every reader of every generator votes once in the poll of one entry. */
export interface VotePlan {
  blogId: string;
  entryId: string;
  pollId: string;
  /** How many options the poll has. */
  options: number;
  /** Readers in the whole run: votes are spread over all of them alike. */
  readers: number;
  /** Clock reading (clock.ts) of the window's start; the votes are spread over `windowMs`. */
  startAtMs: number;
  windowMs: number;
  /** What a reader's browser sends as Origin: the site's origin (the servers' PUBLIC_ORIGIN). */
  origin: string;
}

/** A generator's votes so far. */
export interface VoteReport {
  /** Votes scheduled: one per reader connected when the storm began. */
  planned: number;
  sent: number;
  answered: number;
  /** Answers by HTTP status ("200", "429"...); "error" when none came (reset, timeout). */
  byStatus: Record<string, number>;
  /** For each status but 200, the first answer's body (or error): what the refusals said. */
  firstAnswer: Record<string, string>;
  /** Accepted votes per option, and votes per option that got no answer at all. */
  accepted: number[];
  unanswered: number[];
  /** Sent to answered, ms, per vote (NaN where no answer came). */
  latencies: Float64Array;
  /** Clock readings: the first vote sent, the last accepted vote answered (NaN: none). */
  firstSentAtMs: number;
  lastAcceptedAtMs: number;
}

/** What a generator's readers received of the poll's counts (`blog:tallies`). */
export interface TallyReport {
  /** Readers still connected. */
  readers: number;
  /** Of them, those whose last `blog:tallies` for the poll held the final counts. */
  final: number;
  /** Per such reader: from the last accepted vote's answer until that tally arrived, ms. */
  finalAfterMs: Float64Array;
  /** `blog:tallies` for the poll received, all readers together. */
  received: number;
  /** Of them, those whose counts were the reader's previous ones: sent with nothing new. */
  repeated: number;
  /** Per reader: tallies per second from its first to its last (NaN: fewer than two). */
  perSecond: Float64Array;
  /** The most tallies one reader received within one second (any 1,000 ms). */
  maxInOneSecond: number;
  /** The shortest time between two tallies at one reader, ms (NaN: no reader got two). */
  minGapMs: number;
}

export type Command =
  | { type: "start"; plan: GeneratorPlan }
  | { type: "vote"; plan: VotePlan }
  | { type: "votes" }
  /** `final`: the poll's counts once every vote was answered; `lastVoteAtMs`: its answer's time. */
  | { type: "tallies"; final: number[]; lastVoteAtMs: number }
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
  | { type: "votes"; report: VoteReport }
  | { type: "tallies"; report: TallyReport }
  | { type: "ok" };

export interface Envelope<T> {
  id: number;
  body: T;
}
