/**
 * The one place that opens Redis connections, to one server or to a Redis Cluster (target.ts).
 * Commands fail fast when Redis is away (no offline queue, a command timeout) so that a request
 * gets 503 store_unavailable instead of hanging; the connection itself keeps reconnecting in the
 * background. On a cluster, what is not an outage is retried within the command timeout: a
 * redirect (MOVED, ASK), TRYAGAIN during a slot's migration, CLUSTERDOWN and a master's lost
 * connection while a replica takes over; only a slot still unavailable after that gets 503.
 */
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from "ioredis";
import type { Logger } from "pino";
import { startHeartbeat } from "./heartbeat.js";
import * as draftScripts from "./draft-scripts.js";
import * as entryScripts from "./scripts.js";
import { describeTarget, settingOf, type RedisTarget } from "./target.js";
import { hashSlot } from "./keys.js";
import { storeUnavailable } from "../../errors.js";

const scripts = { ...entryScripts, ...draftScripts };

export interface RedisClientOptions {
  target: RedisTarget;
  commandTimeoutMs: number;
  log: Logger;
  /** A name shown by CLIENT LIST, to tell the connections apart. */
  name: string;
}

type ScriptReply = (string | number)[];
type ScriptCall = (...args: (string | number)[]) => Promise<ScriptReply>;

/** A connection to one Redis server, or a client of a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** An ioredis client with the store's scripts defined as commands (EVALSHA, EVAL on NOSCRIPT). */
export type ScriptedRedis = RedisClient & { [name in keyof typeof scripts]: ScriptCall };

/** Every write script's last key is the channel it publishes on (scripts.ts). */
const KEY_COUNTS: Record<keyof typeof scripts, number> = {
  createEntry: 8,
  updateEntry: 7,
  deleteEntry: 7,
  updateBlog: 4,
  createBlog: 3,
  readLog: 3,
  position: 3,
  renewEpoch: 1,
  listEntries: 4,
  createDraft: 5,
  updateDraft: 1,
  deleteDraft: 1,
  publishDraft: 8,
  unpublishEntry: 8,
};

/** How long a cluster client waits between two tries of a command during a failover. */
const CLUSTER_RETRY_DELAY_MS = 100;

export const isCluster = (redis: RedisClient): redis is Cluster =>
  (redis as Cluster).isCluster === true;

/**
 * The connection to the master that serves `key`'s slot (the one connection on one server): for
 * what must run on that node itself (SCAN, WAIT). Throws 503 while the cluster knows no master
 * for the slot.
 */
export function masterOfKey(redis: RedisClient, key: string): Redis {
  if (!isCluster(redis)) return redis;
  const master = redis.slots[hashSlot(key)]?.[0];
  const node = redis
    .nodes("master")
    .find(({ options }) => `${options.host}:${options.port}` === master);
  if (!node) throw storeUnavailable(new Error(`no master known for the slot of ${key}`), false);
  return node;
}

/** What the write scripts publish with (lua-prelude.ts): SPUBLISH on a cluster's shard. */
export const publishCommandOf = (redis: RedisClient) => (isCluster(redis) ? "SPUBLISH" : "PUBLISH");

/** The master connections: the one connection, or every master of the cluster. */
export const mastersOf = (redis: RedisClient): Redis[] =>
  isCluster(redis) ? redis.nodes("master") : [redis];

/** The options of every connection to one server or cluster node (`extra` last). */
export function connectionOptions(
  options: RedisClientOptions,
  extra: RedisOptions = {},
): RedisOptions {
  const { auth } = options.target;
  return {
    connectionName: `liveblog:${options.name}`,
    ...(auth.username ? { username: auth.username } : {}),
    ...(auth.password ? { password: auth.password } : {}),
    ...(auth.tls && options.target.kind === "cluster" ? { tls: {} } : {}),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: Math.max(options.commandTimeoutMs, 2_000),
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2_000),
    lazyConnect: true,
    ...extra,
  };
}

export function connectRedis(options: RedisClientOptions, extra: RedisOptions = {}): ScriptedRedis {
  const log = options.log.child({ redis: options.name });
  const redis =
    options.target.kind === "single"
      ? new Redis(options.target.url, connectionOptions(options, extra))
      : new Cluster(
          options.target.seeds,
          clusterOptions(options.commandTimeoutMs, connectionOptions(options, extra)),
        );
  for (const [name, lua] of Object.entries(scripts)) {
    redis.defineCommand(name, { lua, numberOfKeys: KEY_COUNTS[name as keyof typeof scripts] });
  }
  logOutages(redis, log);
  if (isCluster(redis)) {
    // Every node's connection, each watched by its own heartbeat: a silent master is torn down
    // (and its slots' commands retried on whichever node serves them next).
    redis.on("+node", (node: Redis) => heartbeat(node, options, log));
    const failing = new Set<string>();
    redis.on("node error", (err: unknown, node: string) => {
      if (failing.has(node)) return;
      failing.add(node);
      log.warn(
        { err, node },
        "a Redis Cluster node failed; commands go to whichever node serves its slots next",
      );
    });
    redis.on("refresh", () => failing.clear());
  } else heartbeat(redis, options, log);
  return redis as ScriptedRedis;
}

