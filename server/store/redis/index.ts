/**
 * The Store port on Redis: one command connection and one subscriber connection per instance; on
 * a Redis Cluster, a cluster client and one subscriber connection per master (sharded-bus.ts).
 * With REDIS_WAIT_REPLICAS, one more command connection (or cluster client) for the changes and
 * their WAITs (durability.ts).
 */
import type { Logger } from "pino";
import type { Store } from "../port.js";
import { createRedisBlogStore } from "./blogs.js";
import type { Redis } from "ioredis";
import { createRedisBus, type RedisBus } from "./bus.js";
import { createRedisDesk } from "./desk.js";
import { createRedisDrafts } from "./drafts.js";
import { connectRedis, isCluster, mastersOf, waitUntilConnected } from "./client.js";
import { guarded } from "./errors.js";
import { checkEvictionPolicy } from "./eviction-policy.js";
import { createRedisAuditLog } from "./audit.js";
import { createRedisEditorStore } from "./editors.js";
import { createRedisEngagement } from "./engagement.js";
import { createRedisMediaCatalog } from "./media.js";
import { createRedisPresence } from "./presence.js";
import type { ConnectionChange } from "../port.js";
import { createShardedBus } from "./sharded-bus.js";
import type { RedisTarget } from "./target.js";
import { withReplicaWait, type Writer } from "./durability.js";
import { withLifecycleScripts } from "./lifecycle-scripts.js";
import { clusterSafeCommand } from "./send-command.js";

export interface RedisStoreOptions {
  target: RedisTarget;
  /** Replicas each change must reach before it is acknowledged (WAIT); 0 (the default) = none. */
  waitReplicas?: number;
  historyLimit: number;
  commandTimeoutMs: number;
  instanceId: string;
  log: Logger;
}

export async function createRedisStore(options: RedisStoreOptions): Promise<Store> {
  const log = options.log.child({ module: "store" });
  const client = { target: options.target, commandTimeoutMs: options.commandTimeoutMs, log };
  const redis = connectRedis({ ...client, name: `${options.instanceId}:cmd` });
  await waitUntilConnected(redis, options.target);
  const checkMasters = () =>
    Promise.all(mastersOf(redis).map((master) => checkEvictionPolicy(master, log)));
  await checkMasters();
  // After a reconnect it may be another server (a failover, a restore from backup); on a
  // cluster, a new master connection is a failover or a node added.
  if (isCluster(redis))
    redis.on("+node", (node: Redis) => {
      if (!node.options.readOnly) void checkEvictionPolicy(node, log);
    });
  else redis.on("ready", () => void checkEvictionPolicy(redis, log));

  const connectionListeners: ((change: ConnectionChange) => void)[] = [];
  const notify = (connection: ConnectionChange["connection"], kind: ConnectionChange["kind"]) => {
    for (const listener of connectionListeners) listener({ connection, kind });
  };
  // Connected by now, so every later "ready" is a reconnect.
  redis.on("ready", () => notify("command", "reconnect"));
  redis.on("error", () => notify("command", "error"));
  if (isCluster(redis)) redis.on("node error", () => notify("command", "error"));

  let bus: RedisBus;
  let closeBus: () => Promise<void>;
  if (isCluster(redis)) {
    const sharded = await createShardedBus(
      redis,
      { ...client, instanceId: options.instanceId },
      {
        onConnection: (kind) => notify("subscriber", kind),
      },
    ).catch((err: unknown) => {
      redis.disconnect();
      throw err;
    });
    bus = sharded;
    closeBus = sharded.close;
  } else {
    // The subscriber connection runs only SUBSCRIBE, UNSUBSCRIBE and the heartbeat's PING; the
    // command timeout bounds a SUBSCRIBE too, and the bus retries one that timed out.
    // One server's target: a Redis, not a Cluster.
    const subscriber = connectRedis(
      { ...client, name: `${options.instanceId}:sub` },
      { autoResubscribe: false },
    ) as Redis;
    await waitUntilConnected(subscriber, options.target).catch((err: unknown) => {
      redis.disconnect();
      throw err;
    });
    subscriber.on("ready", () => notify("subscriber", "reconnect"));
    subscriber.on("error", () => notify("subscriber", "error"));
    bus = createRedisBus(subscriber, log);
    closeBus = async () => {
      await subscriber.quit().catch(() => {});
      subscriber.disconnect();
    };
  }

  // Before the store is handed out: no draft saved after start-up goes unheard here.
  const desk = await createRedisDesk(redis, bus, log).catch(async (err: unknown) => {
    redis.disconnect();
    await closeBus();
    throw err;
  });
  const waitReplicas = options.waitReplicas ?? 0;
  // With WAIT, changes get connections of their own (durability.ts); without, the same ones.
  const writer =
    waitReplicas > 0 ? connectRedis({ ...client, name: `${options.instanceId}:write` }) : redis;
  if (writer !== redis)
    await waitUntilConnected(writer, options.target).catch(async (err: unknown) => {
      redis.disconnect();
      await closeBus();
      throw err;
    });
  const written = withReplicaWait(
    withLifecycleScripts(writer) as Writer,
    waitReplicas,
    options.commandTimeoutMs,
  );

  return {
    kind: "redis",
    blogs: createRedisBlogStore(redis, written, options.historyLimit, log),
    bus,
    editors: createRedisEditorStore(redis),
    presence: createRedisPresence(redis, options.instanceId),
    media: createRedisMediaCatalog(redis),
    drafts: createRedisDrafts(redis, written, options.historyLimit, log),
    desk,
    audit: createRedisAuditLog(redis),
    engagement: createRedisEngagement(redis),
    sendCommand: clusterSafeCommand(redis),
    ping: () =>
      guarded(async () => void (await Promise.all(mastersOf(redis).map((node) => node.ping())))),
    onConnection: (listener) => void connectionListeners.push(listener),
    async close() {
      const clients = writer === redis ? [redis] : [redis, writer];
      await Promise.allSettled([...clients.map((c) => c.quit()), closeBus()]);
      for (const c of clients) c.disconnect();
    },
  };
}
