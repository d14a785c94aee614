/**
 * The Socket.IO contract: event names and payloads in both directions, typed for
 * `new Server<ClientToServerEvents, ServerToClientEvents>()` and the client's `io()`.
 * Types and constants only (the payload schemas are in schemas.ts), so that the browser
 * bundle can import it without pulling in zod.
 */
import type { ErrorCode } from "./error-codes.js";
import type { LiveEvent, SubscribeRequest } from "./schemas.js";

export const SOCKET_PATH = "/socket.io";

export type SubscribeResult =
  | { seq: number; epoch: string; events: LiveEvent[] }
  /**
   * The events after `since` cannot be sent: older than the kept log, more than a catch-up
   * carries, or from another epoch. Reload the page or the entry list.
   */
  | { seq: number; epoch: string; resync: true };

/** The server's word that a blog's readers must reload: its log was reset or they fell behind. */
export interface ResyncNotice {
  blogId: string;
  seq: number;
  epoch: string;
}

export type Ack<T> =
  { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

export interface ReaderCount {
  blogId: string;
  count: number;
}

export interface ClientToServerEvents {
  "blog:subscribe": (
    request: SubscribeRequest,
    ack: (result: Ack<SubscribeResult>) => void,
  ) => void;
  "blog:unsubscribe": (request: { blogId: string }, ack?: (result: Ack<null>) => void) => void;
}

export interface ServerToClientEvents {
  "blog:event": (event: LiveEvent) => void;
  "blog:readers": (count: ReaderCount) => void;
  "blog:resync": (notice: ResyncNotice) => void;
}
