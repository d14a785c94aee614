/**
 * `npm run cluster -- --instances 3 [--port 8080] [--logs] [--no-demo]`: the production topology
 * on this machine (redis-server, N instances, nginx), until Ctrl+C stops all of it.
 */
import { parseArgs } from "node:util";
import { demoBlog, demoEntries } from "../../server/demo/istanbul-talks.js";
import { startCluster, type Cluster } from "./index.js";

const { values } = parseArgs({
  options: {
    instances: { type: "string", default: "3" },
    port: { type: "string", default: "8080" },
    logs: { type: "boolean", default: false },
    "no-demo": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  process.stdout.write(
    "Usage: npm run cluster -- [--instances 3] [--port 8080] [--logs] [--no-demo]\n" +
      "  Starts redis-server, N liveblog instances and nginx (deploy/nginx.conf) on 127.0.0.1.\n" +
      "  --logs     show every process's log here instead of in files\n" +
      "  --no-demo  do not create the demo blog\n",
  );
  process.exit(0);
}

/** Posts the demo blog through nginx, as an editor's script would. */
async function seed(cluster: Cluster) {
  const headers = {
    Authorization: `Bearer ${cluster.adminToken}`,
    "Content-Type": "application/json",
  };
  const blog = await fetch(`${cluster.url}/api/blogs`, {
    method: "POST",
    headers,
    body: JSON.stringify(demoBlog),
  });
  if (blog.status !== 201) throw new Error(`creating the demo blog answered ${blog.status}`);
  for (const entry of demoEntries) {
    await fetch(`${cluster.url}/api/blogs/${demoBlog.id}/entries`, {
      method: "POST",
      headers,
      body: JSON.stringify(entry),
    });
  }
}

const started = performance.now();
const cluster = await startCluster({
  instances: Number(values.instances),
  port: Number(values.port),
  logs: values.logs ? "inherit" : "files",
  env: { WRITES_PER_MINUTE: "600" },
});
if (!values["no-demo"]) await seed(cluster);

const lines = [
  ``,
  `liveblog: ${cluster.instances.length} instances behind nginx, ready in ${Math.round(performance.now() - started)} ms`,
  ``,
  `  Open        ${cluster.url}/`,
  `  Editors     ${cluster.url}/admin  (name "admin", password ${cluster.adminPassword})`,
  `  API token   Authorization: Bearer ${cluster.adminToken}`,
  `  Redis       ${cluster.redis.url.replace(/:[^:@/]+@/, ":***@")}`,
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
