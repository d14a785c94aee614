/**
 * The LiveBus on a Redis Cluster: sharded pub/sub. Each blog's events are SPUBLISHed on the
 * shard that serves the blog's slot (the write scripts, lua-prelude.ts), so each instance holds
 * ONE subscriber connection per master it needs, and SSUBSCRIBEs each blog's channel on the
 * master that serves it. The desk's channel is classic pub/sub (the draft scripts PUBLISH it,
 * which the cluster broadcasts to every node), heard on the connection of its own slot's master.
 *
 * Per shard, as bus.ts does for the one connection: when a master's connection drops and comes
 * back, only the channels on that master are subscribed again (in chunks, each confirmed, retried
 * until Redis took them), and only then are their blogs resumed (`onResume` with their ids), so
 * that the readers' catch-up from the log cannot race the new subscription. When the cluster
 * says a slot is served by another master now (a failover, a resharding: the slot map is
 * refreshed every 2 s and after each redirect), the slot's channels move to that master's
 * connection and their blogs resume the same way. `isListening()` is false while any channel is
 * not confirmed on the master that serves it: /readyz then says 503 for the whole instance, as
 * it does on one Redis while the subscriber reconnects; readers of the other shards' blogs go on
 * getting their events meanwhile.
 *
 * This is not ioredis' own `shardedSubscribers` option: that one re-subscribes without waiting
 * for Redis' confirmation and without saying which channels came back, and ignores a failed
 * re-subscribe, while the relay needs to know when each blog's subscription holds again.
 */
import type { Cluster, Redis } from "ioredis";
import type { LiveEvent } from "../../../shared/schemas.js";
import { storeUnavailable } from "../../errors.js";
import { deliverer, RESUBSCRIBE_CHUNK, RETRY_MAX_MS, type RedisBus } from "./bus.js";
import { connectNode, type RedisClientOptions } from "./client.js";
import { guarded } from "./errors.js";
import { blogIdOfChannel, blogKeys, hashSlot } from "./keys.js";

export interface ShardedBus extends RedisBus {
  close(): Promise<void>;
}

interface Shard {
  /** "host:port" of the master, as the cluster's slot map names it. */
  key: string;
  connection: Redis;
  /** Channels Redis confirmed on this connection (cleared when it closes). */
  confirmed: Set<string>;
  /** Counts the connection's closes: a re-subscribe belongs to one connection. */
  generation: number;
  connectedOnce: boolean;
  syncing: boolean;
  syncAgain: boolean;
}

