/**
 * Where the store's Redis is: one server (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES).
 * The one place that knows the two: the configuration builds a RedisTarget, the store connects
 * to it (client.ts), and logs and error messages describe it without its password.
 */

/** A Redis server or cluster node's address. */
export interface RedisNode {
  host: string;
  port: number;
}

export interface RedisAuth {
  username?: string;
  password?: string;
  /** rediss:// : every connection uses TLS. */
  tls: boolean;
}

export type RedisTarget =
  | { kind: "single"; url: string; auth: RedisAuth }
  | { kind: "cluster"; seeds: RedisNode[]; auth: RedisAuth };

/**
 * Builds the target from REDIS_URL or REDIS_CLUSTER_NODES (host:port or redis[s]:// URLs,
 * comma-separated) and REDIS_USERNAME/REDIS_PASSWORD; credentials in a URL win over those.
 * Throws a plain message for a malformed seed.
 */
export function redisTarget(settings: {
  url?: string;
  clusterNodes?: string;
  username?: string;
  password?: string;
}): RedisTarget | undefined {
  const fallback = { username: settings.username, password: settings.password };
  if (settings.url) {
    const url = new URL(settings.url);
    return {
      kind: "single",
      url: settings.url,
      auth: credentialsOf(url, fallback, url.protocol === "rediss:"),
    };
  }
  if (!settings.clusterNodes) return undefined;
  const entries = settings.clusterNodes
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const urls = entries.map(seedUrl);
  const tls = urls.some((url) => url.protocol === "rediss:");
  // Seeds are one cluster: the first one with credentials speaks for all.
  const withCredentials = urls.find((url) => url.username || url.password);
  return {
    kind: "cluster",
    seeds: urls.map((url) => ({ host: url.hostname, port: Number(url.port || 6379) })),
    auth: withCredentials ? credentialsOf(withCredentials, fallback, tls) : { ...fallback, tls },
  };
}

/** A seed as a URL: `host:port` is read as redis://host:port. */
export function seedUrl(entry: string): URL {
  const url = new URL(/^rediss?:\/\//.test(entry) ? entry : `redis://${entry}`);
  if (!/^rediss?:$/.test(url.protocol) || !url.hostname || url.pathname.length > 2)
    throw new Error(`"${redactSeed(entry)}" is not host:port or a redis:// or rediss:// URL`);
  return url;
}

function credentialsOf(
  url: URL,
  fallback: { username?: string; password?: string },
  tls: boolean,
): RedisAuth {
  if (!url.username && !url.password) return { ...fallback, tls };
  return {
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    tls,
  };
}

const redactSeed = (entry: string) => entry.replace(/\/\/([^@/]*)@/, "//***@");

/** The target fit for a log line or an error message: addresses, never a password. */
export function describeTarget(target: RedisTarget): string {
  if (target.kind === "single") {
    const url = new URL(target.url);
    if (url.password) url.password = "***";
    return url.toString();
  }
  const scheme = target.auth.tls ? "rediss" : "redis";
  return `cluster ${target.seeds.map(({ host, port }) => `${scheme}://${host}:${port}`).join(",")}`;
}

/** The setting the target came from, for messages that tell the operator what to fix. */
export const settingOf = (target: RedisTarget) =>
  target.kind === "single" ? "REDIS_URL" : "REDIS_CLUSTER_NODES";
