/**
 * The Socket.IO server readers connect to. Readers only listen: they subscribe to blogs and get
 * `blog:event` and `blog:readers`. Every payload is validated; every ack is {ok, data|error}.
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
import { subscribeSchema, unsubscribeSchema } from "../../shared/schemas.js";
import type { Config } from "../config.js";
import { toErrorBody } from "../errors.js";
import { isAllowedOrigin } from "../http/origin.js";
import { parse } from "../http/validate.js";
import type { Store } from "../store/port.js";
import { closeFloodingConnections } from "./flood-guard.js";
import { startReaderCounts } from "./reader-counts.js";
import { createRelay } from "./relay.js";
import { createSlicedBroadcaster } from "./sliced-broadcast.js";

interface SocketData {
  blogs: Set<string>;
}
type ReaderSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** The largest message a reader may send; readers only send small subscriptions. */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

const roomOf = (blogId: string) => `blog:${blogId}`;

export function createSocketServer(
  httpServer: HttpServer,
  { config, store, log }: { config: Config; store: Store; log: Logger },
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

  const broadcast = createSlicedBroadcaster({
    members: (room) => io.of("/").adapter.rooms.get(room),
    to: (rooms) => io.to(rooms),
  });
  const relay = createRelay({
    bus: store.bus,
    blogs: store.blogs,
    emit: (event) => broadcast(roomOf(event.blogId), (to) => to.emit("blog:event", event)),
    log,
  });
  const counts = startReaderCounts({
    presence: store.presence,
    localReaders: relay.localReaders,
    emit: (blogId, count) =>
      broadcast(roomOf(blogId), (to) => to.emit("blog:readers", { blogId, count })),
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
          const { status, body } = toErrorBody(err);
          if (status >= 500) log.error({ err, event }, "socket handler failed");
          const { code, message } = body.error;
          if (typeof ack === "function")
            ack({ ok: false, error: { code, message } } satisfies Ack<T>);
        },
      );
    };

  const subscribe = withAck("blog:subscribe", async (socket, payload): Promise<SubscribeResult> => {
    const { blogId, since } = parse(subscribeSchema, payload, "subscription");
    if (!socket.data.blogs.has(blogId)) {
      await relay.join(blogId);
      if (socket.disconnected) {
        relay.leave(blogId);
        throw new Error("socket left while subscribing");
      }
      socket.data.blogs.add(blogId);
    }
    // The relay emits every event after `live` to the room, so this socket gets those live and the
    // ack brings the rest up to `live`: each event exactly once, even in a reconnect storm. Reading
    // `live` and joining the room happen in one synchronous step, with no emit in between (a
    // broadcast fixes its audience when the relay hands it over, before `live` moves on).
    const live = relay.lastEmitted(blogId);
    const kept = since === undefined ? [] : relay.eventsSince(blogId, since);
    if (!socket.rooms.has(roomOf(blogId))) {
      await socket.join(roomOf(blogId));
      counts.changed(blogId);
    }
    const total = counts.current(blogId);
    if (total !== undefined) socket.emit("blog:readers", { blogId, count: total });
    if (since === undefined || since >= live) return { seq: live, events: [] };
    if (kept) return { seq: live, events: kept };
    const read = await store.blogs.readLog(blogId, since);
    if ("expired" in read) return { seq: read.seq, resync: true };
    return { seq: live, events: read.events.filter((event) => event.seq <= live) };
  });

  const leaveBlog = (socket: ReaderSocket, blogId: string) => {
    if (!socket.data.blogs.delete(blogId)) return;
    void socket.leave(roomOf(blogId));
    relay.leave(blogId);
    counts.changed(blogId);
  };

  const unsubscribe = withAck("blog:unsubscribe", async (socket, payload) => {
    leaveBlog(socket, parse(unsubscribeSchema, payload, "unsubscription").blogId);
    return null;
  });

  function leaveAll(this: ReaderSocket) {
    for (const blogId of [...this.data.blogs]) leaveBlog(this, blogId);
  }

  io.on("connection", (socket) => {
    socket.data.blogs = new Set();
    socket.on("blog:subscribe", subscribe);
    socket.on("blog:unsubscribe", unsubscribe);
    socket.on("disconnect", leaveAll);
  });

  return {
    io,
    async close() {
      counts.stop();
      await io.close();
    },
  };
}
