/**
 * Socket-side metrics, read from the Socket.IO server itself so the realtime code needs no
 * hooks: connected sockets, readers per blog (from the `blog:<id>` rooms), and every
 * `blog:event` broadcast (how many readers got it and how long after its write).
 */
import { Gauge } from "prom-client";
import type { Server } from "socket.io";
import type { Metrics } from "./metrics.js";

/** Blogs named in the per-blog gauge; the rest are summed under blog="_other". */
export const MAX_BLOG_LABELS = 20;
const BLOG_ROOM = /^blog:(.+)$/;

export function observeSocketServer(io: Server, metrics: Metrics): void {
  const registers = [metrics.registry];
  const adapter = io.of("/").adapter;

  new Gauge({
    name: "liveblog_sockets_connected",
    help: "Socket.IO connections open on this instance.",
    registers,
    collect() {
      this.set(io.engine.clientsCount);
    },
  });

  new Gauge({
    name: "liveblog_subscriptions",
    help: `Readers subscribed to each blog on this instance: the ${MAX_BLOG_LABELS} largest by name, the rest as "_other".`,
    labelNames: ["blog"],
    registers,
    collect() {
      const sizes: [string, number][] = [];
      for (const [room, sockets] of adapter.rooms) {
        const blogId = BLOG_ROOM.exec(room)?.[1];
        if (blogId) sizes.push([blogId, sockets.size]);
      }
      sizes.sort((a, b) => b[1] - a[1]);
      this.reset();
      let other = 0;
      sizes.forEach(([blogId, size], i) => {
        if (i < MAX_BLOG_LABELS) this.set({ blog: blogId }, size);
        else other += size;
      });
      if (sizes.length > MAX_BLOG_LABELS) this.set({ blog: "_other" }, other);
    },
  });

  // Every emit to a room goes through the adapter's broadcast; observing it there counts what
  // readers actually receive, whichever code path emitted it.
  const broadcast = adapter.broadcast.bind(adapter);
  adapter.broadcast = (packet: { data?: unknown[] }, opts) => {
    const [name, event] = packet.data ?? [];
    if (name === "blog:event") {
      let readers = 0;
      for (const room of opts.rooms) readers += adapter.rooms.get(room)?.size ?? 0;
      metrics.eventsDelivered.inc(readers);
      const at = Date.parse((event as { at?: string } | undefined)?.at ?? "");
      if (readers > 0 && Number.isFinite(at)) {
        metrics.deliveryLatency.observe(Math.max(0, Date.now() - at) / 1000);
      }
    }
    broadcast(packet, opts);
  };
}