/**
 * A connection of its own to one node of a cluster (sharded-bus.ts: a subscriber per master),
 * reconnecting by itself and watched by a heartbeat.
 */
export function connectNode(
  options: RedisClientOptions,
  node: { host: string; port: number },
  extra: RedisOptions = {},
): Redis {
  const log = options.log.child({ redis: options.name });
  const redis = new Redis({
    ...connectionOptions(options, extra),
    host: node.host,
    port: node.port,
  });
  logOutages(redis, log);
  heartbeat(redis, options, log);
  return redis;
}

function heartbeat(redis: Redis, options: RedisClientOptions, log: Logger) {
  startHeartbeat(redis, {
    intervalMs: Math.max(1_000, 2 * options.commandTimeoutMs),
    timeoutMs: options.commandTimeoutMs,
    log,
  });
}

function logOutages(redis: RedisClient, log: Logger) {
  let down = false;
  redis.on("ready", () => {
    if (down) log.info("Redis connection is back");
    down = false;
  });
  redis.on("error", (err) => {
    // ioredis repeats the same error on every retry; say it once per outage.
    if (!down) log.error({ err }, "Redis connection failed; retrying in the background");
    down = true;
  });
}

/**
 * The cluster client's options. Its connections to the nodes queue a command until they are
 * connected (ioredis always does), but the cluster refuses one at once while it is not ready
 * itself (no offline queue); a command that meets a redirect or a lost master is retried every
 * CLUSTER_RETRY_DELAY_MS, after a refresh of the slot map, for about the command timeout.
 */
function clusterOptions(commandTimeoutMs: number, node: RedisOptions): ClusterOptions {
  const retries = Math.max(16, Math.ceil(commandTimeoutMs / CLUSTER_RETRY_DELAY_MS) + 1);
  return {
    // The nodes' connections reconnect and queue as the cluster client decides (ioredis).
    redisOptions: withoutKeys(node, ["retryStrategy", "enableOfflineQueue"]),
    enableOfflineQueue: false,
    lazyConnect: true,
    maxRedirections: retries,
    retryDelayOnFailover: CLUSTER_RETRY_DELAY_MS,
    retryDelayOnClusterDown: CLUSTER_RETRY_DELAY_MS,
    retryDelayOnTryAgain: CLUSTER_RETRY_DELAY_MS,
    retryDelayOnMoved: 0,
    slotsRefreshTimeout: commandTimeoutMs,
    // A failover or a resharding nobody's command has met yet is found within this.
    slotsRefreshInterval: 2_000,
    clusterRetryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2_000),
  };
}

const withoutKeys = <T extends object>(object: T, keys: (keyof T)[]) =>
  Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key as keyof T)));

/**
 * Connects, or throws a plain-spoken error naming the server or the cluster's seeds (never a
 * password) and what went wrong: nobody listening, a refused password, or a TLS certificate not
 * trusted. On a cluster, every master must answer.
 */
export async function waitUntilConnected(redis: RedisClient, target: RedisTarget): Promise<void> {
  // connect() itself only says "Connection is closed."; the reason comes as an "error" event.
  let reason: unknown;
  const remember = (err: unknown) => (reason = err);
  redis.on("error", remember);
  redis.on("node error", remember);
  try {
    await redis.connect();
    if (isCluster(redis)) await Promise.all(redis.nodes("master").map((node) => node.ping()));
  } catch (cause) {
    // Stop the retries in the background: the caller gives up on this connection.
    redis.disconnect();
    throw new Error(explainFailure(reason ?? cause, target), { cause: reason ?? cause });
  } finally {
    redis.off("error", remember);
    redis.off("node error", remember);
  }
}

function explainFailure(reason: unknown, target: RedisTarget): string {
  const message = reason instanceof Error ? reason.message : String(reason);
  const where =
    target.kind === "single"
      ? (() => {
          const { hostname, port } = new URL(target.url);
          return `${hostname}:${port || 6379}`;
        })()
      : describeTarget(target);
  const setting = settingOf(target);
  const credentials =
    target.kind === "single" ? "REDIS_URL" : "REDIS_CLUSTER_NODES or REDIS_PASSWORD";
  if (/^(WRONGPASS|NOAUTH)|invalid password/i.test(message))
    return `Redis at ${where} refused the password in ${credentials} (${message.split(" ")[0]}).`;
  if (/certificate|self[- ]signed|SSL|TLS/i.test(message))
    return `Cannot open a TLS connection to Redis at ${where} (${setting} is rediss://): ${message}. If its certificate comes from your own CA, set NODE_EXTRA_CA_CERTS to that CA's PEM file.`;
  return `Cannot reach Redis at ${where} (${setting}): ${message}. Is it running?`;
}
