/**
 * One blog, kept live: a Socket.IO subscription from a known seq, every event through the ordered
 * applier, catch-up over HTTP when a gap stays open, a resync when the log no longer reaches back,
 * and reconnection with jittered exponential backoff (socket.io-client's, randomizationFactor).
 * Used by the reader page and the editors' page alike.
 */
import { io, type Socket } from "socket.io-client";
import {
  SOCKET_PATH,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "../../shared/events.js";
import { createEventApplier } from "../../shared/event-applier.js";
import type { EventsPage, LiveEvent } from "../../shared/schemas.js";
import { api, ApiError } from "./api.js";

/** What the page shows about its connection. */
export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "offline";

export interface LiveOptions {
  blogId: string;
  /** The seq the page's state reflects. */
  seq: number;
  apply(event: LiveEvent): void;
  /** Reloads the page's state from the API; resolves with the seq it reflects. */
  resync(): Promise<number>;
  onStatus?(status: ConnectionStatus): void;
  onReaders?(count: number): void;
}

/** How long a gap may stay open before we fetch it: events in flight usually close it first. */
const GAP_GRACE_MS = 400;
const jitter = (ms: number) => ms / 2 + Math.random() * ms;

export function connectLive(options: LiveOptions) {
  const { blogId } = options;
  let status: ConnectionStatus = "connecting";
  let subscribing = false;
  let resyncing: Promise<void> | null = null;
  let catchUpTimer: ReturnType<typeof setTimeout> | undefined;
  let catchUpFailures = 0;
  let offlineRetry: ReturnType<typeof setInterval> | undefined;

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    options.onStatus?.(next);
  };

  const applier = createEventApplier<LiveEvent>({
    seq: options.seq,
    apply: options.apply,
    onGap: () => scheduleCatchUp(GAP_GRACE_MS),
  });

  const resync = () => {
    resyncing ??= options
      .resync()
      .then((seq) => applier.reset(seq))
      .finally(() => {
        resyncing = null;
      });
    return resyncing;
  };

  /** Fetches what the socket has not delivered: the open gap, or anything after our seq. */
  const catchUp = async () => {
    try {
      const page = await api<EventsPage>(`/api/blogs/${blogId}/events?since=${applier.seq}`);
      for (const event of page.events) applier.push(event);
      catchUpFailures = 0;
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) return resync();
      catchUpFailures += 1;
      scheduleCatchUp(Math.min(30_000, 1000 * 2 ** catchUpFailures));
    }
  };

  function scheduleCatchUp(delayMs: number) {
    if (catchUpTimer !== undefined) return;
    catchUpTimer = setTimeout(() => {
      catchUpTimer = undefined;
      // A subscription in progress brings the missing events in its ack.
      if (subscribing) return;
      if (applier.gap || catchUpFailures > 0) void catchUp();
    }, jitter(delayMs));
  }

  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    path: SOCKET_PATH,
    transports: ["websocket", "polling"],
    reconnectionDelay: 1000,
    reconnectionDelayMax: 20_000,
    randomizationFactor: 0.5,
  });

  const subscribe = async () => {
    subscribing = true;
    try {
      const ack = await socket
        .timeout(10_000)
        .emitWithAck("blog:subscribe", { blogId, since: applier.seq });
      if (!ack.ok) throw new ApiError(0, ack.error.code, ack.error.message);
      if ("resync" in ack.data) await resync();
      else for (const event of ack.data.events) applier.push(event);
      setStatus("live");
    } catch {
      // No answer or a refusal: try again on a fresh connection, after a pause.
      if (socket.connected) setTimeout(() => socket.connected && void subscribe(), jitter(3000));
    } finally {
      subscribing = false;
      if (applier.gap) scheduleCatchUp(GAP_GRACE_MS);
    }
  };

  socket.on("connect", () => void subscribe());
  socket.on("disconnect", (reason) => {
    setStatus(navigator.onLine ? "reconnecting" : "offline");
    // The server closed us on purpose (shutting down): Socket.IO does not retry that by itself.
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), jitter(2000));
  });
  socket.io.on("reconnect_attempt", () => setStatus(navigator.onLine ? "reconnecting" : "offline"));
  socket.on("blog:event", (event) => {
    if (event.blogId === blogId) applier.push(event);
  });
  socket.on("blog:readers", (count) => {
    if (count.blogId === blogId) options.onReaders?.(count.count);
  });

  // The browser knows about a lost network long before a heartbeat times out.
  const goOffline = () => {
    setStatus("offline");
    socket.disconnect();
    clearInterval(offlineRetry);
    // Some systems never say "online" again; keep trying now and then anyway.
    offlineRetry = setInterval(() => socket.connected || socket.connect(), 30_000);
  };
  const goOnline = () => {
    clearInterval(offlineRetry);
    if (!socket.connected) {
      setStatus("reconnecting");
      socket.connect();
    }
  };
  window.addEventListener("offline", goOffline);
  window.addEventListener("online", goOnline);

  return {
    applier,
    get status() {
      return status;
    },
    /**
     * Read-your-writes for editors: after a change the server confirmed with `seq`, fetch the log
     * if the event has not arrived on the socket shortly after.
     */
    expect(seq: number) {
      setTimeout(() => {
        if (applier.seq < seq) void catchUp();
      }, 1000);
    },
    close() {
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      clearInterval(offlineRetry);
      clearTimeout(catchUpTimer);
      socket.disconnect();
    },
  };
}

export type LiveBlog = ReturnType<typeof connectLive>;
