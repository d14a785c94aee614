/**
 * The floor: the least a Node process can do to deliver the same bytes. A POST's raw body is
 * PUBLISHed once on Redis; every instance sends the bytes it receives, untouched, to each of its
 * raw `ws` clients. No rooms, no protocol, no parsing: the physical limit on this machine.
 *
 * Run: PORT=... REDIS_URL=... node --import tsx bench/baselines/ws-floor.ts
 */
import { createServer } from "node:http";
import { Redis } from "ioredis";
import { WebSocketServer } from "ws";

const port = Number(process.env.PORT ?? 3200);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const CHANNEL = "floor";

const pub = new Redis(redisUrl);
const sub = new Redis(redisUrl);
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

void sub.subscribe(CHANNEL);
sub.on("messageBuffer", (_channel: Buffer, message: Buffer) => {
  for (const client of wss.clients) client.send(message, { binary: false });
});

const httpServer = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/livez") {
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    return;
  }
  if (req.method !== "POST") {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    void pub.publish(CHANNEL, Buffer.concat(chunks)).then(() => res.writeHead(201).end());
  });
});
httpServer.on("upgrade", (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
});

httpServer.listen(port, process.env.HOST ?? "127.0.0.1");
process.on("SIGTERM", () => {
  for (const client of wss.clients) client.terminate();
  pub.disconnect();
  sub.disconnect();
  process.exit(0);
});
