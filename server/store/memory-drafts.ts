/**
 * Drafts and the desk bus of the embedded store (memory.ts). Drafts live in their blog's state
 * but apart from its entries, seq and log; publishing one is a synchronous step here, so nothing
 * can run between the draft going and its entry being created, which is what the Redis script
 * gives across instances.
 */
import { EventEmitter } from "node:events";
import { newestFirst } from "../../shared/entry-order.js";
import type { Draft, Entry, LiveEvent } from "../../shared/schemas.js";
import { conflict, draftConflict, idempotencyKeyReused, notADraft, notFound } from "../errors.js";
import type { BlogState, ExpiringMap } from "./memory.js";
import {
  IDEMPOTENCY_TTL_SECONDS,
  type DeskBus,
  type DraftPatch,
  type DraftStore,
  type DueDraft,
} from "./port.js";

const clone = <T>(value: T): T => structuredClone(value);

/** The entry a draft becomes when it is published `at`, with the blog's next seq. */
export function publishedFrom(draft: Draft, at: string, seq: number): Entry {
  const entry: Entry & Partial<Pick<Draft, "createdBy" | "review">> = {
    ...clone(draft),
    status: "published",
    publishAt: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
    seq,
  };
  delete entry.createdBy;
  delete entry.review;
  return entry;
}

/** The draft a published entry becomes when `by` takes it back to the desk `at`. */
export function draftFrom(entry: Entry, at: string, by: string): Draft {
  const draft: Draft & { seq?: number } = {
    ...clone(entry),
    status: "draft",
    publishAt: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
    createdBy: by,
    review: null,
  };
  delete draft.seq;
  return draft;
}

/** The desk bus in one process: events are handed over after the write returns, as Redis would. */
export function createMemoryDesk(): DeskBus & { close(): void } {
  const emitter = new EventEmitter();
  return {
    async publish(event) {
      const copy = clone(event);
      queueMicrotask(() => emitter.emit("event", copy));
    },
    onEvent(listener) {
      emitter.on("event", listener);
    },
    close: () => void emitter.removeAllListeners(),
  };
}

export interface MemoryDraftDeps {
  blogs: ReadonlyMap<string, BlogState>;
  /** The blog's state, or 404. */
  stateOf(blogId: string): BlogState;
  /** memory.ts's one step for every change readers see: seq, log, publish. */
  append(state: BlogState, at: string, change: Pick<LiveEvent, "type" | "entry" | "entryId">): void;
  desk: DeskBus;
}

export function createMemoryDrafts(
  { blogs, stateOf, append, desk }: MemoryDraftDeps,
  idempotency: ExpiringMap<{ digest: string; draft: Draft }>,
): DraftStore {
  const saved = (draft: Draft) =>
    void desk.publish({ blogId: draft.blogId, type: "draft.saved", draft: clone(draft) });
  const removed = (blogId: string, entryId: string, reason: "published" | "withdrawn") =>
    void desk.publish({ blogId, type: "draft.removed", entryId, reason });

  return {
    async createDraft(blogId, fields, request) {
      const state = stateOf(blogId);
      const key = request && `${blogId}:${request.key}`;
      const previous = key ? idempotency.get(key) : undefined;
      if (previous && previous.digest !== request?.digest) throw idempotencyKeyReused();
      if (previous) return { draft: clone(previous.draft), replayed: true };
      if (state.entries.has(fields.id) || state.drafts.has(fields.id))
        throw conflict("entry_exists", `Entry "${fields.id}" already exists.`);
      const draft: Draft = { ...fields, version: 1, updatedAt: fields.createdAt };
      state.drafts.set(draft.id, draft);
      saved(draft);
      if (key && request)
        idempotency.set(
          key,
          { digest: request.digest, draft: clone(draft) },
          IDEMPOTENCY_TTL_SECONDS,
        );
      return { draft: clone(draft), replayed: false };
    },

    async getDraft(blogId, entryId) {
      const draft = blogs.get(blogId)?.drafts.get(entryId);
      return draft ? clone(draft) : null;
    },

    async listDrafts(blogId) {
      const drafts = [...(blogs.get(blogId)?.drafts.values() ?? [])];
      return drafts.sort(newestFirst).map(clone);
    },

    async updateDraft(blogId, entryId, patch: DraftPatch, version, at) {
      const draft = blogs.get(blogId)?.drafts.get(entryId);
      if (!draft) throw notFound(`Draft "${entryId}"`);
      if (draft.version !== version) throw draftConflict(clone(draft));
      const defined = Object.entries(patch).filter(([, value]) => value !== undefined);
      Object.assign(draft, Object.fromEntries(defined), { version: version + 1, updatedAt: at });
      saved(draft);
      return clone(draft);
    },

    async deleteDraft(blogId, entryId) {
      if (!blogs.get(blogId)?.drafts.delete(entryId)) return false;
      removed(blogId, entryId, "withdrawn");
      return true;
    },

    async publishDraft(blogId, entryId, { at, version, dueBy }) {
      const state = stateOf(blogId);
      const draft = state.drafts.get(entryId);
      if (!draft) throw notADraft(entryId);
      if (version !== undefined && draft.version !== version) throw draftConflict(clone(draft));
      if (dueBy !== undefined && !isDue(draft, dueBy))
        throw notADraft(entryId, `it is not scheduled to publish by ${dueBy}`);
      if (state.entries.has(entryId))
        throw conflict("entry_exists", `Entry "${entryId}" already exists.`);
      const entry = publishedFrom(draft, at, state.blog.seq + 1);
      state.drafts.delete(entryId);
      state.entries.set(entryId, { entry, createdSeq: entry.seq });
      append(state, at, { type: "entry.created", entry: clone(entry) });
      removed(blogId, entryId, "published");
      return clone(entry);
    },

    async unpublishEntry(blogId, entryId, at, by) {
      const state = stateOf(blogId);
      const found = state.entries.get(entryId);
      if (!found) throw notFound(`Entry "${entryId}"`);
      if (state.drafts.has(entryId))
        throw conflict("entry_exists", `A draft "${entryId}" exists already.`);
      const draft = draftFrom(found.entry, at, by);
      state.entries.delete(entryId);
      append(state, at, { type: "entry.deleted", entryId });
      state.drafts.set(entryId, draft);
      saved(draft);
      return clone(draft);
    },

    async dueDrafts(now, limit) {
      const due: DueDraft[] = [];
      for (const state of blogs.values())
        for (const draft of state.drafts.values())
          if (isDue(draft, now))
            due.push({ blogId: draft.blogId, entryId: draft.id, publishAt: draft.publishAt! });
      return due.sort((a, b) => Date.parse(a.publishAt) - Date.parse(b.publishAt)).slice(0, limit);
    },
  };
}

const isDue = (draft: Draft, by: string) =>
  draft.status === "scheduled" &&
  draft.publishAt !== null &&
  Date.parse(draft.publishAt) <= Date.parse(by);
