/**
 * A host page on another origin, as a newsroom's article would embed a live blog: a tiny
 * node:http server on a port of its own (so a different origin from the instance under test),
 * serving pages whose iframes point at the embed page. The page records every message a frame
 * posts to it (`window.lbMessages`) and sizes each frame by its `height` messages, as embed.js
 * does.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface HostFrame {
  /** The iframe's id in the host page (also the `frame` it is told). */
  id: string;
  src: string;
}

export interface HostServer {
  /** `http://localhost:<port>`: another origin, and another site, than 127.0.0.1. */
  origin: string;
  /** Serves an article with `frames` under `path`, with `spaceAbove` px of text before them. */
  page(path: string, frames: HostFrame[], options?: { spaceAbove?: number }): string;
  close(): Promise<void>;
}

const hostScript = `
window.lbMessages = [];
addEventListener("message", (event) => {
  const frame = Array.from(document.querySelectorAll("iframe")).find(
    (f) => f.contentWindow === event.source,
  );
  if (!frame) return;
  window.lbMessages.push({ from: frame.id, data: event.data });
  if (event.data && event.data.type === "height") frame.style.height = event.data.height + "px";
});`;

export async function startHostServer(): Promise<HostServer> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const html = pages.get(req.url ?? "");
    res.writeHead(html ? 200 : 404, { "Content-Type": "text/html; charset=utf-8" });
    res.end(html ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    page(path, frames, { spaceAbove = 200 } = {}) {
      const iframes = frames
        .map(
          (f) =>
            `<iframe id="${f.id}" title="Live blog ${f.id}" src="${f.src}" style="display:block;width:100%;border:0;height:150px"></iframe>`,
        )
        .join("\n");
      pages.set(
        path,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host article</title>` +
          `<script>${hostScript}</script></head><body style="margin:0">` +
          `<h1>Host article</h1><div style="height:${spaceAbove}px">Article text.</div>` +
          `${iframes}<div style="height:3000px">More article text.</div></body></html>`,
      );
      return `${origin}${path}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
