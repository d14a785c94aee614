/**
 * Embedded store: the whole Store port in this process's memory. It is the default without
 * REDIS_URL, so `npm start` works with nothing else installed; it is ephemeral and serves one
 * instance only. It keeps the same semantics as the Redis store (same contract suite).
 */
import { EventEmitter } from "node:events";
import { newestMediaFirst, type Media } from "../../shared/media.js";
import {
  LIMITS,
  type AuditRecord,
  type Blog,
  type Draft,
  type Entry,
  type LiveEvent,
} from "../../shared/schemas.js";
import { conflict, idempotencyKeyReused, notFound } from "../errors.js";
import { newEpoch } from "./epoch.js";
import { createMemoryDesk, createMemoryDrafts } from "./memory-drafts.js";
import {
  createMemoryEngagement,
  newEngagementState,
  recordReaders,
  type EngagementState,
} from "./memory-engagement.js";
import {
  CATCH_UP_MAX_BYTES,
  IDEMPOTENCY_TTL_SECONDS,
  type BlogPatch,
  type Editor,
  type EntryPatch,
  type EntryQuery,
  type LiveBus,
  type NewEntry,
  type SessionRecord,
  type Store,
  type TokenRecord,
} from "./port.js";
import { byName, newestTokenFirst } from "./people-order.js";

export interface BlogState {
  blog: Blog;
  /** Made with the blog. Memory cannot lose part of a log and keep the rest, so only renewEpoch changes it. */
  epoch: string;
  entries: Map<string, { entry: Entry; createdSeq: number }>;
  log: LiveEvent[];
  team: string[];
  /** Entries not published (memory-drafts.ts): apart from `entries`, the seq and the log. */
  drafts: Map<string, Draft>;
  /** Newest first, capped at LIMITS.auditMax. */
  audit: AuditRecord[];
  /** Readers' votes and reactions, and the numbers kept about them (memory-engagement.ts). */
  engagement: EngagementState;
}

/** How often expired idempotency records and sessions are swept (at the next write after it). */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * A value with an expiry, for idempotency keys and sessions. Expired values are dropped when
 * read, and all of them once a minute when written to, so that keys nobody reads again (most
 * idempotency keys) do not stay in memory for the life of the process.
 */
export class ExpiringMap<V> {
  private readonly map = new Map<string, { value: V; expiresAt: number }>();
  private sweptAt = Date.now();
  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (hit && hit.expiresAt <= Date.now()) this.map.delete(key);
    return hit && hit.expiresAt > Date.now() ? hit.value : undefined;
  }
  set(key: string, value: V, ttlSeconds: number) {
    const now = Date.now();
    if (now - this.sweptAt >= SWEEP_INTERVAL_MS) {
      this.sweptAt = now;
      for (const [k, hit] of this.map) if (hit.expiresAt <= now) this.map.delete(k);
    }
    this.map.set(key, { value, expiresAt: now + ttlSeconds * 1000 });
  }
  delete(key: string) {
    this.map.delete(key);
  }
  /** Forgets every key that starts with `prefix` (a deleted blog's idempotency keys). */
  deletePrefix(prefix: string) {
    for (const key of this.map.keys()) if (key.startsWith(prefix)) this.map.delete(key);
  }
  get size() {
    return this.map.size;
  }
}

const clone = <T>(value: T): T => structuredClone(value);

