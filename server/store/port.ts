/**
 * The store port: what the services need from storage and the event bus, with two
 * implementations (memory.ts for embedded mode, redis/ for production) that pass one contract
 * suite (tests/integration/store-contract.test.ts). Nothing here knows about HTTP or sockets.
 *
 * Every method that changes a blog does ONE atomic step: bump the blog's seq, write, append the
 * LiveEvent to the capped log, and publish it. Domain outcomes are thrown as AppErrors
 * (not_found, conflict); an unreachable store as 503 store_unavailable.
 */
import type { PollTally, ReactionCounts, ReaderMinute, Tallies } from "../../shared/engagement.js";
import type { Reaction } from "../../shared/reactions.js";
import type { Media } from "../../shared/media.js";
import type { DeskEvent } from "../../shared/events.js";
import type { AuditRecord, Blog, Draft, Entry, LiveEvent, Role } from "../../shared/schemas.js";

/** An entry as the service builds it; the store assigns seq, version and updatedAt. */
export type NewEntry = Omit<Entry, "seq" | "version" | "updatedAt">;
export type EntryPatch = Partial<
  Pick<Entry, "headline" | "body" | "html" | "pinned" | "keyEvent" | "authors" | "author" | "poll">
>;
export type BlogPatch = Partial<
  Pick<Blog, "title" | "description" | "status" | "cover" | "endedAt" | "language" | "timeZone">
>;

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
   * With an idempotency key that was used before (24 h), returns the first result and saves
   * nothing new: a retried POST never makes a second entry. The same key with a different digest
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
   * Where a published entry stands in the blog's order: the seq that created it, which `before`
   * cursors count in. Null for an unknown entry (a draft included).
   */
  entryOrder(blogId: string, entryId: string): Promise<number | null>;
  /**
   * Removes every key of the blog (entries, log, drafts, team, audit, idempotency records, the
   * readers' votes, reactions and numbers, the index entry) and publishes one `blog.deleted` event (seq + 1, logged nowhere). Throws 404
   * when there is no such blog.
   */
  deleteBlog(blogId: string, at: string): Promise<void>;
  /** People assigned to the blog (log-in names, sorted); [] when none or no such blog. */
  getTeam(blogId: string): Promise<string[]>;
  setTeam(blogId: string, members: readonly string[]): Promise<void>;
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
  /**
   * Called after the bus lost a connection and got it back: events may have been missed. With
   * the ids of the blogs whose subscriptions came back (on a Redis Cluster, those of one shard),
   * or none for every blog.
   */
  onResume(listener: (blogIds?: ReadonlySet<string>) => void): void;
  /** False while the bus is reconnecting or has not re-subscribed every channel yet. */
  isListening(): boolean;
}

/**
 * A person on the desk (any role; "editor" in names here is historical). Records saved before
 * roles lack role, displayName, active and avatar: the auth service reads them as an active
 * `editor` (`admin` for the admin account) named by their log-in name.
 */
export interface Editor {
  name: string;
  passwordHash: string;
  /** Changes with the password and with deactivation, which invalidates every older session. */
  credentialVersion: number;
  createdAt: string;
  role?: Role;
  displayName?: string;
  active?: boolean;
  avatar?: string | null;
}

/** A personal API token as stored: only the SHA-256 of its secret, never the secret. */
export interface TokenRecord {
  id: string;
  /** Log-in name of the person it acts as (with that person's current role). */
  owner: string;
  name: string;
  /** sha256 (hex) of the whole token string. */
  hash: string;
  createdAt: string;
  lastUsedAt: string | null;
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
  /** Every person, sorted by name. */
  listEditors(): Promise<Editor[]>;
  saveToken(token: TokenRecord): Promise<void>;
  /** The token whose secret hashes to `hash`, or null (revoked, or never made). */
  getTokenByHash(hash: string): Promise<TokenRecord | null>;
  /** The owner's tokens, newest first. */
  listTokens(owner: string): Promise<TokenRecord[]>;
  /** False when the owner has no token with that id. */
  deleteToken(owner: string, id: string): Promise<boolean>;
  /** Records a use (callers throttle this: at most once a minute per token). */
  touchToken(hash: string, at: string): Promise<void>;
}

/** A draft as the service builds it; the store assigns version and updatedAt. */
export type NewDraft = Omit<Draft, "version" | "updatedAt">;
export type DraftPatch = Partial<
  Pick<
    Draft,
    | "headline"
    | "body"
    | "html"
    | "pinned"
    | "keyEvent"
    | "poll"
    | "authors"
    | "author"
    | "status"
    | "publishAt"
    | "review"
  >
>;

/** Where a scheduled draft is due: what the scheduler claims. */
export interface DueDraft {
  blogId: string;
  entryId: string;
  publishAt: string;
}

/**
 * Entries not published: kept apart from the blog's entries, seq and log, so that nothing a reader
 * can read (list, events, pages, feeds) can show one or betray that it existed. Every change to a
 * draft publishes its DeskEvent (draft.saved, draft.removed) in the same step, so that desks hear
 * the changes in the order they were made; publishing one is ONE atomic step (the draft goes, the entry is created
 * with the blog's next seq and logged and published as entry.created), so that two instances
 * publishing the same draft make one entry: the second gets 409 not_a_draft.
 */
