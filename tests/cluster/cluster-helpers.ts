/**
 * What the cluster tests ask of a running cluster: the cluster itself for a test file, who holds
 * which readers, reader fleets.
 */
import type { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import {
  startCluster,
  type Cluster,
  type ClusterInstance,
  type ClusterRedis,
} from "../../deploy/cluster/index.js";
import type { TestRedis } from "../support/redis.js";
import type { TestRedisCluster } from "../support/redis-cluster.js";
import { sample } from "../observability/prometheus-text.js";
import { createEditor, type Editor } from "./editor.js";
import { openLiveReader, type LiveReader } from "./live-reader.js";

/**
 * Registers hooks that start three instances behind nginx on one Redis, with an editor posting
 * through nginx (no write limit in the way), and close the tracked readers and the cluster after
 * the file's tests.
 */
export function useCluster() {
  return useSite<TestRedis>(() =>
    startCluster({ instances: 3, env: { WRITES_PER_MINUTE: "100000" } }),
  );
}

/**
 * The same on a Redis Cluster of 3 masters with a replica each (REDIS_CLUSTER_NODES), with
 * more environment for the instances, e.g. REDIS_WAIT_REPLICAS.
 */
export function useRedisClusterSite(env: Record<string, string> = {}) {
  return useSite<TestRedisCluster>(() =>
    startCluster({
      instances: 3,
      redisCluster: true,
      env: { WRITES_PER_MINUTE: "100000", ...env },
    }),
  );
}

function useSite<R extends ClusterRedis>(start: () => Promise<Cluster<R>>) {
  let cluster: Cluster<R> | undefined;
  let editor: Editor | undefined;
  const readers: LiveReader[] = [];
  beforeAll(async () => {
    cluster = await start();
    editor = createEditor(cluster.url, cluster.adminToken);
  }, 90_000);
  afterAll(async () => {
    for (const reader of readers) reader.close();
    await cluster?.stop();
  });
  return {
    get cluster() {
      return cluster!;
    },
    get editor() {
      return editor!;
    },
    /** Closes these readers after the file's tests; returns them. */
    track(opened: LiveReader[]) {
      readers.push(...opened);
      return opened;
    },
  };
}

/** Readers of a blog an instance holds, from its own metrics. */
export async function readersOn(instance: ClusterInstance, blogId: string): Promise<number> {
  const res = await fetch(instance.metricsUrl);
  return sample(await res.text(), "liveblog_subscriptions", { blog: blogId }) ?? 0;
}

/** The running instance holding the most readers of a blog. */
export async function busiest(
  cluster: Cluster<ClusterRedis>,
  blogId: string,
): Promise<{ instance: ClusterInstance; readers: number }> {
  const counts = await Promise.all(
    cluster.instances.map(async (instance) => ({
      instance,
      readers: await readersOn(instance, blogId),
    })),
  );
  return counts.sort((a, b) => b.readers - a.readers)[0]!;
}

/**
 * `count` readers of one blog through nginx, each from its own loopback address
 * (127.0.<subnet>.<n>), every `pollingEvery`-th over long-polling and the rest over WebSocket.
 */
export function openReaders(
  cluster: Cluster<ClusterRedis>,
  blogId: string,
  { count, subnet, pollingEvery = 3 }: { count: number; subnet: number; pollingEvery?: number },
): Promise<LiveReader[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      openLiveReader({
        url: cluster.url,
        blogId,
        transport: i % pollingEvery === pollingEvery - 1 ? "polling" : "websocket",
        localAddress: `127.0.${subnet}.${i + 1}`,
      }),
    ),
  );
}

/** The seqs a reader applied, to compare with 1..n. */
export const seqsOf = (reader: LiveReader) => reader.applied.map((event) => event.seq);
export const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * Kills every pub/sub connection of one Redis node and keeps them from coming back (maxclients
 * lowered to the connections left) until `restore()`: the instances' subscribers are cut for
 * exactly as long as the test needs, while their command connections go on working.
 */
export async function cutSubscribers(
  admin: Redis,
): Promise<{ subscribers: number; restore(): Promise<void> }> {
  const list = String(await admin.call("CLIENT", "LIST", "TYPE", "pubsub"));
  const subscribers = list.trim().split("\n").length;
  const connected = Number(/connected_clients:(\d+)/.exec(await admin.info("clients"))?.[1]);
  const [, maxclients] = (await admin.config("GET", "maxclients")) as [string, string];
  await admin
    .multi()
    .client("KILL", "TYPE", "pubsub")
    .config("SET", "maxclients", String(connected - subscribers))
    .exec();
  return {
    subscribers,
    restore: async () => void (await admin.config("SET", "maxclients", maxclients)),
  };
}
