/**
 * The store port: what the services need from storage and the event bus, with two
 * implementations (memory.ts for embedded mode, redis/ for production) that pass one contract
 * suite (tests/integration/store-contract.test.ts). Nothing here knows about HTTP or sockets.
 *
 * Every method that changes a blog does ONE atomic step: bump the blog's seq, write, append the
 * LiveEvent to the capped log, and publish it. Domain outcomes are thrown as AppErrors
 * (not_found, conflict); an unreachable store as 503 store_unavailable.
 */
import type { Media } from "../../shared/media.js";
import type { Blog, Entry, LiveEvent } from "../../shared/schemas.js";

/** An entry as the service builds it; the store assigns seq, version and updatedAt. */
export type NewEntry = Omit<Entry, "seq" | "version" | "updatedAt">;
export type EntryPatch = Partial<Pick<Entry, "headline" | "body" | "html" | "pinned" | "keyEvent">>;
export type BlogPatch = Partial<Pick<Blog, "title" | "description" | "status" | "cover">>;

export interface EntryQuery {
  limit: number;
  /** Cursor from a previous page's `next`: only entries created before it. */
  before?: number;
  /** Only the pinned entries, or only the key events. */
  only?: "pinned" | "keyEvents";
}

export interface StoredPage {
  entries: Entry[];
  seq: number;
  epoch: string;
  next: number | null;
}

/** Where a blog's log stands: its latest seq, and the epoch that seq belongs to. */
export interface LogPosition {
  seq: number;
  epoch: string;
}

/** A position with the time of the change at its seq: what tells one seq-N event from another. */
export interface LogHead extends LogPosition {
  /** The `at` of the event at `seq` (the blog's `updatedAt`). */
  at: string;
}

export interface LogQuery {
  /** The last seq the asker has. */
  since: number;
  /** The epoch `since` belongs to; undefined trusts that it is the current one. */
  epoch?: string;
  /** At most this many events (and at most CATCH_UP_MAX_BYTES of them, but always one). */
  limit: number;
}

/**
 * Why the events after `since` cannot be read: older than the kept log (`expired`), `since` is
 * beyond the log's end (`ahead`: the store lost writes the asker saw), or it belongs to another
 * epoch (`epoch`). The asker must reload its state.
 */
export type ResyncReason = "expired" | "ahead" | "epoch";

export type LogRead =
  | (LogPosition & {
      events: LiveEvent[];
      /** More events follow the last one returned. */ more: boolean;
    })
  | (LogPosition & { resync: ResyncReason });

/** The most bytes of events one log read returns (beyond one event), whatever the count. */
export const CATCH_UP_MAX_BYTES = 1024 * 1024;

/** Roughly what an event weighs as JSON (its entry's text, plus the rest), for byte bounds. */
export const eventBytes = (event: LiveEvent): number =>
  256 + (event.entry ? event.entry.body.length + event.entry.html.length : 0);

/** What makes a POST safe to retry: the client's key and a digest of what it asked for. */
export interface Idempotency {
  key: string;
  /** The same key with another digest is a mistake (422), not a retry. */
  digest: string;
}

