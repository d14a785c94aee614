/**
 * The state a server-rendered reader page hands to its client (as JSON in `#lb-state`), so that
 * the client starts from exactly what the HTML shows and subscribes from the seq it reflects.
 */
import type { Tallies } from "./engagement.js";
import type { Locale } from "./i18n/i18n.js";
import type { Blog, Entry } from "./schemas.js";

export const READER_STATE_ELEMENT_ID = "lb-state";

/** Page sizes of the reader page, the same for its server render and its client's fetches. */
export const READER_PAGE_SIZES = { stream: 20, pinned: 50, keyEvents: 20, permalinkSearch: 100 };

/** An image of a blog's cover, with an absolute URL (for link previews and JSON-LD). */
export interface CoverImage {
  url: string;
  width: number;
  height: number;
  alt: string;
}

export interface ReaderState {
  blog: Blog;
  /** The blog's language, time zone and catalog, as the page was rendered in them. */
  locale: Locale;
  /** The cover's crops (1:1, 4:3, 16:9), [] without a cover: the JSON-LD's `image`. */
  cover: CoverImage[];
  /** Every change up to this seq is reflected here; the client subscribes with since=seq. */
  seq: number;
  /** The epoch of `seq`: the client subscribes with it, and reloads if the log was reset since. */
  epoch: string;
  filter: "all" | "keyEvents";
  /** The `before` cursor the page starts at, or null for the newest entries. */
  before: string | null;
  /** The stream page ([] in the key-events filter) and its cursor for "Load older". */
  stream: Entry[];
  next: string | null;
  pinned: Entry[];
  /** Key events, newest first, and the cursor for older ones. */
  keyEvents: Entry[];
  keyNext: string | null;
  /** On an entry's own page (server/pages/entry-page.ts): the entry to scroll to and mark. */
  target?: string;
  /**
   * The votes and reactions counted when the page was rendered (null: the store could not say).
   * The client starts from them and loads fresh ones once live, since a cached page is older.
   */
  tallies?: Tallies | null;
}

/** Where a page's state stands in the blog's log. */
export interface LogPosition {
  seq: number;
  epoch: string;
}

/**
 * The position a page built from several reads reflects. The reads may straddle a write; the
 * lowest seq is one every part reflects, and replaying events the parts already show is harmless
 * (entries merge by version). They may even straddle a reset of the log: then some part's epoch
 * is stale, the subscription finds it so, and the page reloads.
 */
export function positionOf(blog: Blog, pages: readonly (LogPosition | null)[]): LogPosition {
  const read = pages.filter((page): page is LogPosition => page !== null);
  const seq = Math.min(blog.seq, ...read.map((page) => page.seq));
  const epochs = new Set(read.map((page) => page.epoch));
  // Mixed epochs: seq 0 of the first one, so that the subscription cannot mistake it for current.
  return { seq: epochs.size > 1 ? 0 : seq, epoch: read[0]?.epoch ?? "" };
}
