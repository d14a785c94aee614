/**
 * `npm run cluster -- --instances 3 [--port 8080] [--redis-cluster] [--logs] [--no-demo]`: the
 * production topology on this machine (redis-server or a Redis Cluster, N instances, nginx),
 * until Ctrl+C stops all of it.
 */
import { parseArgs } from "node:util";
import { seedClusterDemo } from "./demo.js";
import { startCluster } from "./index.js";

const { values } = parseArgs({
  options: {
    instances: { type: "string", default: "3" },
    port: { type: "string", default: "8080" },
    logs: { type: "boolean", default: false },
    "redis-cluster": { type: "boolean", default: false },
    "no-demo": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  process.stdout.write(
    "Usage: npm run cluster -- [--instances 3] [--port 8080] [--redis-cluster] [--logs] [--no-demo]\n" +
      "  Starts redis-server, N liveblog instances and nginx (deploy/nginx.conf) on 127.0.0.1.\n" +
      "  --redis-cluster  a Redis Cluster (3 masters, a replica each) instead of one redis-server\n" +
      "  --logs           show every process's log here instead of in files\n" +
      "  --no-demo        do not create the demo blog\n",
  );
  process.exit(0);
}

const started = performance.now();
const cluster = await startCluster({
  instances: Number(values.instances),
  port: Number(values.port),
  logs: values.logs ? "inherit" : "files",
  env: { WRITES_PER_MINUTE: "600" },
  redisCluster: values["redis-cluster"],
});
if (!values["no-demo"]) await seedClusterDemo(cluster.redisEnv);

/** Where Redis is, password hidden: its URL, or each cluster node with its role. */
async function describeRedis(): Promise<string[]> {
  const redis = cluster.redis;
  if (!("seeds" in redis)) return [`  Redis       ${redis.url.replace(/:[^:@/]+@/, ":***@")}`];
  const lines = [`  Redis       Cluster, seeds ${redis.seeds} (REDIS_CLUSTER_NODES; password ***)`];
  for (const node of redis.nodes) {
    const [role] = (await node.client().call("ROLE")) as [string];
    lines.push(`    node      127.0.0.1:${node.port}  ${role === "master" ? "master" : "replica"}`);
  }
  return lines;
}

const lines = [
  ``,
  `liveblog: ${cluster.instances.length} instances behind nginx, ready in ${Math.round(performance.now() - started)} ms`,
  ``,
  `  Open        ${cluster.url}/`,
  `  Editors     ${cluster.url}/admin  (name "admin", password ${cluster.adminPassword})`,
  `  API token   Authorization: Bearer ${cluster.adminToken}`,
  ...(await describeRedis()),
  ...cluster.instances.map((i) => `  Instance ${i.id}  ${i.url}  (pid ${i.pid}; ${i.metricsUrl})`),
  `  Logs        ${values.logs ? "this terminal" : `${cluster.dir}/`}`,
  ``,
  `Ctrl+C stops everything.`,
  ``,
];
process.stdout.write(lines.join("\n"));

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  process.stdout.write("\nStopping nginx, the instances and Redis...\n");
  await cluster.stop();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
