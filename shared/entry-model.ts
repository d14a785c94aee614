/**
 * What a page knows about a blog's entries, and where each belongs: the pinned section, the
 * stream (newest first, the loaded range only), and the key-events timeline. Live events, older
 * pages and permalink loads all go through here; the DOM is then reconciled with `view()`.
 * Pure and idempotent: merging by entry id and version, so a stale copy never wins. E is what the
 * page holds: ReaderEntry on a reader's page (what its socket sends), Entry on the desk.
 */
import { newestFirst } from "./entry-order.js";
import type { Blog, LiveEventOf, ReaderEntry } from "./schemas.js";

export type EntryFilter = "all" | "keyEvents";

export interface EntryModelInit<E extends ReaderEntry = ReaderEntry> {
  blog: Blog;
  /** A page of the stream, as the API lists it (pinned entries included). */
  stream: readonly E[];
  pinned: readonly E[];
  keyEvents: readonly E[];
  /** False when the page started at a `before` cursor: new entries then do not join the stream. */
  streamHasNewest: boolean;
}

export interface EntryView<E extends ReaderEntry = ReaderEntry> {
  pinned: E[];
  stream: E[];
  keyEvents: E[];
}

export function createEntryModel<E extends ReaderEntry = ReaderEntry>(init: EntryModelInit<E>) {
  let blog: Blog = init.blog;
  let streamHasNewest = init.streamHasNewest;
  const known = new Map<string, E>();
  const inStream = new Set<string>();
  /** New entries not shown yet because the reader is scrolled down. */
  const held = new Set<string>();
  /** Deleted ids, so that a page fetched before the deletion cannot bring the entry back. */
  const deleted = new Set<string>();

  /** Keeps the newest version of an entry; returns whether the given one is now current. */
  const upsert = (entry: E): boolean => {
    if (deleted.has(entry.id)) return false;
    const current = known.get(entry.id);
    if (current && current.version > entry.version) return false;
    known.set(entry.id, entry);
    return true;
  };

  const load = (from: EntryModelInit<E>) => {
    blog = from.blog;
    streamHasNewest = from.streamHasNewest;
    known.clear();
    inStream.clear();
    held.clear();
    for (const entry of [...from.pinned, ...from.keyEvents]) upsert(entry);
    for (const entry of from.stream) if (upsert(entry)) inStream.add(entry.id);
  };
  load(init);

  const sorted = (keep: (entry: E) => boolean) =>
    [...known.values()].filter(keep).sort(newestFirst);
  const visibleIn = (filter: EntryFilter) => (entry: E) =>
    !entry.pinned &&
    !held.has(entry.id) &&
    (filter === "keyEvents" ? entry.keyEvent : inStream.has(entry.id));

  return {
    get blog() {
      return blog;
    },
    get streamHasNewest() {
      return streamHasNewest;
    },
    get(entryId: string): E | undefined {
      return known.get(entryId);
    },
    /** True when the entry is on the page in the given filter (or pinned). */
    isShown(entryId: string, filter: EntryFilter): boolean {
      const entry = known.get(entryId);
      return !!entry && (entry.pinned || visibleIn(filter)(entry));
    },

    /**
     * Applies one live event (in seq order: the caller uses the event applier). With `hold`, a new
     * entry waits until `reveal()`, so a reader who scrolled down is not moved. Returns the entry
     * that was created, for announcing it.
     */
    apply(event: LiveEventOf<E>, options: { hold: boolean }): { created?: E } {
      blog = { ...blog, seq: event.seq, updatedAt: event.at };
      switch (event.type) {
        case "blog.updated":
          if (event.blog) blog = { ...event.blog, seq: event.seq };
          return {};
        case "entry.created": {
          const entry = event.entry;
          // Events come in seq order, so this creation is newer than any deletion of its id:
          // an entry unpublished and then published again comes back.
          if (entry) deleted.delete(entry.id);
          // Replayed after a page that already shows it: merge, but it is not news.
          const replayed = !!entry && known.has(entry.id);
          if (!entry || !upsert(entry)) return {};
          if (streamHasNewest) inStream.add(entry.id);
          if (replayed) return {};
          if (options.hold) held.add(entry.id);
          return { created: entry };
        }
        case "entry.updated": {
          const entry = event.entry;
          // An entry beyond the loaded pages only matters once it is pinned or a key event.
          if (entry && (known.has(entry.id) || entry.pinned || entry.keyEvent)) upsert(entry);
          return {};
        }
        case "blog.deleted":
          return {};
        case "entry.deleted":
          if (event.entryId) {
            deleted.add(event.entryId);
            known.delete(event.entryId);
            inStream.delete(event.entryId);
            held.delete(event.entryId);
          }
          return {};
      }
    },

    /** Adds an older page: of the stream, or (in the key-events filter) of key events only. */
    addOlder(entries: readonly E[], kind: "stream" | "keyEvents") {
      for (const entry of entries) {
        if (upsert(entry) && kind === "stream") inStream.add(entry.id);
      }
    },

    /** New entries that wait for the reader, counted as the current filter would show them. */
    heldCount(filter: EntryFilter): number {
      let count = 0;
      for (const id of held) {
        const entry = known.get(id);
        if (entry && !entry.pinned && (filter === "all" || entry.keyEvent)) count += 1;
      }
      return count;
    },

    /** Shows the held entries; returns their ids. */
    reveal(): string[] {
      const ids = [...held];
      held.clear();
      return ids;
    },

    /** Starts over from freshly fetched pages (after a resync). */
    replaceAll: load,

    view(filter: EntryFilter): EntryView<E> {
      return {
        pinned: sorted((entry) => entry.pinned),
        stream: sorted(visibleIn(filter)),
        keyEvents: sorted((entry) => entry.keyEvent && !held.has(entry.id)),
      };
    },

    /** Every entry the page knows, newest first: what the JSON-LD lists. */
    latest(): E[] {
      return sorted(() => true);
    },

    /** Every known entry in the loaded range, pinned ones included: the editors' list. */
    all(): E[] {
      return sorted((entry) => inStream.has(entry.id));
    },
  };
}

/** A reader page's model; the desk's holds full entries (EntryModelOf<Entry>). */
export type EntryModel = EntryModelOf<ReaderEntry>;
export type EntryModelOf<E extends ReaderEntry> = ReturnType<typeof createEntryModel<E>>;
