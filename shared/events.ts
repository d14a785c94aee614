/**
 * The Socket.IO contract: event names and payloads in both directions, typed for
 * `new Server<ClientToServerEvents, ServerToClientEvents>()` and the client's `io()`.
 * Types and constants only (the payload schemas are in schemas.ts), so that the browser
 * bundle can import it without pulling in zod.
 */
import type { Tallies } from "./engagement.js";
import type { ErrorCode } from "./error-codes.js";
import type { AuditRecord, Draft, ReaderLiveEvent, SubscribeRequest } from "./schemas.js";

export const SOCKET_PATH = "/socket.io";

/**
 * The handshake query of a socket that names its own device (the embed frame: `auth.device`, its
 * token) and takes no device cookie. It is in the query because the Socket.IO `auth` arrives
 * after the handshake's answer, which is where a cookie would be set.
 */
export const NO_COOKIES_QUERY = { cookies: "none" } as const;

/**
 * Live events on a socket (`blog:event`, and those in a subscribe ack) are ReaderLiveEvents: a
 * reader is sent what its page renders, not the entries' Markdown `body`. A socket whose
 * handshake carried a desk session gets full LiveEvents, `body` included, for editing.
 */
export type SubscribeResult =
  | { seq: number; epoch: string; events: ReaderLiveEvent[] }
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

/**
 * What the editors' channel carries (never a reader's socket): drafts as they are saved, and
 * each audit record. Not logged: a desk that reconnects reloads the drafts list.
 */
export type DeskEvent =
  | { blogId: string; type: "draft.saved"; draft: Draft }
  | {
      blogId: string;
      type: "draft.removed";
      entryId: string;
      /** Published (then readers got entry.created), withdrawn or deleted, or the blog was deleted. */
      reason: "published" | "withdrawn";
    }
  | { blogId: string; type: "audit"; record: AuditRecord };

export interface ClientToServerEvents {
  /**
   * Joins a blog's editors' channel: only a socket whose handshake carried the session of a
   * person allowed on the blog (403 forbidden / 401 unauthorized otherwise).
   */
  "desk:subscribe": (request: { blogId: string }, ack: (result: Ack<null>) => void) => void;
  "desk:unsubscribe": (request: { blogId: string }, ack?: (result: Ack<null>) => void) => void;
  "blog:subscribe": (
    request: SubscribeRequest,
    ack: (result: Ack<SubscribeResult>) => void,
  ) => void;
  "blog:unsubscribe": (request: { blogId: string }, ack?: (result: Ack<null>) => void) => void;
}

export interface ServerToClientEvents {
  "blog:event": (event: ReaderLiveEvent) => void;
  "blog:readers": (count: ReaderCount) => void;
  /**
   * Votes and reactions: the counts of the entries that changed, at most about once a second
   * per blog (every instance pulls them from the store once a tick; never one send per vote).
   */
  "blog:tallies": (tallies: Tallies) => void;
  "blog:resync": (notice: ResyncNotice) => void;
  "desk:event": (event: DeskEvent) => void;
}
