/**
 * A reader that stays whole across failures, for cluster tests and benchmarks: what the browser
 * client (client/common/live.ts) does, in Node. It subscribes with the seq it has applied,
 * applies every event through the shared ordered applier (in order, once), fetches
 * `events?since=` when a gap stays open, and reconnects with socket.io-client's jittered
 * backoff, subscribing again from where it was.
 *
 * Each reader may have a loopback address of its own (127.0.0.x), so that nginx's
 * `hash $remote_addr` spreads test readers over the instances as it spreads real people.
 */
import { Agent, get } from "node:http";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../shared/events.js";
import { createEventApplier } from "../../shared/event-applier.js";
import type { ReaderLiveEvent } from "../../shared/schemas.js";

export interface LiveReaderOptions {
  url: string;
  blogId: string;
  transport: "websocket" | "polling";
  /** The address the reader connects from, e.g. "127.0.0.7". */
  localAddress?: string;
  /** The seq the reader already has (default 0: everything from the start). */
  since?: number;
}

export interface LiveReaderStats {
  /** Connections made, the first one included. */
  connects: number;
  disconnects: number;
  /** HTTP `events?since=` fetches made to close a gap. */
  catchUps: number;
  resyncs: number;
  /** Events that arrived again (socket and catch-up overlapping) and were dropped. */
  duplicates: number;
}

export interface LiveReader {
  /** Every event applied, in the order applied. */
  readonly applied: ReaderLiveEvent[];
  readonly seq: number;
  /** The last `blog:readers` count received. */
  readonly readers: number | undefined;
  readonly connected: boolean;
  readonly stats: LiveReaderStats;
  /** Resolves once the reader has applied up to `seq`. */
  waitForSeq(seq: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

const GAP_GRACE_MS = 400;

/** GET through node:http, whose agent (unlike fetch) can pick the local address. */
function getJson<T>(url: string, agent: Agent): Promise<T> {
  return new Promise((resolve, reject) => {
    get(url, { agent, timeout: 10_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        if (res.statusCode !== 200) return reject(new Error(`GET ${url}: ${res.statusCode}`));
        try {
          resolve(JSON.parse(body) as T);
        } catch (err) {
          reject(err);
        }
      });
    })
      .on("timeout", function (this: { destroy(err: Error): void }) {
        this.destroy(new Error(`GET ${url} timed out`));
      })
      .on("error", reject);
  });
}
const jitter = (ms: number) => ms / 2 + Math.random() * ms;

/** Connects and resolves after the first subscription was acknowledged. */
export function openLiveReader(options: LiveReaderOptions): Promise<LiveReader> {
  const { url, blogId } = options;
  // Agent options reach net.connect, so the reader's requests leave from its own address.
  const agent = new Agent({ localAddress: options.localAddress } as ConstructorParameters<
    typeof Agent
  >[0]);
  const applied: ReaderLiveEvent[] = [];
  const stats: LiveReaderStats = {
    connects: 0,
    disconnects: 0,
    catchUps: 0,
    resyncs: 0,
    duplicates: 0,
  };
  let readers: number | undefined;
  let subscribing = false;
  let closed = false;
  let catchUpTimer: ReturnType<typeof setTimeout> | undefined;

  const applier = createEventApplier<ReaderLiveEvent>({
    seq: options.since ?? 0,
    apply: (event) => applied.push(event),
    onGap: () => scheduleCatchUp(),
  });
  const push = (event: ReaderLiveEvent) => {
    if (applier.push(event) === "duplicate") stats.duplicates += 1;
  };

  const catchUp = async () => {
    stats.catchUps += 1;
    try {
      const page = await getJson<{ events: ReaderLiveEvent[] }>(
        `${url}/api/blogs/${blogId}/events?since=${applier.seq}`,
        agent,
      );
      for (const event of page.events) push(event);
    } catch {
      // The next gap or reconnect tries again.
    }
  };
  function scheduleCatchUp() {
    if (catchUpTimer !== undefined || closed) return;
    catchUpTimer = setTimeout(() => {
      catchUpTimer = undefined;
      if (!subscribing && applier.gap) void catchUp();
    }, jitter(GAP_GRACE_MS));
  }

  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: [options.transport],
    // What a browser on the page sends; the server refuses sockets from foreign origins.
    extraHeaders: { Origin: new URL(url).origin },
    agent: agent as unknown as string,
    forceNew: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 20_000,
    randomizationFactor: 0.5,
  });

  return new Promise((resolve, reject) => {
    let first = true;
    const subscribe = async () => {
      subscribing = true;
      try {
        const ack = await socket
          .timeout(10_000)
          .emitWithAck("blog:subscribe", { blogId, since: applier.seq });
        if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
        if ("resync" in ack.data) stats.resyncs += 1;
        else for (const event of ack.data.events) push(event);
        if (first) {
          first = false;
          resolve(reader);
        }
      } catch (err) {
        if (first && !socket.connected) return reject(err);
        if (socket.connected) setTimeout(() => socket.connected && void subscribe(), jitter(3000));
      } finally {
        subscribing = false;
        if (applier.gap) scheduleCatchUp();
      }
    };

    socket.on("connect", () => {
      stats.connects += 1;
      void subscribe();
    });
    socket.on("connect_error", (err) => {
      if (first && !socket.active) reject(err);
    });
    socket.on("disconnect", (reason) => {
      stats.disconnects += 1;
      if (reason === "io server disconnect" && !closed) {
        setTimeout(() => closed || socket.connect(), jitter(2000));
      }
    });
    socket.on("blog:event", (event) => {
      if (event.blogId === blogId) push(event);
    });
    socket.on("blog:readers", (count) => {
      if (count.blogId === blogId) readers = count.count;
    });

    const reader: LiveReader = {
      applied,
      get seq() {
        return applier.seq;
      },
      get readers() {
        return readers;
      },
      get connected() {
        return socket.connected;
      },
      stats,
      async waitForSeq(seq, timeoutMs = 30_000) {
        const deadline = Date.now() + timeoutMs;
        while (applier.seq < seq) {
          if (Date.now() > deadline) {
            throw new Error(
              `reader ${options.localAddress ?? ""} stuck at seq ${applier.seq} of ${seq}`,
            );
          }
          await new Promise((r) => setTimeout(r, 25));
        }
      },
      close() {
        closed = true;
        clearTimeout(catchUpTimer);
        socket.disconnect();
        agent.destroy();
      },
    };
  });
}
