/**
 * The servers under test, each in its own process, with the probe preloaded. liveblog runs as
 * `npm run cluster` runs it (deploy/cluster: a redis-server with AOF and a password, instances
 * started like production, nginx in front, which the benchmark bypasses to reach each instance
 * directly, as it does for the others); with `redis: "cluster"` on a 3-master Redis Cluster
 * (tests/support/redis-cluster.ts) instead of one redis-server. The baseline and the floor are not liveblog, so they are
 * spawned here, each instance on a free port, over a private redis-server (tests/support/redis.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startCluster } from "../deploy/cluster/index.js";
import { exited, waitForOk } from "../deploy/cluster/process.js";
import { freePort } from "../tests/support/ports.js";
import { startRedis } from "../tests/support/redis.js";
import type { RedisMode, ServerKind } from "./options.js";
import { askProbe, probeEnvironment, type ProbeSample } from "./probe-client.js";
import type { RedisNode } from "./redis-stats.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SCRIPTS = {
  baseline: "bench/baselines/socketio-redis.ts",
  floor: "bench/baselines/ws-floor.ts",
};

export interface ServerProcess {
  kind: ServerKind;
  index: number;
  url: string;
  /** liveblog: its Prometheus endpoint (METRICS_PORT). */
  metricsUrl?: string;
  /** Starts a measuring window in the process and returns a sample, after a full GC. */
  mark(): Promise<ProbeSample>;
  /** RSS, CPU and event loop since the last mark. */
  sample(): Promise<ProbeSample>;
  /** Profiles the CPU until stopProfile writes it to `file` (a .cpuprofile for DevTools). */
  startProfile(): Promise<void>;
  stopProfile(file: string): Promise<void>;
  /** SIGTERM stops it gracefully, SIGKILL is a crash; resolves when it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface Topology {
  kind: ServerKind;
  servers: ServerProcess[];
  /** Bearer token of an editor (liveblog only). */
  adminToken?: string;
  /**
   * liveblog: the origin its PUBLIC_ORIGIN allows (nginx's, which the benchmark bypasses): what
   * a reader's browser sends as Origin with a vote.
   */
  publicOrigin?: string;
  /** liveblog: the nodes of its Redis, each with the given blogs it serves. */
  redisNodes?(blogIds: string[]): Promise<RedisNode[]>;
  stop(): Promise<void>;
}

export interface TopologyOptions {
  instances: number;
  /** liveblog: one redis-server (default) or a Redis Cluster. */
  redis?: RedisMode;
}

/** What every server process offers through its probe. */
const probed = (dir: string, pid: number) => ({
  mark: () => askProbe(dir, pid, "mark?gc=1"),
  sample: () => askProbe(dir, pid, "sample"),
  startProfile: async () => void (await askProbe(dir, pid, "profile-start")),
  stopProfile: async (file: string) => void (await askProbe(dir, pid, "profile-stop", file)),
});

async function startLiveblog(options: TopologyOptions, probe: ReturnType<typeof probeEnvironment>) {
  const cluster = await startCluster({
    instances: options.instances,
    env: {
      ...probe.env,
      LOG_LEVEL: "warn",
      DEMO: "off",
      // The benchmark posts faster than an editor; the write limit is not what is measured.
      WRITES_PER_MINUTE: "1000000",
    },
    redisCluster: options.redis === "cluster",
  });
  const servers = cluster.instances.map((instance, index): ServerProcess => {
    const pid = instance.pid!;
    return {
      kind: "liveblog",
      index,
      url: instance.url,
      metricsUrl: instance.metricsUrl,
      ...probed(probe.dir, pid),
      kill: async (signal) => void (await instance.stop(signal)),
    };
  });
  const redis = cluster.redis;
  const redisNodes = async (blogIds: string[]): Promise<RedisNode[]> => {
    if (!("seeds" in redis))
      return [{ label: "redis", role: "master", blogs: blogIds, url: redis.url }];
    const redisCluster = redis;
    // Shards numbered by their masters' order of creation (redis-cli gives the first the lowest slots).
    const masters = await Promise.all(
      blogIds.map(async (blogId) => redisCluster.masterOf(await redisCluster.slotOf(blogId))),
    );
    const nodes: RedisNode[] = [];
    for (const [shard, master] of redisCluster.nodes.slice(0, 3).entries()) {
      const blogs = blogIds.filter((_, i) => masters[i] === master);
      nodes.push({ label: `shard ${shard + 1} master`, role: "master", blogs, url: master.url });
      for (const replica of await redisCluster.replicasOf(master))
        nodes.push({
          label: `shard ${shard + 1} replica`,
          role: "replica",
          blogs,
          url: replica.url,
        });
    }
    return nodes;
  };
  return {
    servers,
    adminToken: cluster.adminToken,
    publicOrigin: new URL(cluster.url).origin,
    redisNodes,
    stop: () => cluster.stop(),
  };
}

async function startOther(
  kind: "baseline" | "floor",
  options: TopologyOptions,
  probe: ReturnType<typeof probeEnvironment>,
) {
  const redis = await startRedis();
  const children: ChildProcess[] = [];
  const stopAll = async (signal: NodeJS.Signals) => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await Promise.all(children.map((child) => exited(child)));
  };
  try {
    const servers = await Promise.all(
      Array.from({ length: options.instances }, async (_, index): Promise<ServerProcess> => {
        const port = await freePort();
        const child = spawn(process.execPath, ["--import", "tsx", SCRIPTS[kind]], {
          cwd: ROOT,
          env: { PATH: process.env.PATH, ...probe.env, PORT: String(port), REDIS_URL: redis.url },
          stdio: ["ignore", "ignore", "inherit"],
        });
        children.push(child);
        const url = `http://127.0.0.1:${port}`;
        await waitForOk(`${url}/livez`, child, { what: `${kind} instance ${index}` });
        const pid = child.pid!;
        return {
          kind,
          index,
          url,
          ...probed(probe.dir, pid),
          async kill(signal = "SIGTERM") {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            await exited(child);
          },
        };
      }),
    );
    return {
      servers,
      stop: async () => {
        await stopAll("SIGTERM");
        await redis.stop();
      },
    };
  } catch (err) {
    await stopAll("SIGKILL");
    await redis.stop();
    throw err;
  }
}

export async function startTopology(kind: ServerKind, options: TopologyOptions): Promise<Topology> {
  const probe = probeEnvironment();
  try {
    const started =
      kind === "liveblog"
        ? await startLiveblog(options, probe)
        : await startOther(kind, options, probe);
    return {
      kind,
      ...started,
      async stop() {
        await started.stop();
        probe.remove();
      },
    };
  } catch (err) {
    probe.remove();
    throw err;
  }
}
