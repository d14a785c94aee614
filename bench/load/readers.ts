/**
 * One reader connection per protocol: socket.io-client for liveblog and the baseline, a raw `ws`
 * client for the floor. Each resolves once subscribed and reports every entry event it gets, live
 * or in a subscribe ack, with the poster's clock reading from the entry (its html: readers get no
 * Markdown body), and on liveblog the poll and reaction counts it is sent.
 */
import { io, type ManagerOptions, type SocketOptions } from "socket.io-client";
import { WebSocket } from "ws";
import type { Tallies } from "../../shared/engagement.js";
import type { ReaderLiveEvent } from "../../shared/schemas.js";
import type { ServerKind } from "../options.js";
import { sentAtOf } from "./payload.js";

export interface ReaderHooks {
  event(seq: number, sentAtMs: number): void;
  /** liveblog: a `blog:tallies` (poll and reaction counts) arrived. */
  tallies?(tallies: Tallies): void;
  /** The connection ended without the reader asking for it. */
  lost(): void;
}

export interface Subscribed {
  /** liveblog: the blog's seq in the subscribe ack, covering the events the ack carried. */
  seq?: number;
  close(): void;
}

export interface ConnectTarget {
  url: string;
  localAddress: string;
  blogId: string;
  /** liveblog: resubscribe from this seq (the reader has everything up to it). */
  since?: number;
  timeoutMs: number;
}

type SubscribeAck =
  | { ok: true; data?: { seq: number; events?: ReaderLiveEvent[]; resync?: true } }
  | { ok: false; error: { code: string; message: string } };

function connectSocketIo(target: ConnectTarget, hooks: ReaderHooks): Promise<Subscribed> {
  const options: Partial<ManagerOptions & SocketOptions> & { localAddress: string } = {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    timeout: target.timeoutMs,
    localAddress: target.localAddress,
  };
  const socket = io(target.url, options);
  let closing = false;
  const onEvent = (event: ReaderLiveEvent) => hooks.event(event.seq, sentAtOf(event.entry?.html));
  socket.on("blog:event", onEvent);
  if (hooks.tallies) socket.on("blog:tallies", hooks.tallies);

  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      closing = true;
      socket.disconnect();
      reject(err);
    };
    socket.once("connect_error", fail);
    socket.once("connect", () => {
      const request =
        target.since === undefined
          ? { blogId: target.blogId }
          : { blogId: target.blogId, since: target.since };
      socket
        .timeout(target.timeoutMs)
        .emit("blog:subscribe", request, (err: Error | null, ack: SubscribeAck) => {
          if (err) return fail(err);
          if (!ack.ok) return fail(new Error(`subscribe refused: ${ack.error.code}`));
          for (const event of ack.data?.events ?? []) onEvent(event);
          socket.on("disconnect", () => {
            if (!closing) hooks.lost();
          });
          resolve({
            seq: ack.data?.seq,
            close: () => {
              closing = true;
              socket.disconnect();
            },
          });
        });
    });
  });
}

function connectWs(target: ConnectTarget, hooks: ReaderHooks): Promise<Subscribed> {
  const ws = new WebSocket(target.url.replace(/^http/, "ws") + "/", {
    localAddress: target.localAddress,
    perMessageDeflate: false,
    handshakeTimeout: target.timeoutMs,
  });
  let closing = false;
  ws.on("message", (data: Buffer) => {
    const event = JSON.parse(data.toString()) as ReaderLiveEvent;
    hooks.event(event.seq, sentAtOf(event.entry?.html));
  });
  return new Promise((resolve, reject) => {
    ws.once("error", (err) => {
      closing = true;
      ws.terminate();
      reject(err);
    });
    ws.once("open", () => {
      ws.on("error", () => {});
      ws.on("close", () => {
        if (!closing) hooks.lost();
      });
      resolve({
        close: () => {
          closing = true;
          ws.terminate();
        },
      });
    });
  });
}

/** Connects and subscribes one reader of the given server kind. */
export function connectReader(
  kind: ServerKind,
  target: ConnectTarget,
  hooks: ReaderHooks,
): Promise<Subscribed> {
  return kind === "floor" ? connectWs(target, hooks) : connectSocketIo(target, hooks);
}
