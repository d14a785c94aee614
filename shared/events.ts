/**
 * The Socket.IO contract: event names and payloads in both directions, typed for
 * `new Server<ClientToServerEvents, ServerToClientEvents>()` and the client's `io()`.
 */
import { z } from "zod";
import { blogIdSchema, type LiveEvent } from "./schemas.js";

export const SOCKET_PATH = "/socket.io";

export const subscribeSchema = z.strictObject({
  blogId: blogIdSchema,
  /** The last seq the reader applied; the ack then carries every event after it. */
  since: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
});
export type SubscribeRequest = z.infer<typeof subscribeSchema>;
export const unsubscribeSchema = z.strictObject({ blogId: blogIdSchema });

export type SubscribeResult =
  | { seq: number; events: LiveEvent[] }
  /** `since` is older than the kept log: reload the page or the entry list. */
  | { seq: number; resync: true };

export type Ack<T> =
  { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

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
}
