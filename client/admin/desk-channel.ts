/**
 * The blog's editors-only channel (desk:subscribe), over the socket the workspace already holds
 * for the blog's live entries: its handshake carries the session cookie, which is what the server
 * checks. The channel keeps no log, so every (re)subscription is followed by a reload of the
 * drafts list: what was missed while the socket was away comes back that way.
 */
import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, DeskEvent, ServerToClientEvents } from "../../shared/events.js";
import { ApiError } from "../common/api.js";

export interface DeskChannelOptions {
  blogId: string;
  /** Subscribed (again): reload what the channel does not replay. */
  subscribed(): void;
  /** The socket went away: events are missed until `subscribed` again. */
  left(): void;
  event(event: DeskEvent): void;
  /** A refusal that asking again will not change (not allowed on this blog). */
  refused(err: ApiError): void;
}

const FINAL = new Set(["forbidden", "unauthorized", "not_found"]);
const jitter = (ms: number) => ms / 2 + Math.random() * ms;

export function attachDeskChannel(
  socket: Socket<ServerToClientEvents, ClientToServerEvents>,
  options: DeskChannelOptions,
) {
  const { blogId } = options;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const subscribe = async () => {
    clearTimeout(retry);
    if (closed || !socket.connected) return;
    try {
      const ack = await socket.timeout(10_000).emitWithAck("desk:subscribe", { blogId });
      if (closed) return;
      if (!ack.ok) throw new ApiError(0, ack.error.code, ack.error.message);
      options.subscribed();
    } catch (err) {
      if (closed) return;
      if (err instanceof ApiError && FINAL.has(err.code)) return options.refused(err);
      // No answer, or a passing refusal (the instance is starting): ask again on this connection.
      retry = setTimeout(() => void subscribe(), jitter(3000));
    }
  };
  const onEvent = (event: DeskEvent) => {
    if (event.blogId === blogId) options.event(event);
  };

  const onConnect = () => void subscribe();
  const onDisconnect = () => options.left();
  socket.on("connect", onConnect);
  socket.on("disconnect", onDisconnect);
  socket.on("desk:event", onEvent);
  if (socket.connected) void subscribe();

  return {
    close() {
      closed = true;
      clearTimeout(retry);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("desk:event", onEvent);
      if (socket.connected) socket.emit("desk:unsubscribe", { blogId });
    },
  };
}
