/**
 * The state a server-rendered reader page hands to its client (as JSON in `#lb-state`), so that
 * the client starts from exactly what the HTML shows and subscribes from the seq it reflects.
 */
import type { Blog, Entry } from "./schemas.js";

export const READER_STATE_ELEMENT_ID = "lb-state";

/** Page sizes of the reader page, the same for its server render and its client's fetches. */
export const READER_PAGE_SIZES = { stream: 20, pinned: 50, keyEvents: 20, permalinkSearch: 100 };

export interface ReaderState {
  blog: Blog;
  /** Every change up to this seq is reflected here; the client subscribes with since=seq. */
  seq: number;
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
}
