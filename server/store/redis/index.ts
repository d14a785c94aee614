/** The Store port on Redis: one command connection and one subscriber connection per instance. */
import type { Logger } from "pino";
import type { Store } from "../port.js";
import { createRedisBlogStore } from "./blogs.js";
import { createRedisBus } from "./bus.js";
import { createRedisDesk } from "./desk.js";
import { createRedisDrafts } from "./drafts.js";
import { connectRedis, waitUntilConnected } from "./client.js";
import { guarded } from "./errors.js";
import { checkEvictionPolicy } from "./eviction-policy.js";
import { createRedisAuditLog } from "./audit.js";
import { createRedisEditorStore } from "./editors.js";
import { createRedisMediaCatalog } from "./media.js";
import { createRedisPresence } from "./presence.js";
import type { ConnectionChange } from "../port.js";

export interface RedisStoreOptions {
  url: string;
  historyLimit: number;
  commandTimeoutMs: number;
  instanceId: string;
  log: Logger;
}

export async function createRedisStore(options: RedisStoreOptions): Promise<Store> {
  const log = options.log.child({ module: "store" });
  const client = { url: options.url, commandTimeoutMs: options.commandTimeoutMs, log };
  const redis = connectRedis({ ...client, name: `${options.instanceId}:cmd` });
  // The subscriber connection runs only SUBSCRIBE, UNSUBSCRIBE and the heartbeat's PING; the
  // command timeout bounds a SUBSCRIBE too, and the bus retries one that timed out.
  const subscriber = connectRedis(
    { ...client, name: `${options.instanceId}:sub` },
    { autoResubscribe: false },
  );
  await waitUntilConnected(redis, options.url);
  await waitUntilConnected(subscriber, options.url);
  await checkEvictionPolicy(redis, log);
  // After a reconnect it may be another server (a failover, a restore from backup).
  redis.on("ready", () => void checkEvictionPolicy(redis, log));

  const connectionListeners: ((change: ConnectionChange) => void)[] = [];
  for (const [client, connection] of [
    [redis, "command"],
    [subscriber, "subscriber"],
  ] as const) {
    const notify = (kind: ConnectionChange["kind"]) => {
      for (const listener of connectionListeners) listener({ connection, kind });
    };
    // Both are connected by now, so every later "ready" is a reconnect.
    client.on("ready", () => notify("reconnect"));
    client.on("error", () => notify("error"));
  }

  const bus = createRedisBus(subscriber, log);
  // Before the store is handed out: no draft saved after start-up goes unheard here.
  const desk = await createRedisDesk(redis, bus, log).catch((err: unknown) => {
    redis.disconnect();
    subscriber.disconnect();
    throw err;
  });

  return {
    kind: "redis",
    blogs: createRedisBlogStore(redis, options.historyLimit, log),
    bus,
    editors: createRedisEditorStore(redis),
    presence: createRedisPresence(redis, options.instanceId),
    media: createRedisMediaCatalog(redis),
    drafts: createRedisDrafts(redis, options.historyLimit, log),
    desk,
    audit: createRedisAuditLog(redis),
    sendCommand: (command, ...args) => guarded(() => redis.call(command!, ...args)),
    ping: () => guarded(async () => void (await redis.ping())),
    onConnection: (listener) => void connectionListeners.push(listener),
    async close() {
      await Promise.allSettled([redis.quit(), subscriber.quit()]);
      redis.disconnect();
      subscriber.disconnect();
    },
  };
}
