/**
 * The one place that opens Redis connections. Commands fail fast when Redis is away (no offline
 * queue, a command timeout) so that a request gets 503 store_unavailable instead of hanging;
 * the connection itself keeps reconnecting in the background.
 */
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";
import { startHeartbeat } from "./heartbeat.js";
import * as draftScripts from "./draft-scripts.js";
import * as entryScripts from "./scripts.js";

const scripts = { ...entryScripts, ...draftScripts };

export interface RedisClientOptions {
  url: string;
  commandTimeoutMs: number;
  log: Logger;
  /** A name shown by CLIENT LIST, to tell the connections apart. */
  name: string;
}

type ScriptReply = (string | number)[];
type ScriptCall = (...args: (string | number)[]) => Promise<ScriptReply>;

/** An ioredis client with the store's scripts defined as commands (EVALSHA, EVAL on NOSCRIPT). */
export type ScriptedRedis = Redis & { [name in keyof typeof scripts]: ScriptCall };

const KEY_COUNTS: Record<keyof typeof scripts, number> = {
  createEntry: 7,
  updateEntry: 6,
  deleteEntry: 6,
  updateBlog: 3,
  createBlog: 3,
  readLog: 3,
  position: 3,
  renewEpoch: 1,
  listEntries: 4,
  createDraft: 5,
  updateDraft: 1,
  deleteDraft: 1,
  publishDraft: 7,
  unpublishEntry: 7,
};

export function connectRedis(options: RedisClientOptions, extra: RedisOptions = {}): ScriptedRedis {
  const log = options.log.child({ redis: options.name });
  const redis = new Redis(options.url, {
    connectionName: `liveblog:${options.name}`,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: Math.max(options.commandTimeoutMs, 2_000),
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2_000),
    lazyConnect: true,
    ...extra,
  });
  for (const [name, lua] of Object.entries(scripts)) {
    redis.defineCommand(name, { lua, numberOfKeys: KEY_COUNTS[name as keyof typeof scripts] });
  }
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
  startHeartbeat(redis, {
    intervalMs: Math.max(1_000, 2 * options.commandTimeoutMs),
    timeoutMs: options.commandTimeoutMs,
    log,
  });
  return redis as ScriptedRedis;
}

/**
 * Connects, or throws a plain-spoken error naming the URL's host (never its password) and what
 * went wrong: nobody listening, a refused password, or a TLS certificate not trusted.
 */
export async function waitUntilConnected(redis: Redis, url: string): Promise<void> {
  // connect() itself only says "Connection is closed."; the reason comes as an "error" event.
  let reason: unknown;
  const remember = (err: unknown) => (reason = err);
  redis.on("error", remember);
  try {
    await redis.connect();
  } catch (cause) {
    // Stop the retries in the background: the caller gives up on this connection.
    redis.disconnect();
    const { hostname, port } = new URL(url);
    throw new Error(explainFailure(reason ?? cause, `${hostname}:${port || 6379}`), {
      cause: reason ?? cause,
    });
  } finally {
    redis.off("error", remember);
  }
}

function explainFailure(reason: unknown, where: string): string {
  const message = reason instanceof Error ? reason.message : String(reason);
  if (/^(WRONGPASS|NOAUTH)|invalid password/i.test(message))
    return `Redis at ${where} refused the password in REDIS_URL (${message.split(" ")[0]}).`;
  if (/certificate|self[- ]signed|SSL|TLS/i.test(message))
    return `Cannot open a TLS connection to Redis at ${where} (REDIS_URL is rediss://): ${message}. If its certificate comes from your own CA, set NODE_EXTRA_CA_CERTS to that CA's PEM file.`;
  return `Cannot reach Redis at ${where} (REDIS_URL): ${message}. Is it running?`;
}
