/**
 * The production topology on one machine: a private redis-server (AOF on, password set), or a
 * Redis Cluster of 3 masters with a replica each, N liveblog instances as child processes, and
 * nginx from deploy/nginx.conf in front of them. `npm run cluster` runs it for people; the
 * cluster tests and the benchmarks import it.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../tests/support/ports.js";
import { startRedis, type TestRedis } from "../../tests/support/redis.js";
import { startRedisCluster, type TestRedisCluster } from "../../tests/support/redis-cluster.js";
import { createInstance, type ClusterInstance, type Exit } from "./instance.js";
import { startNginx, type LocalNginx } from "./nginx.js";
import { waitUntilRouted } from "./routing.js";

export type { ClusterInstance, Exit } from "./instance.js";

export interface ClusterOptions {
  /** How many liveblog instances (default 3). */
  instances?: number;
  /** nginx's port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** More environment for every instance, e.g. LOG_LEVEL or SHUTDOWN_GRACE_MS. */
  env?: Record<string, string>;
  /** "files" (default): each process logs into the cluster's directory; "inherit": to this terminal. */
  logs?: "files" | "inherit";
  /**
   * Addresses or CIDR ranges of load balancers in front of nginx, whose X-Forwarded-For and
   * X-Forwarded-Proto nginx believes (compose's NGINX_TRUSTED_PROXIES). Default: none.
   */
  trustedProxies?: readonly string[];
  /**
   * Run the instances on a Redis Cluster (3 masters with a replica each, AOF on, password set;
   * REDIS_CLUSTER_NODES and REDIS_PASSWORD) instead of one redis-server (REDIS_URL).
   */
  redisCluster?: boolean;
}

/** One redis-server, or a Redis Cluster when started with `redisCluster: true`. */
export type ClusterRedis = TestRedis | TestRedisCluster;

export interface Cluster<R extends ClusterRedis = TestRedis> {
  /** nginx: what readers and editors use. */
  url: string;
  redis: R;
  /** How the instances reach Redis: REDIS_URL, or REDIS_CLUSTER_NODES and REDIS_PASSWORD. */
  redisEnv: Record<string, string>;
  instances: ClusterInstance[];
  nginx: LocalNginx;
  /** For `Authorization: Bearer`. */
  adminToken: string;
  /** The password of the editor `admin`. */
  adminPassword: string;
  /**
   * Restarts an instance gracefully (SIGTERM, start, ready) and resolves once nginx routes to it
   * again: one step of a rolling restart. Returns how the old process ended.
   */
  restart(instance: ClusterInstance): Promise<Exit>;
  /** Holds the logs (instance-<id>.log, access.log, error.log) and the rendered nginx.conf. */
  dir: string;
  stop(): Promise<void>;
}

const secret = () => randomBytes(24).toString("base64url");

/** A free port on 127.0.0.1, kept listening (so taken by nothing else) until `release()`. */
function reservePort(): Promise<{ port: number; release(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ port, release: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** The instances' Redis variables for `redis`. */
export function redisEnvironment(redis: ClusterRedis): Record<string, string> {
  if ("seeds" in redis) {
    return { REDIS_CLUSTER_NODES: redis.seeds, REDIS_PASSWORD: redis.password ?? "" };
  }
  return { REDIS_URL: redis.url };
}

export function startCluster(
  options: ClusterOptions & { redisCluster: true },
): Promise<Cluster<TestRedisCluster>>;
export function startCluster(
  options?: ClusterOptions & { redisCluster?: false },
): Promise<Cluster<TestRedis>>;
export function startCluster(options: ClusterOptions): Promise<Cluster<ClusterRedis>>;
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster<ClusterRedis>> {
  const count = options.instances ?? 3;
  if (!Number.isInteger(count) || count < 1) throw new Error("instances must be 1 or more");
  const dir = mkdtempSync(join(tmpdir(), "liveblog-cluster-"));
  const redisPassword = secret();
  const adminToken = secret();
  const adminPassword = secret();
  const started: { redis?: ClusterRedis; nginx?: LocalNginx; instances: ClusterInstance[] } = {
    instances: [],
  };
  const stop = async () => {
    process.off("exit", killOnExit);
    await started.nginx?.stop();
    await Promise.all(started.instances.map((instance) => instance.stop("SIGTERM")));
    await started.redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  // If this process dies without stop(), its children must not outlive it.
  const killOnExit = () => {
    for (const instance of started.instances) {
      if (instance.pid && instance.running) process.kill(instance.pid, "SIGKILL");
    }
  };
  process.on("exit", killOnExit);

  let reserved: Awaited<ReturnType<typeof reservePort>> | undefined;
  try {
    started.redis = options.redisCluster
      ? await startRedisCluster({ password: redisPassword, node: { appendonly: true } })
      : await startRedis({ appendonly: true, password: redisPassword });
    const redisEnv = redisEnvironment(started.redis);
    // Held until nginx takes it: the instances' PUBLIC_ORIGIN names it before they start, and
    // meanwhile an outgoing connection (a cluster's many) could be given it as its local port.
    reserved = options.port === undefined ? await reservePort() : undefined;
    const listenPort = options.port ?? reserved!.port;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      ...redisEnv,
      SESSION_SECRET: secret(),
      ADMIN_TOKEN: adminToken,
      ADMIN_PASSWORD: adminPassword,
      // One proxy (nginx) in front: req.ip is the reader's address from X-Forwarded-For.
      TRUST_PROXY: "1",
      // nginx's address, as printed: the origin of the pages' absolute URLs (required with
      // Redis), and with localhost the origins whose browsers may open sockets.
      PUBLIC_ORIGIN: `http://127.0.0.1:${listenPort},http://localhost:${listenPort}`,
      LOG_LEVEL: "info",
      ...options.env,
    };
    const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
    const metricsPorts = await Promise.all(ports.map(() => freePort()));
    started.instances = ports.map((port, i) =>
      createInstance({
        id: `i${i + 1}`,
        port,
        metricsPort: metricsPorts[i]!,
        env,
        log: options.logs === "inherit" ? "inherit" : join(dir, `instance-i${i + 1}.log`),
      }),
    );
    await Promise.all(started.instances.map((instance) => instance.start()));
    await reserved?.release();
    started.nginx = await startNginx({
      dir,
      listenPort,
      instancePorts: ports,
      trustedProxies: options.trustedProxies,
    });
  } catch (err) {
    await reserved?.release();
    await stop().catch(() => {});
    throw err;
  }

  const nginx = started.nginx;
  return {
    url: nginx.url,
    redis: started.redis,
    redisEnv: redisEnvironment(started.redis),
    instances: started.instances,
    nginx,
    adminToken,
    adminPassword,
    dir,
    stop,
    async restart(instance) {
      const exit = await instance.stop("SIGTERM");
      await instance.start();
      await waitUntilRouted(nginx.url, instance);
      return exit;
    },
  };
}