export function createMemoryStore(options: { historyLimit: number }): Store {
  const blogs = new Map<string, BlogState>();
  const idempotency = new ExpiringMap<{ digest: string; entry: Entry }>();
  const editors = new Map<string, Editor>();
  const sessions = new ExpiringMap<SessionRecord>();
  /** Personal API tokens by the hash of their secret. */
  const tokens = new Map<string, TokenRecord>();
  const media = new Map<string, Media>();
  let sessionSecret: string | undefined;
  const published = new EventEmitter();
  const subscribed = new Set<string>();
  const desk = createMemoryDesk();

  const stateOf = (blogId: string) => {
    const state = blogs.get(blogId);
    if (!state) throw notFound(`Blog "${blogId}"`);
    return state;
  };
  const headOf = (state: BlogState) => ({
    seq: state.blog.seq,
    epoch: state.epoch,
    at: state.blog.updatedAt,
  });
  const entryOf = (state: BlogState, entryId: string) => {
    const found = state.entries.get(entryId);
    if (!found) throw notFound(`Entry "${entryId}"`);
    return found;
  };

  /** The atomic step every change goes through: seq, log, publish. */
  const append = (
    state: BlogState,
    at: string,
    change: Pick<LiveEvent, "type" | "entry" | "entryId" | "blog">,
  ) => {
    state.blog.seq += 1;
    state.blog.updatedAt = at;
    const event = {
      blogId: state.blog.id,
      seq: state.blog.seq,
      epoch: state.epoch,
      at,
      ...change,
    } as LiveEvent;
    state.log.push(event);
    if (state.log.length > options.historyLimit) state.log.shift();
    // Delivered after the caller's write returns, as a Redis message would be.
    const copy = clone(event);
    queueMicrotask(() => published.emit("event", copy));
    return event;
  };

  const bus: LiveBus = {
    async subscribe(blogId) {
      subscribed.add(blogId);
    },
    async unsubscribe(blogId) {
      subscribed.delete(blogId);
    },
    onEvent(listener) {
      published.on("event", (event: LiveEvent) => {
        if (subscribed.has(event.blogId)) listener(event);
      });
    },
    onResume() {
      // An in-process bus never loses its connection.
    },
    isListening: () => true,
  };

  return {
    kind: "memory",
    bus,
    blogs: {
      async createBlog(fields) {
        if (blogs.has(fields.id))
          throw conflict("blog_exists", `A blog with id "${fields.id}" already exists.`);
        const blog: Blog = { ...fields, seq: 0 };
        blogs.set(blog.id, {
          blog,
          epoch: newEpoch(),
          entries: new Map(),
          log: [],
          team: [],
          drafts: new Map(),
          audit: [],
          engagement: newEngagementState(),
        });
        return clone(blog);
      },
      async getBlog(blogId) {
        const state = blogs.get(blogId);
        return state ? clone(state.blog) : null;
      },
      async listBlogs() {
        return [...blogs.values()].map((state) => clone(state.blog));
      },
      async updateBlog(blogId, patch: BlogPatch, at) {
        const state = stateOf(blogId);
        Object.assign(state.blog, patch, { updatedAt: at });
        append(state, at, {
          type: "blog.updated",
          blog: { ...state.blog, seq: state.blog.seq + 1 },
        });
        return clone(state.blog);
      },
      async createEntry(blogId, fields: NewEntry, request) {
        const state = stateOf(blogId);
        const key = request && `${blogId}:${request.key}`;
        const previous = key ? idempotency.get(key) : undefined;
        if (previous && previous.digest !== request?.digest) throw idempotencyKeyReused();
        if (previous) return { entry: clone(previous.entry), replayed: true };
        if (state.entries.has(fields.id))
          throw conflict("entry_exists", `Entry "${fields.id}" already exists.`);
        const seq = state.blog.seq + 1;
        const entry: Entry = { ...fields, seq, version: 1, updatedAt: fields.createdAt };
        state.entries.set(entry.id, { entry, createdSeq: seq });
        append(state, fields.createdAt, { type: "entry.created", entry: clone(entry) });
        if (key && request)
          idempotency.set(
            key,
            { digest: request.digest, entry: clone(entry) },
            IDEMPOTENCY_TTL_SECONDS,
          );
        return { entry: clone(entry), replayed: false };
      },
      async updateEntry(blogId, entryId, patch: EntryPatch, version, at) {
        const state = stateOf(blogId);
        const found = entryOf(state, entryId);
        if (found.entry.version !== version) {
          throw conflict(
            "version_conflict",
            `Entry "${entryId}" was changed by someone else (now version ${found.entry.version}).`,
            [clone(found.entry)],
          );
        }
        found.entry = {
          ...found.entry,
          ...patch,
          version: version + 1,
          updatedAt: at,
          seq: state.blog.seq + 1,
        };
        append(state, at, { type: "entry.updated", entry: clone(found.entry) });
        return clone(found.entry);
      },
      async deleteEntry(blogId, entryId, at) {
        const state = stateOf(blogId);
        entryOf(state, entryId);
        state.entries.delete(entryId);
        append(state, at, { type: "entry.deleted", entryId });
      },
      async getEntry(blogId, entryId) {
        const found = blogs.get(blogId)?.entries.get(entryId);
        return found ? clone(found.entry) : null;
      },
      async entryOrder(blogId, entryId) {
        return blogs.get(blogId)?.entries.get(entryId)?.createdSeq ?? null;
      },
      async listEntries(blogId, query: EntryQuery) {
        const state = stateOf(blogId);
        const matches = [...state.entries.values()]
          .filter(({ entry, createdSeq }) => {
            if (query.before !== undefined && createdSeq >= query.before) return false;
            if (query.only === "pinned") return entry.pinned;
            if (query.only === "keyEvents") return entry.keyEvent;
            return true;
          })
          .sort((a, b) => b.createdSeq - a.createdSeq);
        const page = matches.slice(0, query.limit);
        const more = matches.length > query.limit;
        return {
          entries: page.map(({ entry }) => clone(entry)),
          seq: state.blog.seq,
          epoch: state.epoch,
          next: more ? page[page.length - 1]!.createdSeq : null,
        };
      },
      async readLog(blogId, { since, epoch, limit }) {
        const state = stateOf(blogId);
        const at = { seq: state.blog.seq, epoch: state.epoch };
        // The same decisions in the same order as the Redis script, before any event is read.
        if (epoch !== undefined && epoch !== state.epoch) return { ...at, resync: "epoch" };
        if (since > at.seq) return { ...at, resync: "ahead" };
        const oldest = state.log[0]?.seq ?? at.seq + 1;
        if (since + 1 < oldest && since < at.seq) return { ...at, resync: "expired" };
        const events: LiveEvent[] = [];
        let bytes = 0;
        for (let i = Math.max(0, since + 1 - oldest); i < state.log.length; i++) {
          const event = state.log[i]!;
          // Measured as the Redis store measures it: the event's JSON, in bytes.
          bytes += Buffer.byteLength(JSON.stringify(event));
          if (events.length === limit || (events.length > 0 && bytes > CATCH_UP_MAX_BYTES)) break;
          events.push(clone(event));
        }
        const last = events.at(-1)?.seq ?? since;
        return { ...at, events, more: last < at.seq };
      },
      async position(blogId) {
        const state = blogs.get(blogId);
        return state ? headOf(state) : null;
      },
      async renewEpoch(blogId, expected) {
        const state = stateOf(blogId);
        if (state.epoch === expected) state.epoch = newEpoch();
        return headOf(state);
      },
      async deleteBlog(blogId, at) {
        const state = stateOf(blogId);
        // Team, audit trail, entries and log live in the blog's state and go with it.
        blogs.delete(blogId);
        idempotency.deletePrefix(`${blogId}:`);
        const event: LiveEvent = {
          blogId,
          seq: state.blog.seq + 1,
          epoch: state.epoch,
          at,
          type: "blog.deleted",
        };
        queueMicrotask(() => published.emit("event", event));
      },
      async getTeam(blogId) {
        return [...(blogs.get(blogId)?.team ?? [])].sort();
      },
      async setTeam(blogId, members) {
        stateOf(blogId).team = [...new Set(members)];
      },
    },
    editors: {
      async getEditor(name) {
        const editor = editors.get(name);
        return editor ? clone(editor) : null;
      },
      async saveEditor(editor) {
        editors.set(editor.name, clone(editor));
      },
      async addEditor(editor) {
        if (editors.has(editor.name)) return false;
        editors.set(editor.name, clone(editor));
        return true;
      },
      async agreeSessionSecret(candidate) {
        return (sessionSecret ??= candidate);
      },
      async saveSession(key, session, ttlSeconds) {
        sessions.set(key, clone(session), ttlSeconds);
      },
      async getSession(key) {
        const session = sessions.get(key);
        return session ? clone(session) : null;
      },
      async deleteSession(key) {
        sessions.delete(key);
      },
      async listEditors() {
        return [...editors.values()].map(clone).sort(byName);
      },
      async saveToken(token) {
        tokens.set(token.hash, clone(token));
      },
      async getTokenByHash(hash) {
        const token = tokens.get(hash);
        return token ? clone(token) : null;
      },
      async listTokens(owner) {
        return [...tokens.values()]
          .filter((token) => token.owner === owner)
          .map(clone)
          .sort(newestTokenFirst);
      },
      async deleteToken(owner, id) {
        for (const token of tokens.values()) {
          if (token.owner === owner && token.id === id) return tokens.delete(token.hash);
        }
        return false;
      },
      async touchToken(hash, at) {
        const token = tokens.get(hash);
        if (token) token.lastUsedAt = at;
      },
    },
    presence: {
      async report(blogId, localCount) {
        const state = blogs.get(blogId);
        if (state) recordReaders(state.engagement, localCount);
        return localCount;
      },
    },
    engagement: createMemoryEngagement(
      (blogId) => stateOf(blogId).engagement,
      (blogId, entryId) => blogs.get(blogId)?.entries.get(entryId)?.entry,
    ),
    media: {
      async saveMedia(item) {
        media.set(item.id, clone(item));
      },
      async getMedia(id) {
        const item = media.get(id);
        return item ? clone(item) : null;
      },
      async getManyMedia(ids) {
        const found = new Map<string, Media>();
        for (const id of ids) {
          const item = media.get(id);
          if (item) found.set(id, clone(item));
        }
        return found;
      },
      async listMedia() {
        return [...media.values()].map(clone).sort(newestMediaFirst);
      },
      async deleteMedia(id) {
        return media.delete(id);
      },
    },
    drafts: createMemoryDrafts(
      { blogs, stateOf, append, desk },
      new ExpiringMap<{ digest: string; draft: Draft }>(),
    ),
    desk: { publish: desk.publish, onEvent: desk.onEvent },
    audit: {
      async append(record) {
        const state = blogs.get(record.blogId);
        if (!state) return;
        state.audit.unshift(clone(record));
        if (state.audit.length > LIMITS.auditMax) state.audit.pop();
      },
      async list(blogId, limit) {
        return (blogs.get(blogId)?.audit ?? []).slice(0, limit).map(clone);
      },
    },
    async ping() {},
    async close() {
      published.removeAllListeners();
      desk.close();
    },
  };
}
