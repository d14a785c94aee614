/**
 * What the tests on a Redis Cluster ask about shards: blogs spread over every master, readers
 * on every instance, and what a shard's master holds.
 */
import type { Redis } from "ioredis";
import type { Cluster } from "../../deploy/cluster/index.js";
import { blogKeys } from "../../server/store/redis/keys.js";
import type { Blog } from "../../shared/schemas.js";
import type { ClusterNode, TestRedisCluster } from "../support/redis-cluster.js";
import { waitFor } from "../support/wait.js";
import { readersOn } from "./cluster-helpers.js";
import type { Editor } from "./editor.js";
import { openLiveReader, type LiveReader } from "./live-reader.js";

const clients = new WeakMap<ClusterNode, Redis>();
/** One plain connection per node, for the questions below (closed with the cluster). */
export function clientOf(node: ClusterNode): Redis {
  let client = clients.get(node);
  if (!client) clients.set(node, (client = node.client()));
  return client;
}

export interface ShardBlog {
  blog: Blog;
  /** The slot of every key of the blog and of its channel. */
  slot: number;
  /** Its master when the blog was created. */
  master: ClusterNode;
}

/**
 * Creates blogs until each master of the cluster serves one (ids are random, so a few spare
 * blogs may be created on the way); returns one blog per master, in the order of the masters.
 */
export async function blogsOnEveryShard(
  redis: TestRedisCluster,
  editor: Editor,
  title = "Shard",
): Promise<ShardBlog[]> {
  const byMaster = new Map<number, ShardBlog>();
  const masters = new Set<number>();
  for (const node of redis.nodes) {
    const [role] = (await clientOf(node).call("ROLE")) as [string];
    if (role === "master") masters.add(node.port);
  }
  for (let tries = 0; byMaster.size < masters.size; tries += 1) {
    if (tries > 60) throw new Error("60 blogs and still a master without one");
    const blog = await editor.createBlog(`${title} ${tries + 1}`);
    const slot = await redis.slotOf(blogKeys(blog.id).blog);
    const master = await redis.masterOf(slot);
    if (!byMaster.has(master.port)) byMaster.set(master.port, { blog, slot, master });
  }
  return [...byMaster.values()].sort((a, b) => a.master.port - b.master.port);
}

/**
 * Readers of a blog through nginx, from 127.0.<subnet>.1, .2..., opened until every running
 * instance holds at least `perInstance` of them (nginx picks the instance by address, and which
 * address lands where changes with the instances' ports).
 */
export async function readersOnEveryInstance(
  cluster: Cluster<TestRedisCluster>,
  blogId: string,
  { subnet, perInstance = 1 }: { subnet: number; perInstance?: number },
): Promise<LiveReader[]> {
  const readers: LiveReader[] = [];
  const running = cluster.instances.filter((instance) => instance.running);
  const enough = async () =>
    (await Promise.all(running.map((instance) => readersOn(instance, blogId)))).every(
      (count) => count >= perInstance,
    );
  while (!(await enough())) {
    if (readers.length >= 60) throw new Error(`60 readers and still an instance without enough`);
    readers.push(
      await openLiveReader({
        url: cluster.url,
        blogId,
        transport: readers.length % 3 === 2 ? "polling" : "websocket",
        localAddress: `127.0.${subnet}.${readers.length + 1}`,
      }),
    );
  }
  return readers;
}

/** Which of `entryIds` the node holds in the blog's entries (asked of the node itself). */
export async function entriesOn(
  node: ClusterNode,
  blogId: string,
  entryIds: readonly string[],
): Promise<Set<string>> {
  const client = clientOf(node);
  // A replica answers reads of its slots only when asked with READONLY first.
  await client.call("READONLY").catch(() => {});
  const held = new Set<string>();
  for (const id of entryIds) {
    if (await client.hexists(blogKeys(blogId).entries, id)) held.add(id);
  }
  return held;
}

/** A field of INFO's text ("master_repl_offset", ...), or undefined. */
const infoField = (info: string, field: string) =>
  new RegExp(`^${field}:(.*)$`, "m").exec(info)?.[1]?.trim();

/**
 * Resolves once `replica` has everything `master` had when this was called: its link is up and
 * its replication offset has reached the master's. A replica may have nothing of the last minute:
 * a master killed and restarted a moment ago (as its supervisor would) comes back as a replica
 * holding only what it had itself, and its first sync waits repl-diskless-sync-delay (5 s).
 */
export async function waitUntilReplicated(
  master: ClusterNode,
  replica: ClusterNode,
  timeoutMs = 30_000,
): Promise<void> {
  const target = Number(
    infoField(await clientOf(master).info("replication"), "master_repl_offset"),
  );
  let seen = "";
  await waitFor(
    async () => {
      seen = await clientOf(replica).info("replication");
      return (
        infoField(seen, "master_link_status") === "up" &&
        Number(infoField(seen, "slave_repl_offset")) >= target
      );
    },
    { timeoutMs, what: `replica ${replica.port} to reach offset ${target} of ${master.port}` },
  ).catch((err: unknown) => {
    throw new Error(`${(err as Error).message}; it says:\n${seen}`);
  });
}

/** Subscribers of the blog's channel on the node serving its slot (PUBSUB SHARDNUMSUB). */
export async function shardSubscribers(node: ClusterNode, blogId: string): Promise<number> {
  const channel = blogKeys(blogId).channel;
  const [, count] = (await clientOf(node).call("PUBSUB", "SHARDNUMSUB", channel)) as [
    string,
    number,
  ];
  return Number(count);
}

/**
 * Moves one slot from its master to another, as `redis-cli --cluster reshard` moves each slot
 * (which cannot pick one slot): IMPORTING on the target, MIGRATING on the source, MIGRATE of
 * its keys in batches, and SETSLOT NODE on every master. `halfway()` is awaited when half of the
 * keys have moved: writes to the slot then meet ASK redirects and TRYAGAIN.
 */
export async function moveSlot(
  redis: TestRedisCluster,
  slot: number,
  to: ClusterNode,
  halfway: () => Promise<void>,
): Promise<{ keys: number }> {
  const from = await redis.masterOf(slot);
  const source = clientOf(from);
  const target = clientOf(to);
  await target.call("CLUSTER", "SETSLOT", slot, "IMPORTING", from.id);
  await source.call("CLUSTER", "SETSLOT", slot, "MIGRATING", to.id);
  const auth = redis.password ? ["AUTH", redis.password] : [];
  let batch = Math.max(
    1,
    Math.floor(Number(await source.call("CLUSTER", "COUNTKEYSINSLOT", slot)) / 2),
  );
  let moved = 0;
  for (;;) {
    const keys = (await source.call("CLUSTER", "GETKEYSINSLOT", slot, batch)) as string[];
    if (keys.length === 0) break;
    await source.call("MIGRATE", "127.0.0.1", to.port, "", 0, 5_000, ...auth, "KEYS", ...keys);
    if (moved === 0) await halfway();
    moved += keys.length;
    batch = 10; // redis-cli's --cluster-pipeline
  }
  // The order redis-cli uses: the target, the source, then every other master.
  await target.call("CLUSTER", "SETSLOT", slot, "NODE", to.id);
  await source.call("CLUSTER", "SETSLOT", slot, "NODE", to.id);
  for (const node of redis.nodes) {
    if (node === from || node === to) continue;
    const [role] = (await clientOf(node).call("ROLE")) as [string];
    if (role === "master") await clientOf(node).call("CLUSTER", "SETSLOT", slot, "NODE", to.id);
  }
  return { keys: moved };
}
