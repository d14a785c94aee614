/**
 * The Socket.IO server readers connect to. Readers only listen: they subscribe to blogs and get
 * `blog:event`, `blog:readers` and `blog:tallies`. People on the desk also join blogs' editors' channels
 * (desk-channel.ts), and their live events carry the entries' Markdown (audiences.ts). Every
 * payload is validated; every ack is {ok, data|error}.
 */
import type { Server as HttpServer } from "node:http";
import type { Logger } from "pino";
import { Server, type Socket } from "socket.io";
import {
  SOCKET_PATH,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeResult,
} from "../../shared/events.js";
import { LIMITS, subscribeSchema, unsubscribeSchema } from "../../shared/schemas.js";
import type { Identity } from "../auth/roles.js";
import type { SessionSecret } from "../auth/session-secret.js";
import type { TalliesReader } from "../engagement/tallies-reader.js";
import type { AuthService } from "../auth/service.js";
import type { Config } from "../config.js";
import { logFailure, notFound, toErrorBody } from "../errors.js";
import { isAllowedOrigin } from "../http/origin.js";
import type { TrustProxy } from "../http/security-headers.js";
import { parse } from "../http/validate.js";
import type { Metrics } from "../observability/metrics.js";
import type { DeviceKey, Store } from "../store/port.js";
import { eventsFor, forReaders, liveRoom } from "./audiences.js";
import { catchUpBudget, createCatchUp } from "./catch-up.js";
import { createDeskChannel, sessionIdOf } from "./desk-channel.js";
import { closeFloodingConnections } from "./flood-guard.js";
import { startReaderCounts } from "./reader-counts.js";
import { createReaderDevices } from "./reader-devices.js";
import { ReaderSubscriptions } from "./reader-subscriptions.js";
import { createRelay } from "./relay.js";
import { createSlicedBroadcaster } from "./sliced-broadcast.js";
import { startTallies } from "./tallies.js";

interface SocketData {
  subscriptions: ReaderSubscriptions;
  /**
   * Who the handshake's session cookie was for (null: a reader): a person with the desk open is
   * not counted as a reader. Fixed at the handshake, so that joins and leaves count alike.
   */
  identity: Identity | null;
  /** The reader's device (reader-devices.ts), counted in each blog it follows; null: none. */
  device: DeviceKey | null;
}
type ReaderSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** The largest message a reader may send; readers only send small subscriptions. */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

/** Whether a socket follows blogs for the desk (full entries) rather than as a reader. */
const fromDesk = (socket: ReaderSocket) => socket.data.identity !== null;

export interface SocketServerDeps {
  config: Config;
  store: Store;
  auth: AuthService;
  log: Logger;
  /** Signs readers' device cookies (server/engagement/device.ts). */
  sessionSecret: SessionSecret;
  /** Express's "trust proxy fn": whether a handshake came over https (a Secure cookie). */
  trust: TrustProxy;
  metrics: Pick<Metrics, "tallyBroadcasts">;
  /** Blogs' counts as this instance keeps them (engagement/tallies-reader.ts). */
  counts: Pick<TalliesReader, "current">;
}

