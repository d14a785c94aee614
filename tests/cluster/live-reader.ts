/**
 * A reader that stays whole across failures, for cluster tests and benchmarks: what the browser
 * client (client/common/live.ts) does, in Node. It subscribes with the seq it has applied,
 * applies every event through the shared ordered applier (in order, once), fetches
 * `events?since=` when a gap stays open, and reconnects with socket.io-client's jittered
 * backoff, subscribing again from where it was. When the server says the log no longer
 * continues what it has (a resync: the store lost writes), it reloads the entry list, as the
 * page does, and goes on from the store's position.
 *
 * Each reader may have a loopback address of its own (127.0.0.x), so that nginx's
 * `hash $remote_addr` spreads test readers over the instances as it spreads real people.
 */
import { Agent, get } from "node:http";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../shared/events.js";
import { createEventApplier } from "../../shared/event-applier.js";
import type { EntryPage, ReaderLiveEvent } from "../../shared/schemas.js";

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
  /** Every event applied, in the order applied (a resync does not clear it). */
  readonly applied: ReaderLiveEvent[];
  /** The ids of the entries the reader's page would show, oldest first (reloaded by a resync). */
  readonly shown: string[];
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
  const shown: string[] = [];
  /** The log the applied seqs belong to; an event of another one means reload. */
  let epoch: string | undefined;
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
    apply: (event) => {
      applied.push(event);
      if (event.type === "entry.created" && event.entry) shown.push(event.entry.id);
      if (event.type === "entry.deleted" && event.entry) {
        const at = shown.indexOf(event.entry.id);
        if (at >= 0) shown.splice(at, 1);
      }
    },
    onGap: () => scheduleCatchUp(),
  });
  let reloading: Promise<void> | undefined;
  /** The page's reload: every entry from the store, then on from its seq and epoch. */
  const resync = () =>
    (reloading ??= (async () => {
      stats.resyncs += 1;
      try {
        const ids: string[] = [];
        let before: string | null = null;
        let first: EntryPage | undefined;
        do {
          const page: EntryPage = await getJson<EntryPage>(
            `${url}/api/blogs/${blogId}/entries?limit=100${before ? `&before=${before}` : ""}`,
            agent,
          );
          first ??= page;
          ids.push(...page.entries.map((entry) => entry.id));
          before = page.next;
        } while (before);
        shown.splice(0, shown.length, ...ids.reverse());
        applier.reset(first.seq, first.epoch !== epoch);
        epoch = first.epoch;
      } catch {
        // The next resync notice or reconnect tries again.
      } finally {
        reloading = undefined;
      }
    })());
  const push = (event: ReaderLiveEvent) => {
    if (epoch !== undefined && event.epoch !== epoch) return void resync();
    epoch ??= event.epoch;
    if (applier.push(event) === "duplicate") stats.duplicates += 1;
  };

  const catchUp = async () => {
    stats.catchUps += 1;
    try {
      const page = await getJson<{ events: ReaderLiveEvent[] }>(
        `${url}/api/blogs/${blogId}/events?since=${applier.seq}${epoch ? `&epoch=${epoch}` : ""}`,
        agent,
      );
      for (const event of page.events) push(event);
    } catch (err) {
      // 410 history_reset: the log we follow is gone. Otherwise the next gap or reconnect tries.
      if (err instanceof Error && / 410$/.test(err.message)) void resync();
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
          .emitWithAck("blog:subscribe", { blogId, since: applier.seq, ...(epoch && { epoch }) });
        if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
        if ("resync" in ack.data) await resync();
        else {
          epoch ??= ack.data.epoch;
          for (const event of ack.data.events) push(event);
        }
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
    socket.on("blog:resync", (notice) => {
      if (notice.blogId === blogId) void resync();
    });
    socket.on("blog:readers", (count) => {
      if (count.blogId === blogId) readers = count.count;
    });

    const reader: LiveReader = {
      applied,
      shown,
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
