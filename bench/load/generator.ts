/**
 * A load generator process: runs many readers of one server kind, records when each entry
 * reached each reader, and, in the reconnect storm, brings lost readers back on another instance
 * with jittered backoff (liveblog readers resubscribe with `since`, as the real client does), and
 * in the vote storm makes each reader vote once (votes.ts). Driven over IPC by fleet.ts; see
 * protocol.ts for the messages.
 */
import { nowMs } from "../clock.js";
import type {
  Command,
  Envelope,
  GeneratorPlan,
  GeneratorResult,
  GeneratorStatus,
  Reply,
} from "./protocol.js";
import { connectReader, type Subscribed } from "./readers.js";
import { createVoting } from "./votes.js";

interface Reader {
  index: number;
  /** Which of plan.urls it is (or was last) connected to. */
  at: number;
  /** seen[n]: entry n arrived; prefix: every entry up to it arrived. */
  seen: Uint8Array;
  prefix: number;
  connection?: Subscribed;
  displaced: boolean;
  attempts: number;
  reconnectedAt: number;
  caughtUpAt: number;
  /** Entries posted by the time it subscribed again: having them all is being caught up. */
  target: number;
}

const CONNECT_TIMEOUT_MS = 30_000;
const BACKOFF_MS = 1_000;
const BACKOFF_MAX_MS = 5_000;

let plan: GeneratorPlan;
let readers: Reader[] = [];
let latencies = new Float64Array(0);
let posted = 0;
let delivered = 0;
let duplicates = 0;
let failed = 0;
let stopping = false;
let cpuAtStart = process.cpuUsage();
let voting: ReturnType<typeof createVoting> | undefined;

function record(reader: Reader, seq: number, sentAtMs: number) {
  const n = seq - plan.seqBase;
  if (n < 1 || n > plan.entries) return;
  if (reader.seen[n]) {
    duplicates += 1;
    return;
  }
  reader.seen[n] = 1;
  delivered += 1;
  latencies[reader.index * plan.entries + n - 1] = nowMs() - sentAtMs;
  while (reader.prefix < plan.entries && reader.seen[reader.prefix + 1]) reader.prefix += 1;
  checkCaughtUp(reader);
}

function checkCaughtUp(reader: Reader) {
  if (reader.displaced && !Number.isNaN(reader.reconnectedAt) && Number.isNaN(reader.caughtUpAt))
    if (reader.prefix >= reader.target) reader.caughtUpAt = nowMs();
}

/** The blog a reader reads: with several, they take turns by global reader index. */
const blogOf = (reader: Reader) =>
  plan.blogIds ? plan.blogIds[(plan.first + reader.index) % plan.blogIds.length]! : plan.blogId;

function open(reader: Reader, since?: number): Promise<Subscribed> {
  const sources = plan.sourceAddresses;
  return connectReader(
    plan.kind,
    {
      url: plan.urls[reader.at]!,
      localAddress: sources[(plan.first + reader.index) % sources.length]!,
      blogId: blogOf(reader),
      since,
      timeoutMs: CONNECT_TIMEOUT_MS,
    },
    {
      event: (seq, sentAtMs) => record(reader, seq, sentAtMs),
      tallies: (tallies) => voting?.received(reader.index, tallies),
      lost: () => lost(reader),
    },
  );
}

function lost(reader: Reader) {
  reader.connection = undefined;
  if (!plan.reconnect || stopping) return;
  reader.displaced = true;
  reader.reconnectedAt = Number.NaN;
  reader.caughtUpAt = Number.NaN;
  comeBack(reader);
}

