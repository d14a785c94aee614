/**
 * One blog, kept live: a Socket.IO subscription from a known seq, every event through the ordered
 * applier, catch-up over HTTP when a gap stays open, a resync when the log no longer reaches back,
 * and reconnection with jittered exponential backoff (socket.io-client's, randomizationFactor).
 * Used by the reader page and the editors' page alike; the reader page's socket gets entries
 * without their Markdown `body` (ReaderLiveEvent), the desk's with it (LiveEvent).
 *
 * A deleted blog ends it: on `blog.deleted` (out of order too: nothing before it can be fetched
 * any more), or when the server answers that the blog does not exist (the event was missed while
 * away), `onRemoved` is called once and every connection and retry stops.
 */
import { io, type Socket } from "socket.io-client";
import type { Tallies } from "../../shared/engagement.js";
import {
  NO_COOKIES_QUERY,
  SOCKET_PATH,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "../../shared/events.js";
import { createEventApplier } from "../../shared/event-applier.js";
import type { LogPosition } from "../../shared/page-state.js";
import type { EventsPage, ReaderLiveEvent } from "../../shared/schemas.js";
import { api, ApiError } from "./api.js";

/** What the page shows about its connection. */
export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "offline";

/** E: ReaderLiveEvent on a reader's page; LiveEvent on the desk, whose socket carries a session. */
export interface LiveOptions<E extends ReaderLiveEvent> {
  blogId: string;
  /** The seq the page's state reflects, and the epoch of the blog's log it belongs to. */
  seq: number;
  epoch: string;
  apply(event: E): void;
  /** Reloads the page's state from the API; resolves with the position it reflects. */
  resync(): Promise<LogPosition>;
  onStatus?(status: ConnectionStatus): void;
  onReaders?(count: number): void;
  /** Votes and reactions: the counts of the entries that changed (at most about once a second). */
  onTallies?(tallies: Tallies): void;
  /** The blog was deleted: show it; nothing more will come. */
  onRemoved?(): void;
  /**
   * The embed frame's device token: its socket names its device with it and takes no cookie.
   * Without it (the reader page) the socket's handshake gives the browser the device cookie.
   */
  device?: string;
}

/** How long a gap may stay open before we fetch it: events in flight usually close it first. */
const GAP_GRACE_MS = 400;
/** Refusals of a subscription that asking again will not change (not_found: removed). */
const FINAL_REFUSALS: ReadonlySet<string> = new Set(["not_found", "validation_failed"]);
const isGone = (err: unknown) =>
  err instanceof ApiError && (err.status === 404 || err.code === "not_found");
/** Pages of GET /events one catch-up follows; a reader further behind reloads instead. */
const CATCH_UP_PAGES = 5;
/** Events kept while a reload is under way; a burst beyond it is left to the gap's catch-up. */
const MAX_ARRIVED_DURING_RESYNC = 500;
const jitter = (ms: number) => ms / 2 + Math.random() * ms;

export function connectLive<E extends ReaderLiveEvent = ReaderLiveEvent>(options: LiveOptions<E>) {
  const { blogId } = options;
  let status: ConnectionStatus = "connecting";
  let epoch = options.epoch;
  let subscribing = false;
  let resyncing: Promise<void> | null = null;
  let resyncFailures = 0;
  let resyncRetry: ReturnType<typeof setTimeout> | undefined;
  /** Events of another epoch than ours that came while a reload was under way. */
  let arrivedDuringResync: E[] = [];
  let catchUpTimer: ReturnType<typeof setTimeout> | undefined;
  let catchUpFailures = 0;
  let offlineRetry: ReturnType<typeof setInterval> | undefined;
  let removed = false;

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    options.onStatus?.(next);
  };

  const applier = createEventApplier<E>({
    seq: options.seq,
    apply: options.apply,
    onGap: () => scheduleCatchUp(GAP_GRACE_MS),
  });

  /**
   * Reloads the page's state. Never rejects: a reload that failed is tried again later, since
   * the page would otherwise keep showing a log that is gone until some event came.
   */
  const resync = (): Promise<void> => {
    clearTimeout(resyncRetry);
    resyncRetry = undefined;
    resyncing ??= options
      .resync()
      .then(
        (position) => {
          // Events waiting from another epoch belong to a log that is gone.
          applier.reset(position.seq, position.epoch !== epoch);
          epoch = position.epoch;
          resyncFailures = 0;
          // Events of the new log that came while we reloaded may be newer than the reload.
          for (const event of arrivedDuringResync) if (event.epoch === epoch) applier.push(event);
        },
        (err: unknown) => {
          if (isGone(err)) return removedNow();
          resyncFailures += 1;
          resyncRetry = setTimeout(
            () => void resync(),
            jitter(Math.min(30_000, 1000 * 2 ** resyncFailures)),
          );
        },
      )
      .finally(() => {
        resyncing = null;
        arrivedDuringResync = [];
      });
    return resyncing;
  };

  /**
   * Applies an event of our log; one of another epoch means the log was reset: reload. What
   * arrives is E: the server decides by the socket's handshake (a desk session or not) whether
   * entries carry `body`, and GET /events always sends them whole.
   */
  const receive = (received: ReaderLiveEvent) => {
    const event = received as E;
    if (event.type === "blog.deleted") return removedNow();
    if (event.epoch === epoch) return void applier.push(event);
    void resync();
    // A reload already under way may have read the store before this event: apply it after.
    if (arrivedDuringResync.length < MAX_ARRIVED_DURING_RESYNC) arrivedDuringResync.push(event);
  };

  /** Fetches what the socket has not delivered: the open gap, or anything after our seq. */
  const catchUp = async () => {
    try {
      for (let page = 0; page < CATCH_UP_PAGES; page++) {
        const since = applier.seq;
        const events = await api<EventsPage>(
          `/api/blogs/${blogId}/events?since=${since}&epoch=${encodeURIComponent(epoch)}`,
        );
        for (const event of events.events) receive(event);
        if (events.next === null) break;
        if (page === CATCH_UP_PAGES - 1) return resync();
      }
      catchUpFailures = 0;
    } catch (err) {
      if (isGone(err)) return removedNow();
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
    ...(options.device ? { auth: { device: options.device }, query: NO_COOKIES_QUERY } : {}),
  });

  const subscribe = async () => {
    // The retry timer and a reconnect can both ask; one subscription at a time.
    if (subscribing) return;
    subscribing = true;
    try {
      const ack = await socket
        .timeout(10_000)
        .emitWithAck("blog:subscribe", { blogId, since: applier.seq, epoch });
      if (!ack.ok) throw new ApiError(0, ack.error.code, ack.error.message);
      if ("resync" in ack.data) await resync();
      else for (const event of ack.data.events) receive(event);
      setStatus("live");
    } catch (err) {
      if (isGone(err)) return removedNow();
      // No answer or a passing refusal: try again on a fresh connection, after a pause.
      const final = err instanceof ApiError && FINAL_REFUSALS.has(err.code);
      if (socket.connected && !final)
        setTimeout(() => socket.connected && void subscribe(), jitter(3000));
    } finally {
      subscribing = false;
      if (applier.gap) scheduleCatchUp(GAP_GRACE_MS);
    }
  };

  socket.on("connect", () => void subscribe());
  socket.on("disconnect", (reason) => {
    if (removed) return;
    setStatus(navigator.onLine ? "reconnecting" : "offline");
    // The server closed us on purpose (shutting down): Socket.IO does not retry that by itself.
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), jitter(2000));
  });
  socket.io.on("reconnect_attempt", () => setStatus(navigator.onLine ? "reconnecting" : "offline"));
  socket.on("blog:event", (event) => {
    if (event.blogId === blogId) receive(event);
  });
  // The server's word that the log no longer continues what we have (reset, or far behind).
  socket.on("blog:resync", (notice) => {
    if (notice.blogId === blogId) void resync();
  });
  socket.on("blog:readers", (count) => {
    if (count.blogId === blogId) options.onReaders?.(count.count);
  });
  socket.on("blog:tallies", (tallies) => {
    if (tallies.blogId === blogId) options.onTallies?.(tallies);
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

  function close() {
    window.removeEventListener("offline", goOffline);
    window.removeEventListener("online", goOnline);
    clearInterval(offlineRetry);
    clearTimeout(catchUpTimer);
    clearTimeout(resyncRetry);
    socket.disconnect();
  }

  function removedNow() {
    if (removed) return;
    removed = true;
    close();
    options.onRemoved?.();
  }

  return {
    applier,
    /** The connection itself, for the desk's editors-only channel over the same socket. */
    socket,
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
    close,
  };
}

export type LiveBlog = ReturnType<typeof connectLive>;
