/**
 * How many readers one instance carries, measured the way it is deployed: one instance behind
 * nginx over Redis (startCluster), N WebSocket readers through nginx, an entry every 500 ms.
 * Prints, per N: memory per reader (the RSS growth of a fresh instance), CPU per entry, and the delay
 * from an entry's write to each reader's receipt. The source of the figures in docs/DEPLOY.md.
 *
 *   npx tsx deploy/cluster/sizing.ts [--readers 500,1000,2000,4000] [--entries 20] [--every 500]
 *
 * Readers and instance share this machine's cores, so the delays include the readers' own
 * work; the memory and CPU figures are the instance's alone (its metrics).
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { io, type Socket } from "socket.io-client";
import { startCluster, type Cluster } from "./index.js";

const { values } = parseArgs({
  options: {
    readers: { type: "string", default: "500,1000,2000,4000" },
    entries: { type: "string", default: "20" },
    every: { type: "string", default: "500" },
  },
});
const sizes = values.readers.split(",").map(Number);
const entries = Number(values.entries);
const everyMs = Number(values.every);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function instanceSample(cluster: Cluster) {
  const text = await (await fetch(cluster.instances[0]!.metricsUrl)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
  return {
    rss: value("process_resident_memory_bytes"),
    cpu: value("process_cpu_seconds_total"),
  };
}

async function post(cluster: Cluster, path: string, body: unknown) {
  const res = await fetch(`${cluster.url}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${cluster.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

function connect(url: string, blogId: string, index: number, delays: number[]) {
  const socket: Socket = io(url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    // A source address per 250 readers keeps clear of the ephemeral port range.
    localAddress: `127.0.${10 + Math.floor(index / 250)}.${(index % 250) + 1}`,
  } as Parameters<typeof io>[1]);
  socket.on("blog:event", (event: { at: string }) =>
    delays.push(Date.now() - Date.parse(event.at)),
  );
  return new Promise<Socket>((resolve, reject) => {
    socket.once("connect", async () => {
      const ack = (await socket.timeout(30_000).emitWithAck("blog:subscribe", { blogId })) as {
        ok: boolean;
      };
      if (ack.ok) resolve(socket);
      else reject(new Error("subscribe refused"));
    });
    socket.once("connect_error", reject);
  });
}

async function measure(cluster: Cluster, readers: number) {
  const blog = await post(cluster, "/api/blogs", { title: `Sizing ${readers}` });
  const delays: number[] = [];
  const before = await instanceSample(cluster);
  const sockets: Socket[] = [];
  for (let i = 0; i < readers; i += 100) {
    const batch = Array.from({ length: Math.min(100, readers - i) }, (_, j) =>
      connect(cluster.url, blog.id, i + j, delays),
    );
    sockets.push(...(await Promise.all(batch)));
  }
  // Let the connection burst's garbage go before reading the memory they hold.
  await sleep(3_000);
  const connected = await instanceSample(cluster);

  for (let i = 0; i < entries; i += 1) {
    const started = Date.now();
    await post(cluster, `/api/blogs/${blog.id}/entries`, { body: `Sizing entry ${i + 1}` });
    await sleep(Math.max(0, everyMs - (Date.now() - started)));
  }
  const deadline = Date.now() + 30_000;
  while (delays.length < readers * entries && Date.now() < deadline) await sleep(100);
  const after = await instanceSample(cluster);
  for (const socket of sockets) socket.disconnect();
  await sleep(1_000);

  const sorted = [...delays].sort((a, b) => a - b);
  return {
    readers,
    delivered: `${delays.length}/${readers * entries}`,
    kbPerReader: ((connected.rss - before.rss) / 1024 / readers).toFixed(1),
    rssMB: (connected.rss / 2 ** 20).toFixed(0),
    cpuMsPerEntry: (((after.cpu - connected.cpu) * 1000) / entries).toFixed(1),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1),
  };
}

process.stdout.write(
  `one instance behind nginx (fresh for each row), ${entries} entries every ${everyMs} ms, load ${loadavg()[0]!.toFixed(2)}\n`,
);
process.stdout.write(
  "| readers | delivered | KB/reader | instance RSS MB | CPU ms/entry | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|---|\n",
);
for (const readers of sizes) {
  const cluster = await startCluster({ instances: 1, env: { WRITES_PER_MINUTE: "100000" } });
  try {
    const r = await measure(cluster, readers);
    process.stdout.write(
      `| ${r.readers} | ${r.delivered} | ${r.kbPerReader} | ${r.rssMB} | ${r.cpuMsPerEntry} | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} |\n`,
    );
  } finally {
    await cluster.stop();
  }
}
process.stdout.write(`load after: ${loadavg()[0]!.toFixed(2)}\n`);