export interface BlogStore {
  /** Throws 409 blog_exists when the id is taken. */
  createBlog(blog: Omit<Blog, "seq">): Promise<Blog>;
  getBlog(blogId: string): Promise<Blog | null>;
  listBlogs(): Promise<Blog[]>;
  updateBlog(blogId: string, patch: BlogPatch, at: string): Promise<Blog>;
  /**
   * With an idempotency key that was used before (24 h), returns the first result and writes
   * nothing: a retried POST never makes a second entry. The same key with a different digest
   * throws 422 idempotency_key_reused.
   */
  createEntry(
    blogId: string,
    entry: NewEntry,
    idempotency?: Idempotency,
  ): Promise<{ entry: Entry; replayed: boolean }>;
  /** Throws 409 version_conflict, with the current entry in details, when `version` is stale. */
  updateEntry(
    blogId: string,
    entryId: string,
    patch: EntryPatch,
    version: number,
    at: string,
  ): Promise<Entry>;
  deleteEntry(blogId: string, entryId: string, at: string): Promise<void>;
  getEntry(blogId: string, entryId: string): Promise<Entry | null>;
  /** Newest first. */
  listEntries(blogId: string, query: EntryQuery): Promise<StoredPage>;
  /**
   * The logged events after `since`, in seq order, bounded by `limit` and CATCH_UP_MAX_BYTES;
   * whether they can be served is decided before any event is read.
   */
  readLog(blogId: string, query: LogQuery): Promise<LogRead>;
  /** The blog's seq, epoch and the time of its last change, or null when it does not exist. */
  position(blogId: string): Promise<LogHead | null>;
  /**
   * Gives the log a new epoch, when it is still `expected`: a server found that the store lost
   * writes readers saw, and the seqs after it will be reused. Returns the position either way.
   */
  renewEpoch(blogId: string, expected: string): Promise<LogHead>;
}

/** Carries each published LiveEvent to the instances that subscribed to its blog. */
export interface LiveBus {
  /** Resolves once events of the blog are being received (the SUBSCRIBE is confirmed). */
  subscribe(blogId: string): Promise<void>;
  unsubscribe(blogId: string): Promise<void>;
  onEvent(listener: (event: LiveEvent) => void): void;
  /** Called after the bus lost its connection and got it back: events may have been missed. */
  onResume(listener: () => void): void;
  /** False while the bus is reconnecting or has not re-subscribed every channel yet. */
  isListening(): boolean;
}

export interface Editor {
  name: string;
  passwordHash: string;
  /** Changes with the password, which invalidates every older session. */
  credentialVersion: number;
  createdAt: string;
}

export interface SessionRecord {
  name: string;
  credentialVersion: number;
  createdAt: string;
}

export interface EditorStore {
  getEditor(name: string): Promise<Editor | null>;
  saveEditor(editor: Editor): Promise<void>;
  /** Saves a new editor unless the name is taken (one atomic step); false when it was. */
  addEditor(editor: Editor): Promise<boolean>;
  /**
   * The session secret of every instance on this store: the one kept already, else `candidate`,
   * which is then kept (no expiry). Embedded mode keeps it in this process's memory.
   */
  agreeSessionSecret(candidate: string): Promise<string>;
  saveSession(key: string, session: SessionRecord, ttlSeconds: number): Promise<void>;
  getSession(key: string): Promise<SessionRecord | null>;
  deleteSession(key: string): Promise<void>;
}

/** What each uploaded picture is: its Media records (the bytes are in MediaFiles). */
export interface MediaCatalog {
  saveMedia(media: Media): Promise<void>;
  getMedia(id: string): Promise<Media | null>;
  /** The records of the ids that exist (for rendering an entry's pictures in one read). */
  getManyMedia(ids: readonly string[]): Promise<Map<string, Media>>;
  /** Every record, newest first. */
  listMedia(): Promise<Media[]>;
  /** False when there was no such record. */
  deleteMedia(id: string): Promise<boolean>;
}

/** Live reader counts summed over every instance. */
export interface Presence {
  /** Records this instance's local count for a blog and returns the total over all instances. */
  report(blogId: string, localCount: number): Promise<number>;
}

export interface Store {
  readonly kind: "memory" | "redis";
  readonly blogs: BlogStore;
  readonly bus: LiveBus;
  readonly editors: EditorStore;
  readonly presence: Presence;
  readonly media: MediaCatalog;
  /** Resolves when the store answers; throws 503 store_unavailable when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Raw Redis commands, for rate-limit-redis; absent in embedded mode. */
  readonly sendCommand?: (...args: string[]) => Promise<unknown>;
  /** Reports each failed connection attempt and each recovery (for metrics); absent in embedded mode. */
  readonly onConnection?: (listener: (change: ConnectionChange) => void) => void;
}

export interface ConnectionChange {
  connection: "command" | "subscriber";
  kind: "error" | "reconnect";
}

/** How long a POST's Idempotency-Key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
