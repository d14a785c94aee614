/**
 * The baseline: what a team builds in an afternoon. Bare Socket.IO with the official Redis
 * adapter; a reader joins a room; a POST broadcasts its body to the room. Nothing is stored,
 * validated or authorized, and a reader who was away simply misses what was said meanwhile.
 *
 * Run: PORT=... REDIS_URL=... node --import tsx bench/baselines/socketio-redis.ts
 */
import { createServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import express from "express";
import { Redis } from "ioredis";
import { Server } from "socket.io";

const port = Number(process.env.PORT ?? 3100);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

const pub = new Redis(redisUrl);
const sub = pub.duplicate();
const app = express();
const httpServer = createServer(app);
const io = new Server(httpServer, {
  serveClient: false,
  perMessageDeflate: false,
  adapter: createAdapter(pub, sub),
});

io.on("connection", (socket) => {
  socket.on("blog:subscribe", (request: { blogId?: unknown }, ack?: (r: unknown) => void) => {
    if (typeof request?.blogId === "string") void socket.join(`blog:${request.blogId}`);
    if (typeof ack === "function") ack({ ok: true });
  });
});

app.get("/livez", (_req, res) => {
  res.json({ ok: true });
});
app.post("/api/blogs/:blogId/entries", express.json({ limit: "64kb" }), (req, res) => {
  io.to(`blog:${req.params.blogId}`).emit("blog:event", req.body);
  res.status(201).json({ ok: true });
});

httpServer.listen(port, process.env.HOST ?? "127.0.0.1");
process.on("SIGTERM", () => {
  void io.close();
  pub.disconnect();
  sub.disconnect();
  process.exit(0);
});