export interface DraftStore {
  /**
   * Throws 409 entry_exists when the id is taken (by a draft or an entry), 404 when the blog does
   * not exist. An idempotency key works as for createEntry (its own records: a key used for an
   * entry and one used for a draft never meet).
   */
  createDraft(
    blogId: string,
    draft: NewDraft,
    idempotency?: Idempotency,
  ): Promise<{ draft: Draft; replayed: boolean }>;
  getDraft(blogId: string, entryId: string): Promise<Draft | null>;
  /** Every draft of the blog, newest first. */
  listDrafts(blogId: string): Promise<Draft[]>;
  /** Throws 404 for an unknown draft and 409 version_conflict (current in details) when stale. */
  updateDraft(
    blogId: string,
    entryId: string,
    patch: DraftPatch,
    version: number,
    at: string,
  ): Promise<Draft>;
  /** False when there was no such draft. */
  deleteDraft(blogId: string, entryId: string): Promise<boolean>;
  /**
   * Publishes the draft as an entry created `at` (version 1). With `version`, only that version
   * (409 version_conflict otherwise); with `dueBy`, only a scheduled draft due by then (what the
   * scheduler asks, so that a schedule moved later is not published early). Throws 409
   * not_a_draft when it is not (or no longer) a draft.
   */
  publishDraft(
    blogId: string,
    entryId: string,
    options: { at: string; version?: number; dueBy?: string },
  ): Promise<Entry>;
  /**
   * Takes a published entry back to the desk (readers get entry.deleted) as a draft made `at`,
   * created by `by`. Throws 404 when there is no such published entry.
   */
  unpublishEntry(blogId: string, entryId: string, at: string, by: string): Promise<Draft>;
  /** Scheduled drafts of every blog due by `now` (at most `limit`), earliest first. */
  dueDrafts(now: string, limit: number): Promise<DueDraft[]>;
}

/** The editors' live channel between instances (all instances hear every blog's desk events). */
export interface DeskBus {
  publish(event: DeskEvent): Promise<void>;
  onEvent(listener: (event: DeskEvent) => void): void;
}

/** Who did what per blog, newest first, capped at LIMITS.auditMax records per blog. */
export interface AuditLog {
  append(record: AuditRecord): Promise<void>;
  list(blogId: string, limit: number): Promise<AuditRecord[]>;
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
  /**
   * Records this instance's local count for a blog and returns the total over all instances.
   * The total is also kept in the blog's readers-over-time series (the most seen in each minute,
   * STATS_SERIES_MAX minutes) and its peak, for the newsroom's numbers (EngagementStore.stats).
   */
  report(blogId: string, localCount: number): Promise<number>;
}

/**
 * A device as the server knows it: `c:<id>` for the reader page's device cookie, `t:<token>` for
 * the embed frame's token (the prefixes keep the two apart). Random, linked to nobody.
 */
export type DeviceKey = string;

/**
 * Readers' votes and reactions, and the numbers kept about a blog (issue 16). Counts are exact:
 * each vote or reaction is ONE atomic step that checks, de-duplicates and counts. They are not in
 * the blog's log: what readers see of them is pulled by each instance at most once a second
 * (`talliesSince`) and sent as `blog:tallies`.
 *
 * Every key lives under the blog's hash tag (one Cluster slot with its entries, so the checks
 * against the published entry are atomic) and goes when the blog is deleted. Every method throws
 * 404 not_found for a blog that does not exist (deleted), and writes nothing for it.
 */
export interface EngagementStore {
  /**
   * Counts one vote of `device` for option `option` of the poll `pollId` on the published entry,
   * checked in the same atomic step against the entry as stored: 404 not_found (no such published
   * entry: unknown, deleted or a draft), 404 poll_not_found (the entry has no poll, or another
   * one than `pollId`), 409 poll_closed (closed, or past its closesAt by the store's clock),
   * 400 no_such_option, 409 already_voted (details: [{ option }], the option this device chose;
   * a vote is not changed once cast). Returns the poll's counts after the vote.
   */
  vote(
    blogId: string,
    entryId: string,
    vote: { pollId: string; option: number; device: DeviceKey },
  ): Promise<PollTally>;
  /**
   * Sets (`on`) or clears one reaction of `device` on the published entry (404 not_found
   * otherwise); setting one that is set, or clearing one that is not, changes nothing. Returns the
   * entry's counts and this device's reactions on it.
   */
  react(
    blogId: string,
    entryId: string,
    reaction: { reaction: Reaction; on: boolean; device: DeviceKey },
  ): Promise<{ reactions: ReactionCounts; mine: Reaction[] }>;
  /** Every entry's counts (entries with a poll or any reaction), and the version they are at. */
  tallies(blogId: string): Promise<Tallies & { version: number }>;
  /**
   * The counts of the entries changed after `version` (one cheap read when none did), and the
   * version now: what each instance asks once a tick for the blogs it serves. A `version` above
   * the blog's means its counts started again (the blog was deleted and made again with the same
   * id): then every entry's counts.
   */
  talliesSince(blogId: string, version: number): Promise<Tallies & { version: number }>;
  /**
   * Forgets an entry's counts: all of them when it was deleted or unpublished, or only its poll's
   * (`only: "poll"`) when the poll was removed or its options changed. The counts of the poll the
   * entry has now stay: they can only be votes for it, cast between the change and this call.
   */
  forget(blogId: string, entryId: string, only?: "poll"): Promise<void>;
  /** Adds a device to the blog's distinct devices (a HyperLogLog: the id itself is not kept). */
  countDevice(blogId: string, device: DeviceKey): Promise<void>;
  /** What the store keeps for the newsroom's numbers (the service adds entries' headlines). */
  numbers(blogId: string): Promise<{
    series: ReaderMinute[];
    peak: { readers: number; at: string } | null;
    distinctDevices: number;
  }>;
}

export interface Store {
  readonly kind: "memory" | "redis";
  readonly blogs: BlogStore;
  readonly bus: LiveBus;
  readonly editors: EditorStore;
  readonly presence: Presence;
  readonly media: MediaCatalog;
  readonly drafts: DraftStore;
  readonly desk: DeskBus;
  readonly audit: AuditLog;
  readonly engagement: EngagementStore;
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
