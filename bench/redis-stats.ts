/**
 * What Redis itself did during a measuring window, per node: messages published, commands
 * processed, bytes sent and CPU, from INFO (stats, cpu, commandstats) read before and after.
 * Commands a Lua script calls count in commandstats like the others, so the entry script's
 * PUBLISH or SPUBLISH shows as one published message per entry.
 */
import { Redis } from "ioredis";
import { round } from "./stats.js";

/** A node of the Redis under test: one redis-server, or a master or replica of a cluster. */
export interface RedisNode {
  /** "redis" for a single server; "shard 1 master", "shard 1 replica"... for a cluster. */
  label: string;
  role: "master" | "replica";
  /** The benchmark's blogs whose slot this node serves (a replica: its master's). */
  blogs: string[];
  url: string;
}

/** Counters of one node at one moment (all cumulative since the node started). */
export interface RedisCounters {
  atMs: number;
  commands: number;
  /** PUBLISH and SPUBLISH calls. */
  published: number;
  netOutputBytes: number;
  cpuSeconds: number;
  /** Calls and microseconds per command (INFO commandstats), by lower-case name. */
  byCommand: Record<string, CommandCounters>;
}

export interface CommandCounters {
  calls: number;
  usec: number;
}

/** One node's work over a window: in all, and per second. */
export interface RedisWindow {
  label: string;
  role: "master" | "replica";
  blogs: string[];
  seconds: number;
  published: number;
  commands: number;
  publishedPerSec: number;
  commandsPerSec: number;
  netOutputKBPerSec: number;
  /** The node's CPU (user + system), in % of one core. */
  cpuPct: number;
}

/** The `field:value` lines of an INFO reply. */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0 && !line.startsWith("#")) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** `calls` of a commandstats line (`cmdstat_publish:calls=30,usec=...`), 0 when absent. */
const callsOf = (fields: Map<string, string>, command: string) =>
  Number(/(?:^|,)calls=(\d+)/.exec(fields.get(`cmdstat_${command}`) ?? "")?.[1] ?? 0);

/** Every `cmdstat_<name>:calls=..,usec=..` line of an INFO reply. */
function commandsOf(fields: Map<string, string>): Record<string, CommandCounters> {
  const commands: Record<string, CommandCounters> = {};
  for (const [field, value] of fields) {
    if (!field.startsWith("cmdstat_")) continue;
    const calls = /(?:^|,)calls=(\d+)/.exec(value)?.[1];
    const usec = /(?:^|,)usec=(\d+)/.exec(value)?.[1];
    commands[field.slice("cmdstat_".length)] = {
      calls: Number(calls ?? 0),
      usec: Number(usec ?? 0),
    };
  }
  return commands;
}

/**
 * What each command cost between two readings of one node: calls and microseconds inside Redis
 * (commandstats time the command's execution, not reading the request or writing the reply).
 * A script's time includes the commands it calls, which are also counted under their own names.
 */
export function commandDeltas(before: RedisCounters, after: RedisCounters) {
  const deltas: Record<string, CommandCounters> = {};
  for (const [name, now] of Object.entries(after.byCommand)) {
    const then = before.byCommand[name] ?? { calls: 0, usec: 0 };
    if (now.calls > then.calls)
      deltas[name] = { calls: now.calls - then.calls, usec: now.usec - then.usec };
  }
  return deltas;
}

/** The counters in an INFO reply with the stats, cpu and commandstats sections, read at `atMs`. */
export function countersOf(info: string, atMs: number): RedisCounters {
  const fields = parseInfo(info);
  const number = (name: string) => Number(fields.get(name) ?? 0);
  return {
    atMs,
    commands: number("total_commands_processed"),
    published: callsOf(fields, "publish") + callsOf(fields, "spublish"),
    netOutputBytes: number("total_net_output_bytes"),
    cpuSeconds: number("used_cpu_user") + number("used_cpu_sys"),
    byCommand: commandsOf(fields),
  };
}

/** Per-second figures of a node between two readings. */
export function redisWindow(node: RedisNode, before: RedisCounters, after: RedisCounters) {
  const seconds = Math.max(1e-3, (after.atMs - before.atMs) / 1000);
  const delta = (pick: (c: RedisCounters) => number) => pick(after) - pick(before);
  const rate = (pick: (c: RedisCounters) => number) => delta(pick) / seconds;
  return {
    label: node.label,
    role: node.role,
    blogs: node.blogs,
    seconds: round(seconds, 1),
    published: delta((c) => c.published),
    commands: delta((c) => c.commands),
    publishedPerSec: round(
      rate((c) => c.published),
      1,
    ),
    commandsPerSec: round(
      rate((c) => c.commands),
      0,
    ),
    netOutputKBPerSec: round(rate((c) => c.netOutputBytes) / 1024, 1),
    cpuPct: round(100 * rate((c) => c.cpuSeconds), 1),
  } satisfies RedisWindow;
}

/**
 * Opens a connection to every node, and returns a function that reads their counters; `close`
 * ends the connections. The readings themselves are a few commands, not billed to any window.
 */
export async function watchRedis(nodes: RedisNode[]) {
  const clients = nodes.map((node) => {
    const client = new Redis(node.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    client.on("error", () => {});
    return client;
  });
  await Promise.all(clients.map((client) => client.connect()));
  return {
    async read(): Promise<RedisCounters[]> {
      return Promise.all(
        clients.map(async (client) => {
          const info = String(await client.call("INFO", "stats", "cpu", "commandstats"));
          return countersOf(info, performance.now());
        }),
      );
    },
    /** Each node's figures between two readings of `read`. */
    windows(before: RedisCounters[], after: RedisCounters[]): RedisWindow[] {
      return nodes.map((node, i) => redisWindow(node, before[i]!, after[i]!));
    },
    close() {
      for (const client of clients) client.disconnect();
    },
  };
}

export type RedisWatch = Awaited<ReturnType<typeof watchRedis>>;