export function createSocketServer(
  httpServer: HttpServer,
  {
    config,
    store,
    auth,
    log,
    sessionSecret,
    trust,
    metrics,
    counts: talliesReader,
  }: SocketServerDeps,
) {
  const io = new Server<
    ClientToServerEvents,
    ServerToClientEvents,
    Record<string, never>,
    SocketData
  >(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    perMessageDeflate: false,
    ...(config.publicOrigins.length > 0 ? { cors: { origin: [...config.publicOrigins] } } : {}),
    // CORS alone does not stop a WebSocket handshake from a foreign page; this does.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      const allowed = !origin || isAllowedOrigin(origin, req.headers.host, config.publicOrigins);
      if (!allowed) log.info({ origin }, "refused a socket from a foreign origin");
      callback(allowed ? null : "origin not allowed", allowed);
    },
  });

  closeFloodingConnections(io, log);
  const devices = createReaderDevices(io.engine, { secret: sessionSecret, trust });

  const broadcast = createSlicedBroadcaster({
    members: (room) => io.of("/").adapter.rooms.get(room),
    to: (rooms) => io.to(rooms),
  });
  /** Sends to everyone who follows a blog here, readers and desk alike. */
  const toFollowers = (blogId: string, send: Parameters<typeof broadcast>[1]) => {
    broadcast(liveRoom(blogId, false), send);
    broadcast(liveRoom(blogId, true), send);
  };
  const relay = createRelay({
    bus: store.bus,
    blogs: store.blogs,
    emit: (event) => {
      const reading = forReaders(event);
      broadcast(liveRoom(event.blogId, false), (to) => to.emit("blog:event", reading));
      broadcast(liveRoom(event.blogId, true), (to) => to.emit("blog:event", event));
    },
    resync: (notice) => toFollowers(notice.blogId, (to) => to.emit("blog:resync", notice)),
    log,
  });
  const catchUp = createCatchUp({
    relay,
    blogs: store.blogs,
    budget: catchUpBudget(config.catchUpBytesPerSecond),
  });
  // Editors with the desk open follow a blog too, but "N reading" is about readers.
  const editing = new Map<string, number>();
  const countEditor = (socket: ReaderSocket, blogId: string, delta: 1 | -1) => {
    if (!socket.data.identity) return;
    const count = (editing.get(blogId) ?? 0) + delta;
    if (count > 0) editing.set(blogId, count);
    else editing.delete(blogId);
  };
  /**
   * Adds a reader's device to the blog's distinct devices, once per subscription. Not awaited:
   * a number for the desk never holds up a reader's subscription, nor fails it. A store that is
   * away is one short line per subscription (logFailure), not a stack each.
   */
  const countDevice = (socket: ReaderSocket, blogId: string) => {
    const { device } = socket.data;
    if (!device || fromDesk(socket)) return;
    store.engagement
      .countDevice(blogId, device)
      .catch((err: unknown) =>
        logFailure(log, err, { blogId }, "could not count a reader's device"),
      );
  };
  const counts = startReaderCounts({
    presence: store.presence,
    localReaders: (blogId) => relay.localReaders(blogId) - (editing.get(blogId) ?? 0),
    followed: (blogId) => relay.localReaders(blogId) > 0,
    emit: (blogId, count) =>
      toFollowers(blogId, (to) => to.emit("blog:readers", { blogId, count })),
    log,
  });
  const tallies = startTallies({
    engagement: store.engagement,
    counts: talliesReader,
    followed: (blogId) => relay.localReaders(blogId) > 0,
    emit: (changed) => {
      metrics.tallyBroadcasts.inc();
      toFollowers(changed.blogId, (to) => to.emit("blog:tallies", changed));
    },
    log,
  });

  /**
   * Wraps a handler so that it always answers its ack, errors included, and never throws. The
   * result is one listener for all sockets (Socket.IO calls it on the socket, as `this`), not a
   * closure per reader: at 10,000 readers per instance every byte per socket counts.
   */
  const withAck = <T>(
    event: string,
    handler: (socket: ReaderSocket, payload: unknown) => Promise<T>,
  ) =>
    function (this: ReaderSocket, payload: unknown, ack?: unknown) {
      handler(this, payload).then(
        (data) => typeof ack === "function" && ack({ ok: true, data } satisfies Ack<T>),
        (err: unknown) => {
          const { body } = toErrorBody(err);
          logFailure(log, err, { event }, "socket handler failed");
          const { code, message } = body.error;
          if (typeof ack === "function")
            ack({ ok: false, error: { code, message } } satisfies Ack<T>);
        },
      );
    };

  const subscribe = withAck("blog:subscribe", async (socket, payload): Promise<SubscribeResult> => {
    const { blogId, since, epoch } = parse(subscribeSchema, payload, "subscription");
    // Where the blog's counts are sent from must be known before the ack (tallies.ts); it is read
    // meanwhile, since nothing may come between the subscription's join and the room's.
    const following = tallies.follow(blogId);
    const result = await join(socket, blogId, since, epoch);
    await following;
    return result;
  });

  /** The subscription of `socket` to a blog, and what its ack says. */
  async function join(
    socket: ReaderSocket,
    blogId: string,
    since: number | undefined,
    epoch: string | undefined,
  ): Promise<SubscribeResult> {
    const first = await socket.data.subscriptions.add(blogId);
    // The relay emits every event after `live` to the room, so this socket gets those live and the
    // ack brings the rest up to `live`: each event exactly once, even in a reconnect storm. Reading
    // `live` and joining the room happen in one synchronous step, with no emit in between (a
    // broadcast fixes its audience when the relay hands it over, before `live` moves on).
    const live = relay.position(blogId);
    // Joined, but the blog was deleted since (the relay stopped serving it): as for any unknown blog.
    if (!live) throw notFound(`Blog "${blogId}"`);
    const kept = since === undefined ? [] : relay.eventsSince(blogId, since, epoch);
    const desk = fromDesk(socket);
    const room = liveRoom(blogId, desk);
    if (!socket.rooms.has(room)) {
      void socket.join(room);
      countEditor(socket, blogId, 1);
      counts.changed(blogId);
      countDevice(socket, blogId);
    }
    const total = counts.current(blogId);
    if (total !== undefined) socket.emit("blog:readers", { blogId, count: total });
    if (since === undefined) return { ...live, events: [] };
    if (kept) return { ...live, events: eventsFor(desk, kept) };
    // What memory does not hold is read from the store only for a socket that just joined, and
    // only when one bounded read can carry it. A socket that already follows the blog gets its
    // events live: asking again costs no store read, whatever it asks.
    if (!first || live.seq - since > LIMITS.catchUpEvents) return { ...live, resync: true };
    const reading = catchUp.readLog(blogId, { since, epoch, limit: LIMITS.catchUpEvents });
    // The instance's catch-up budget is spent: reloading the page is always a correct answer.
    if (!reading) return { ...live, resync: true };
    const read = await reading;
    if ("resync" in read) return { seq: read.seq, epoch: read.epoch, resync: true };
    const events = read.events.filter((event) => event.seq <= live.seq);
    if (read.more && (events.at(-1)?.seq ?? since) < live.seq) return { ...live, resync: true };
    return { ...live, events: eventsFor(desk, events) };
  }

  const desk = createDeskChannel({ io, store, auth });
  const deskSubscribe = withAck("desk:subscribe", desk.join);
  const deskUnsubscribe = withAck("desk:unsubscribe", desk.leave);

  const unsubscribe = withAck("blog:unsubscribe", async (socket, payload) => {
    const { blogId } = parse(unsubscribeSchema, payload, "unsubscription");
    if (socket.data.subscriptions.remove(blogId)) {
      void socket.leave(liveRoom(blogId, fromDesk(socket)));
      countEditor(socket, blogId, -1);
      counts.changed(blogId);
    }
    return null;
  });

  function leaveAll(this: ReaderSocket, reason: string) {
    for (const blogId of this.data.subscriptions.close()) {
      countEditor(this, blogId, -1);
      counts.changed(blogId);
    }
    // "/" is the only namespace, so a client that leaves it has nothing left on this connection
    // (Socket.IO's own client closes it too). Closing it now also keeps a request sent right
    // behind the leave, in the same frame batch, from being silently dropped on an open line.
    if (reason === "client namespace disconnect") this.conn.close();
  }

  // Only a socket that brings a session cookie costs a store read, once, at its handshake.
  io.use((socket, next) => {
    const sessionId = sessionIdOf(socket.handshake.headers.cookie);
    socket.data.identity = null;
    socket.data.device = devices.of(socket);
    if (!sessionId) return next();
    auth.editorForSession(sessionId).then(
      (identity) => {
        socket.data.identity = identity;
        next();
      },
      // The store is down: count the socket as a reader rather than refuse it.
      () => next(),
    );
  });

  io.on("connection", (socket) => {
    socket.data.subscriptions = new ReaderSubscriptions(relay, config.readerMaxBlogs);
    socket.on("blog:subscribe", subscribe);
    socket.on("blog:unsubscribe", unsubscribe);
    socket.on("desk:subscribe", deskSubscribe);
    socket.on("desk:unsubscribe", deskUnsubscribe);
    socket.on("disconnect", leaveAll);
  });

  return {
    io,
    catchUp,
    /** The live total of a blog's readers over every instance (the newsroom's "readers now"). */
    readersNow: counts.total,
    async close() {
      counts.stop();
      tallies.stop();
      await io.close();
    },
  };
}