export async function createShardedBus(
  cluster: Cluster,
  options: Omit<RedisClientOptions, "name"> & { instanceId: string },
  hooks: { onConnection(kind: "error" | "reconnect"): void },
): Promise<ShardedBus> {
  const log = options.log;
  const shards = new Map<string, Shard>();
  /** Every channel wanted, by the master it is (to be) subscribed on. */
  const placement = new Map<string, string>();
  /** Channels heard with classic SUBSCRIBE (the desk's), and their handlers. */
  const classic = new Map<string, (message: string) => void>();
  const eventListeners: ((event: LiveEvent) => void)[] = [];
  const resumeListeners: ((blogIds?: ReadonlySet<string>) => void)[] = [];
  let closed = false;

  const ownerOf = (channel: string) => cluster.slots[hashSlot(channel)]?.[0];

  const deliver = deliverer(classic, eventListeners, log);

  const shardOf = (key: string): Shard => {
    let shard = shards.get(key);
    if (shard) return shard;
    const [host, port] = [
      key.slice(0, key.lastIndexOf(":")),
      Number(key.slice(key.lastIndexOf(":") + 1)),
    ];
    const connection = connectNode(
      { ...options, name: `${options.instanceId}:sub:${key}` },
      { host, port },
      { autoResubscribe: false },
    );
    const created: Shard = {
      key,
      connection,
      confirmed: new Set(),
      generation: 0,
      connectedOnce: false,
      syncing: false,
      syncAgain: false,
    };
    shard = created;
    shards.set(key, created);
    connection.on("smessage", deliver);
    connection.on("message", deliver);
    connection.on("close", () => {
      created.generation += 1;
      created.confirmed.clear();
      // Its master may be gone for good (a failover): ask the cluster who serves its slots now.
      if (!closed) cluster.refreshSlotsCache();
    });
    connection.on("error", (err: Error) => {
      hooks.onConnection("error");
      // An SUNSUBSCRIBE Redis sends by itself when a slot leaves the node can confuse ioredis'
      // reply queue; a new connection starts clean (and is subscribed again).
      if (/Command queue state error/.test(err.message)) connection.disconnect(true);
    });
    connection.on("ready", () => {
      if (created.connectedOnce) hooks.onConnection("reconnect");
      created.connectedOnce = true;
      void sync(created);
    });
    connection.connect().catch(() => {
      // Logged once by the connection; it keeps retrying in the background.
    });
    return created;
  };

  /** Sends the (S)SUBSCRIBE for `channels`; SSUBSCRIBE takes channels of one slot at a time. */
  const subscribeOn = async (shard: Shard, channels: string[]) => {
    const bySlot = new Map<number | "classic", string[]>();
    for (const channel of channels) {
      const group = classic.has(channel) ? "classic" : hashSlot(channel);
      bySlot.set(group, [...(bySlot.get(group) ?? []), channel]);
    }
    await Promise.all(
      [...bySlot].map(([group, list]) =>
        group === "classic"
          ? shard.connection.subscribe(...list)
          : shard.connection.ssubscribe(...list),
      ),
    );
    for (const channel of channels) shard.confirmed.add(channel);
  };

  /**
   * Subscribes every channel placed on the shard that its connection has not confirmed, chunk
   * after chunk, retrying until Redis took them; then resumes their blogs. Stops when the
   * connection goes (its next "ready" starts over).
   */
  async function sync(shard: Shard) {
    if (shard.syncing) return void (shard.syncAgain = true);
    shard.syncing = true;
    const own = shard.generation;
    let attempt = 0;
    let failed = 0;
    const resumed = new Set<string>();
    try {
      for (;;) {
        shard.syncAgain = false;
        const missing = [...placement]
          .filter(([channel, key]) => key === shard.key && !shard.confirmed.has(channel))
          .map(([channel]) => channel);
        if (missing.length === 0) break;
        for (let done = 0; done < missing.length;) {
          // A blog unsubscribed meanwhile, or moved to another master, stays so.
          const chunk = missing
            .slice(done, done + RESUBSCRIBE_CHUNK)
            .filter((channel) => placement.get(channel) === shard.key);
          try {
            if (chunk.length > 0) await subscribeOn(shard, chunk);
            for (const channel of chunk) {
              const blogId = blogIdOfChannel(channel);
              if (blogId) resumed.add(blogId);
            }
            done += RESUBSCRIBE_CHUNK;
            attempt = 0;
          } catch (err) {
            if (own !== shard.generation || closed) return;
            const delayMs = Math.min(100 * 2 ** attempt, RETRY_MAX_MS);
            if (failed === 0)
              log.warn(
                { err, shard: shard.key, channels: missing.length, delayMs },
                "subscribing a shard's channels failed; retrying until it succeeds",
              );
            attempt += 1;
            failed += 1;
            await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
          }
          if (own !== shard.generation || closed) return;
        }
      }
    } finally {
      shard.syncing = false;
      if (shard.syncAgain && own === shard.generation && !closed) void sync(shard);
    }
    if (resumed.size === 0) return;
    log.info(
      { shard: shard.key, blogs: resumed.size, failedAttempts: failed },
      "a shard's subscriptions hold again; its blogs' readers catch up from the log",
    );
    for (const listener of resumeListeners) listener(resumed);
  }

  /** After a refresh of the slot map: channels whose slot moved go to the new master. */
  const rebalance = () => {
    if (closed) return;
    const moved = new Set<Shard>();
    for (const [channel, key] of placement) {
      const owner = ownerOf(channel);
      if (!owner || owner === key) continue;
      placement.set(channel, owner);
      const old = shards.get(key);
      if (old?.confirmed.delete(channel) && old.connection.status === "ready") {
        const leave = classic.has(channel)
          ? old.connection.unsubscribe(channel)
          : old.connection.sunsubscribe(channel);
        leave.catch(() => {});
      }
      moved.add(shardOf(owner));
    }
    for (const shard of moved) if (shard.connection.status === "ready") void sync(shard);
    // A master that serves none of our channels any more (failed over, emptied) is let go.
    const used = new Set(placement.values());
    for (const [key, shard] of shards) {
      if (used.has(key)) continue;
      shards.delete(key);
      shard.connection.disconnect();
    }
  };
  cluster.on("refresh", rebalance);

  /** Places a channel on its slot's master and subscribes it there; resolves once confirmed. */
  const add = async (channel: string) => {
    const owner = placement.get(channel) ?? ownerOf(channel);
    if (!owner) throw storeUnavailable(new Error(`no master known for ${channel}`), false);
    placement.set(channel, owner);
    const shard = shardOf(owner);
    if (shard.confirmed.has(channel)) return;
    if (shard.connection.status !== "ready") await readyOf(shard);
    await subscribeOn(shard, [channel]);
  };

  /** Waits for a shard's connection, at most the command timeout (then 503, as a command would). */
  const readyOf = (shard: Shard) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        shard.connection.off("ready", onReady);
        reject(new Error(`the subscriber connection to ${shard.key} is not ready`));
      }, options.commandTimeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      shard.connection.once("ready", onReady);
    });

  const remove = async (channel: string) => {
    const key = placement.get(channel);
    placement.delete(channel);
    const shard = key ? shards.get(key) : undefined;
    if (!shard) return;
    shard.confirmed.delete(channel);
    if (shard.connection.status === "ready") await shard.connection.sunsubscribe(channel);
  };

  const bus: ShardedBus = {
    subscribe: (blogId) => guarded(() => add(blogKeys(blogId).channel)),
    unsubscribe: (blogId) => guarded(() => remove(blogKeys(blogId).channel)),
    listen: (channel, handler) =>
      guarded(async () => {
        classic.set(channel, handler);
        await add(channel);
      }),
    onEvent: (listener) => void eventListeners.push(listener),
    onResume: (listener) => void resumeListeners.push(listener),
    isListening: () =>
      [...placement].every(([channel, key]) => shards.get(key)?.confirmed.has(channel) === true),
    async close() {
      closed = true;
      cluster.off("refresh", rebalance);
      await Promise.allSettled([...shards.values()].map((shard) => shard.connection.quit()));
      for (const shard of shards.values()) shard.connection.disconnect();
      shards.clear();
    },
  };
  return bus;
}
