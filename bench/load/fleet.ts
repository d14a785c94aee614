/**
 * The load generators as the benchmark sees them: N processes that together run R readers,
 * with one call to start, poll, collect and stop them all.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type {
  Command,
  Envelope,
  GeneratorPlan,
  GeneratorResult,
  GeneratorStatus,
  Reply,
  TallyReport,
  VotePlan,
  VoteReport,
} from "./protocol.js";

/** Readers per generator process: well inside one process's open-file limit. */
export const READERS_PER_GENERATOR = 2_500;
/** Each loopback source address has its own ~28k ephemeral ports; 8 leave room for 20k+ readers. */
const SOURCE_ADDRESSES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 1}`);

export type FleetPlan = Omit<
  GeneratorPlan,
  "first" | "count" | "sourceAddresses" | "concurrency"
> & {
  readers: number;
};

const GENERATOR = fileURLToPath(new URL("./generator.ts", import.meta.url));

function generatorProcess() {
  const child = spawn(process.execPath, ["--import", "tsx", GENERATOR], {
    env: { PATH: process.env.PATH },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    serialization: "advanced",
  });
  const lines: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => lines.push(chunk.toString()));
  child.stdout!.resume();
  let nextId = 1;
  const pending = new Map<number, (reply: Reply) => void>();
  child.on("message", (envelope: Envelope<Reply>) => {
    pending.get(envelope.id)?.(envelope.body);
    pending.delete(envelope.id);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) =>
      reject(new Error(`load generator exited (${code}):\n${lines.join("").slice(-2000)}`)),
    ),
  );
  exited.catch(() => {});
  const ask = <T extends Reply["type"]>(body: Command) =>
    Promise.race([
      new Promise<Extract<Reply, { type: T }>>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve as (reply: Reply) => void);
        child.send({ id, body } satisfies Envelope<Command>);
      }),
      exited,
    ]);
  return { child, ask, exited };
}

const sum = (statuses: GeneratorStatus[]): GeneratorStatus => {
  const total: GeneratorStatus = {
    connected: 0,
    failed: 0,
    delivered: 0,
    displaced: 0,
    reconnected: 0,
    caughtUp: 0,
    cpuMs: 0,
  };
  for (const s of statuses)
    for (const key of Object.keys(total) as (keyof GeneratorStatus)[]) total[key] += s[key];
  return total;
};

export interface FleetResult extends GeneratorStatus {
  latencies: Float64Array;
  duplicates: number;
  missed: number;
  reconnectedAt: Float64Array;
  caughtUpAt: Float64Array;
}

function concat(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}

/** All generators' votes as one report. */
function mergeVotes(reports: VoteReport[]): VoteReport {
  const answered = reports.map((r) => r.lastAcceptedAtMs).filter(Number.isFinite);
  const merged: VoteReport = {
    planned: 0,
    sent: 0,
    answered: 0,
    byStatus: {},
    firstAnswer: {},
    accepted: reports[0]!.accepted.map(() => 0),
    unanswered: reports[0]!.unanswered.map(() => 0),
    latencies: concat(reports.map((r) => r.latencies)),
    firstSentAtMs: Math.min(...reports.map((r) => r.firstSentAtMs)),
    lastAcceptedAtMs: answered.length ? Math.max(...answered) : Number.NaN,
  };
  for (const r of reports) {
    merged.planned += r.planned;
    merged.sent += r.sent;
    merged.answered += r.answered;
    for (const [status, n] of Object.entries(r.byStatus))
      merged.byStatus[status] = (merged.byStatus[status] ?? 0) + n;
    merged.firstAnswer = { ...r.firstAnswer, ...merged.firstAnswer };
    r.accepted.forEach((n, option) => (merged.accepted[option]! += n));
    r.unanswered.forEach((n, option) => (merged.unanswered[option]! += n));
  }
  return merged;
}

/** All generators' readers' tallies as one report. */
function mergeTallies(reports: TallyReport[]): TallyReport {
  const gaps = reports.map((r) => r.minGapMs).filter(Number.isFinite);
  return {
    readers: reports.reduce((n, r) => n + r.readers, 0),
    final: reports.reduce((n, r) => n + r.final, 0),
    finalAfterMs: concat(reports.map((r) => r.finalAfterMs)),
    received: reports.reduce((n, r) => n + r.received, 0),
    repeated: reports.reduce((n, r) => n + r.repeated, 0),
    perSecond: concat(reports.map((r) => r.perSecond)),
    maxInOneSecond: Math.max(...reports.map((r) => r.maxInOneSecond)),
    minGapMs: gaps.length ? Math.min(...gaps) : Number.NaN,
  };
}

export function startFleet(plan: FleetPlan) {
  const count = Math.max(1, Math.ceil(plan.readers / READERS_PER_GENERATOR));
  const generators = Array.from({ length: count }, generatorProcess);
  const share = (i: number) =>
    Math.floor((plan.readers * (i + 1)) / count) - Math.floor((plan.readers * i) / count);

  const all = <T extends Reply["type"]>(command: Command) =>
    Promise.all(generators.map((g) => g.ask<T>(command)));

  return {
    generators: count,
    /** Connects and subscribes every reader; resolves when each was connected or gave up. */
    async connect(): Promise<GeneratorStatus> {
      const replies = await Promise.all(
        generators.map((g, i) => {
          const { readers, ...rest } = plan;
          return g.ask<"started">({
            type: "start",
            plan: {
              ...rest,
              first: Math.floor((readers * i) / count),
              count: share(i),
              sourceAddresses: SOURCE_ADDRESSES,
              concurrency: 32,
            },
          });
        }),
      );
      return sum(replies.map((r) => r.status));
    },
    async status(): Promise<GeneratorStatus> {
      return sum((await all<"status">({ type: "status" })).map((r) => r.status));
    },
    async posted(count: number) {
      await all({ type: "posted", count });
    },
    /** Starts the vote storm: every connected reader votes once, at its moment of the window. */
    async vote(votes: VotePlan) {
      await all({ type: "vote", plan: votes });
    },
    async votes(): Promise<VoteReport> {
      return mergeVotes((await all<"votes">({ type: "votes" })).map((r) => r.report));
    },
    /** What readers saw of the poll's counts, against its final counts. */
    async tallies(final: number[], lastVoteAtMs: number): Promise<TallyReport> {
      const replies = await all<"tallies">({ type: "tallies", final, lastVoteAtMs });
      return mergeTallies(replies.map((r) => r.report));
    },
    async collect(): Promise<FleetResult> {
      const results: GeneratorResult[] = (await all<"result">({ type: "collect" })).map(
        (r) => r.result,
      );
      return {
        ...sum(results),
        latencies: concat(results.map((r) => r.latencies)),
        duplicates: results.reduce((n, r) => n + r.duplicates, 0),
        missed: results.reduce((n, r) => n + r.missed, 0),
        reconnectedAt: concat(results.map((r) => r.reconnectedAt)),
        caughtUpAt: concat(results.map((r) => r.caughtUpAt)),
      };
    },
    async stop() {
      await Promise.allSettled(generators.map((g) => g.ask({ type: "stop" })));
      await Promise.allSettled(
        generators.map(
          (g) =>
            new Promise<void>((resolve) => {
              if (g.child.exitCode !== null) return resolve();
              const timer = setTimeout(() => g.child.kill("SIGKILL"), 5_000);
              g.child.once("exit", () => {
                clearTimeout(timer);
                resolve();
              });
            }),
        ),
      );
    },
  };
}

export type Fleet = ReturnType<typeof startFleet>;