/** Like socket.io-client's defaults: 1 s doubling to 5 s, each ±50 %, but to the next instance. */
function comeBack(reader: Reader) {
  const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MS * 2 ** reader.attempts) * (0.5 + Math.random());
  setTimeout(async () => {
    if (stopping) return;
    reader.at = (reader.at + 1) % plan.urls.length;
    try {
      const since = plan.kind === "liveblog" ? plan.seqBase + reader.prefix : undefined;
      const connection = await open(reader, since);
      if (stopping) return connection.close();
      reader.connection = connection;
      reader.attempts = 0;
      reader.reconnectedAt = nowMs();
      reader.target = Math.max(posted, (connection.seq ?? 0) - plan.seqBase);
      checkCaughtUp(reader);
    } catch {
      reader.attempts += 1;
      comeBack(reader);
    }
  }, delay);
}

async function connectOnce(reader: Reader) {
  for (let attempt = 1; ; attempt++) {
    try {
      reader.connection = await open(reader);
      return;
    } catch (err) {
      if (attempt >= 3 || stopping) {
        failed += 1;
        if (failed <= 3)
          process.stderr.write(`reader ${plan.first + reader.index}: ${String(err)}\n`);
        return;
      }
    }
  }
}

async function start(next: GeneratorPlan) {
  plan = next;
  cpuAtStart = process.cpuUsage();
  latencies = new Float64Array(plan.count * plan.entries).fill(Number.NaN);
  readers = Array.from({ length: plan.count }, (_, index) => ({
    index,
    at: (plan.first + index) % plan.urls.length,
    seen: new Uint8Array(plan.entries + 1),
    prefix: 0,
    displaced: false,
    attempts: 0,
    reconnectedAt: Number.NaN,
    caughtUpAt: Number.NaN,
    target: 0,
  }));
  voting = createVoting({
    first: plan.first,
    count: plan.count,
    // Its vote goes to the instance its socket is not on: the counts it then sees have crossed
    // instances through the store.
    urlOf: (index) => plan.urls[(readers[index]!.at + 1) % plan.urls.length]!,
    connected: (index) => readers[index]!.connection !== undefined,
  });
  let cursor = 0;
  const worker = async () => {
    while (cursor < readers.length && !stopping) await connectOnce(readers[cursor++]!);
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
}

function status(): GeneratorStatus {
  const displaced = readers.filter((r) => r.displaced);
  return {
    connected: readers.filter((r) => r.connection).length,
    failed,
    delivered,
    displaced: displaced.length,
    reconnected: displaced.filter((r) => !Number.isNaN(r.reconnectedAt)).length,
    caughtUp: displaced.filter((r) => !Number.isNaN(r.caughtUpAt)).length,
    cpuMs: (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpuAtStart)),
  };
}

function collect(): GeneratorResult {
  let missed = 0;
  for (const reader of readers) for (let n = 1; n <= posted; n++) if (!reader.seen[n]) missed += 1;
  const displaced = readers.filter((r) => r.displaced);
  return {
    ...status(),
    latencies,
    duplicates,
    missed,
    reconnectedAt: Float64Array.from(displaced, (r) => r.reconnectedAt),
    caughtUpAt: Float64Array.from(displaced, (r) => r.caughtUpAt),
  };
}

async function handle(command: Command): Promise<Reply> {
  switch (command.type) {
    case "start":
      await start(command.plan);
      return { type: "started", status: status() };
    case "vote":
      voting!.start(command.plan);
      return { type: "ok" };
    case "votes":
      return { type: "votes", report: voting!.votes() };
    case "tallies":
      return { type: "tallies", report: voting!.tallies(command.final, command.lastVoteAtMs) };
    case "posted":
      posted = command.count;
      return { type: "ok" };
    case "status":
      return { type: "status", status: status() };
    case "collect":
      return { type: "result", result: collect() };
    case "stop":
      stopping = true;
      voting?.stop();
      for (const reader of readers) reader.connection?.close();
      setTimeout(() => process.exit(0), 200).unref();
      return { type: "ok" };
  }
}

process.on("message", (envelope: Envelope<Command>) => {
  void handle(envelope.body).then((body) => process.send?.({ id: envelope.id, body }));
});
// If the benchmark dies, so does its load.
process.on("disconnect", () => process.exit(0));
