/** A reader as a test sees one: a real socket.io-client that records every event it gets. */
import { io, type Socket } from "socket.io-client";
import type {
  Ack,
  ClientToServerEvents,
  ResyncNotice,
  ServerToClientEvents,
  SubscribeResult,
} from "../../shared/events.js";
import { plainText } from "../../shared/html.js";
import type { ReaderLiveEvent } from "../../shared/schemas.js";

/**
 * The text of an event's entry as a reader sees it. Readers' sockets get no Markdown `body`
 * (only the desk's do), so tests compare what the page would show: the entry's html as text.
 */
export const textOf = (event: ReaderLiveEvent): string | undefined =>
  event.entry && plainText(event.entry.html);

export interface TestReader {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** What it was sent: entries without `body`, unless its handshake carried a desk session. */
  events: ReaderLiveEvent[];
  counts: number[];
  /** Every `blog:resync` the server sent: the reader must reload. */
  resyncs: ResyncNotice[];
  subscribe(blogId: string, since?: number, epoch?: string): Promise<Ack<SubscribeResult>>;
  /** Resolves when `n` events have arrived (or rejects after the timeout with what did). */
  waitForEvents(n: number, timeoutMs?: number): Promise<ReaderLiveEvent[]>;
  close(): void;
}

export interface ReaderOptions {
  transports?: ("websocket" | "polling")[];
  extraHeaders?: Record<string, string>;
  /** The Socket.IO `auth` (the embed frame sends its device token as `device`). */
  auth?: Record<string, string>;
  /** The handshake's query (the embed frame's `cookies=none`). */
  query?: Record<string, string>;
}

export async function connectReader(url: string, options: ReaderOptions = {}): Promise<TestReader> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: options.transports ?? ["websocket"],
    extraHeaders: options.extraHeaders,
    auth: options.auth,
    query: options.query,
    reconnection: false,
    forceNew: true,
  });
  const events: ReaderLiveEvent[] = [];
  const counts: number[] = [];
  const resyncs: ResyncNotice[] = [];
  socket.on("blog:event", (event) => events.push(event));
  socket.on("blog:resync", (notice) => resyncs.push(notice));
  socket.on("blog:readers", ({ count }) => counts.push(count));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return {
    socket,
    events,
    counts,
    resyncs,
    subscribe: (blogId, since, epoch) =>
      socket.timeout(10_000).emitWithAck("blog:subscribe", {
        blogId,
        ...(since === undefined ? {} : { since }),
        ...(epoch === undefined ? {} : { epoch }),
      }),
    async waitForEvents(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} events, got ${events.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return events;
    },
    close: () => void socket.disconnect(),
  };
}
