/**
 * What WebSocket per-message deflate would cost the server in memory: a ws server (the library
 * under Socket.IO) in a child process, `count` sockets that each receive and send one 2 KB
 * message (above engine.io's 1 KB compression threshold), and the server's RSS growth per
 * socket with deflate off and on. Cited in docs/DEPLOY.md ("Compression").
 *
 *   tsx bench/ws-deflate-memory.ts [count]
 */
import { fork } from "node:child_process";
import { WebSocket, WebSocketServer } from "ws";

const MESSAGE = JSON.stringify({
  type: "entry",
  html: "<p>An update from the live blog.</p>".repeat(60),
});

if (process.argv[2] === "--serve") {
  // The server side, alone in its process so that its RSS is the sockets' and nothing else.
  const deflate = process.argv[3] === "on";
  let received = 0;
  let measureWhen: number | null = null;
  const wss = new WebSocketServer({
    port: 0,
    perMessageDeflate: deflate ? { threshold: 1024 } : false,
  });
  wss.on("connection", (socket) => {
    socket.send(MESSAGE);
    socket.on("message", () => {
      received += 1;
      report();
    });
  });
  const rss = () => {
    globalThis.gc?.();
    return process.memoryUsage().rss;
  };
  wss.on("listening", () => {
    const address = wss.address();
    process.send!({ port: address && typeof address === "object" ? address.port : 0, rss: rss() });
  });
  // Measured once every socket's reply has been read (and inflated), not after a guessed wait.
  const report = () => {
    if (measureWhen === null || received < measureWhen) return;
    measureWhen = null;
    process.send!({ rss: rss(), clients: wss.clients.size });
  };
  process.on("message", (expected: number) => {
    measureWhen = expected;
    report();
  });
} else {
  const count = Number(process.argv[2] ?? 2000);
  const measure = async (deflate: boolean) => {
    const child = fork(import.meta.filename, ["--serve", deflate ? "on" : "off"], {
      execArgv: ["--import", "tsx", "--expose-gc"],
    });
    const next = () =>
      new Promise<{ port?: number; rss: number; clients?: number }>((resolve) =>
        child.once("message", resolve as (m: unknown) => void),
      );
    const start = await next();
    const sockets = await Promise.all(
      Array.from(
        { length: count },
        () =>
          new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(`ws://127.0.0.1:${start.port}`, {
              perMessageDeflate: deflate,
            });
            socket.once("message", () => {
              socket.send(MESSAGE);
              resolve(socket);
            });
            socket.once("error", reject);
          }),
      ),
    );
    child.send(count);
    const after = await next();
    for (const socket of sockets) socket.terminate();
    child.kill();
    const perSocket = (after.rss - start.rss) / count / 1024;
    process.stdout.write(
      `per-message deflate ${deflate ? "on " : "off"}: ${after.clients} sockets, server RSS +${((after.rss - start.rss) / 1048576).toFixed(1)} MiB = ${perSocket.toFixed(1)} KiB per socket\n`,
    );
  };
  await measure(false);
  await measure(true);
}
