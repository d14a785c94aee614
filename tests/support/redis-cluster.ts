/**
 * A private Redis Cluster for a test file (and `npm run cluster -- --redis-cluster`): 3 masters
 * with one replica each by default, every node a redis-server on its own free port and directory
 * (tests/support/redis.ts), joined by `redis-cli --cluster create --cluster-replicas 1`. Never
 * the shared 6379. Failover tests kill a master with SIGKILL and wait for its replica to take
 * over; the node timeout is short so that this takes about a second, not fifteen.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Cluster, Redis } from "ioredis";
import { freePort } from "./ports.js";
import { startRedis, type TestRedis, type TestRedisOptions } from "./redis.js";

const run = promisify(execFile);

export interface ClusterNode extends TestRedis {
  /** The node's id in the cluster (CLUSTER MYID). */
  id: string;
}

export interface TestRedisCluster {
  /** Every node, masters first as created; roles change after a failover (see `masterOf`). */
  nodes: ClusterNode[];
  /** `REDIS_CLUSTER_NODES`: the first masters' addresses, comma-separated. */
  seeds: string;
  password?: string;
  /** A cluster client for inspecting what the store wrote (disconnected by `stop`). */
  client(): Cluster;
  /** The slot a key or channel hashes to (its hash tag's). */
  slotOf(key: string): Promise<number>;
  /** The node serving `slot` as master now, as the cluster itself says. */
  masterOf(slot: number): Promise<ClusterNode>;
  /** The replicas of a master now. */
  replicasOf(master: ClusterNode): Promise<ClusterNode[]>;
  /**
   * Resolves once every live node reports `cluster_state:ok` and the same master for every
   * slot, and every replica's link to its master is up: after creation, a failover or a restart.
   */
  waitUntilStable(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface TestRedisClusterOptions {
  masters?: number;
  replicasPerMaster?: number;
  password?: string;
  /**
   * How long a node may be unreachable before the others fail it over (cluster-node-timeout).
   * 1,000 ms here; Redis' default is 15,000.
   */
  nodeTimeoutMs?: number;
  /** More options for every node (appendonly, appendfsync...). */
  node?: Omit<TestRedisOptions, "password" | "args">;
}

export async function startRedisCluster(
  options: TestRedisClusterOptions = {},
): Promise<TestRedisCluster> {
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const { password } = options;
  const started: TestRedis[] = [];
  const clients: (Cluster | Redis)[] = [];
  const stopAll = async () => {
    for (const client of clients) client.disconnect();
    await Promise.all(started.map((node) => node.stop()));
  };
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      // The cluster bus needs a port of its own; by default port + 10000, which may be taken
      // (or above 65535), so it is chosen like the port.
      const busPort = await freePort();
      started.push(
        await startRedis({
          ...options.node,
          password,
          args: [
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            "nodes.conf",
            "--cluster-node-timeout",
            String(options.nodeTimeoutMs ?? 1_000),
            "--cluster-port",
            String(busPort),
            // A test may kill a master with no replica left: the other slots keep serving.
            "--cluster-require-full-coverage",
            "no",
          ],
        }),
      );
    }
    const auth = password ? ["-a", password, "--no-auth-warning"] : [];
    // redis-cli makes the first `masters` nodes masters and gives each the next ones as replicas.
    await run("redis-cli", [
      "--cluster",
      "create",
      ...started.map((node) => `127.0.0.1:${node.port}`),
      "--cluster-replicas",
      String(replicas),
      "--cluster-yes",
      ...auth,
    ]);
  } catch (err) {
    await stopAll();
    throw new Error("Cannot start a Redis Cluster (redis-server and redis-cli 7+ needed)", {
      cause: err,
    });
  }

  const direct = async (node: TestRedis) => {
    // Fails at once while its node is down (a killed master) instead of queueing the question.
    const client = new Redis({
      port: node.port,
      host: "127.0.0.1",
      password,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 2_000,
      lazyConnect: true,
    });
    client.on("error", () => {});
    clients.push(client);
    await client.connect();
    return client;
  };
  /** One plain connection per node, by port, for asking it about the cluster. */
  const probes = new Map<number, Redis>();
  const nodes: ClusterNode[] = [];
  try {
    for (const node of started) {
      const probe = await direct(node);
      probes.set(node.port, probe);
      nodes.push({ ...node, id: String(await probe.call("CLUSTER", "MYID")) });
    }
  } catch (err) {
    await stopAll(); // no redis-server outlives a start that failed half-way
    throw err;
  }

  /** Asks the first node that answers; a killed master does not. */
  const ask = async (command: string, ...args: string[]) => {
    let last: unknown;
    for (const probe of probes.values()) {
      try {
        return await probe.call(command, ...args);
      } catch (err) {
        last = err;
      }
    }
    throw last;
  };
  const byPort = (port: number) => {
    const node = nodes.find((n) => n.port === port);
    if (!node) throw new Error(`no node on port ${port}`);
    return node;
  };

  const cluster: TestRedisCluster = {
    nodes,
    seeds: nodes
      .slice(0, masters)
      .map((node) => `127.0.0.1:${node.port}`)
      .join(","),
    password,
    client() {
      const client = new Cluster(
        nodes.slice(0, masters).map((node) => ({ host: "127.0.0.1", port: node.port })),
        { redisOptions: { password } },
      );
      client.on("error", () => {});
      clients.push(client);
      return client;
    },
    slotOf: async (key) => Number(await ask("CLUSTER", "KEYSLOT", key)),
    async masterOf(slot) {
      const ranges = (await ask("CLUSTER", "SLOTS")) as [number, number, [string, number]][];
      const range = ranges.find(([from, to]) => slot >= from && slot <= to);
      if (!range) throw new Error(`slot ${slot} has no master`);
      return byPort(range[2][1]);
    },
    async replicasOf(master) {
      // Lines of CLUSTER NODES: "<id> 127.0.0.1:<port>@<bus port> slave <master id> ...".
      const lines = (await ask("CLUSTER", "REPLICAS", master.id)) as string[];
      return lines.map((line) => byPort(Number(/:(\d+)@/.exec(line)![1])));
    },
    async waitUntilStable(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const problem = await instability(nodes, probes);
        if (!problem) return;
        if (Date.now() > deadline) throw new Error(`the Redis Cluster did not settle: ${problem}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: stopAll,
  };
  await cluster.waitUntilStable().catch(async (err: unknown) => {
    await stopAll();
    throw err;
  });
  return cluster;
}

/** What keeps the cluster from being settled, or undefined once it is. */
async function instability(
  nodes: ClusterNode[],
  probes: Map<number, Redis>,
): Promise<string | undefined> {
  const views = new Set<string>();
  for (const node of nodes) {
    const probe = probes.get(node.port)!;
    let info: string;
    try {
      info = String(await probe.call("CLUSTER", "INFO"));
    } catch {
      continue; // a node that is down (killed on purpose) has no say
    }
    if (!/cluster_state:ok/.test(info)) return `node ${node.port} is not ok`;
    const slots = (await probe.call("CLUSTER", "SLOTS")) as [number, number, [string, number]][];
    views.add(
      slots
        .map(([from, to, master]) => `${from}-${to}@${master[1]}`)
        .sort()
        .join(" "),
    );
    const replication = String(await probe.info("replication"));
    if (/role:slave/.test(replication) && !/master_link_status:up/.test(replication))
      return `replica ${node.port} is not in sync with its master`;
  }
  if (views.size > 1) return "the nodes disagree on which master serves which slots";
  return undefined;
}
