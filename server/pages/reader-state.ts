/**
 * What the reader page needs from the store, fetched once for the server render and handed to
 * the client as JSON, so the client starts from exactly what the HTML shows.
 */
import type { Tallies } from "../../shared/engagement.js";
import { positionOf, READER_PAGE_SIZES, type ReaderState } from "../../shared/page-state.js";
import type { Blog } from "../../shared/schemas.js";
import type { BlogService } from "../blogs/service.js";
import { localeOf } from "../i18n/locales.js";
import type { MediaCatalog } from "../store/port.js";
import { coverImages, loadCover } from "./cover.js";
import { talliesOfEntries } from "./page-tallies.js";

export type { ReaderState };

export interface ReaderStateDeps {
  blogs: BlogService;
  media: MediaCatalog;
  origin: string;
  /** The blog's votes and reactions now, or null when they cannot be read (the page goes on). */
  tallies(blogId: string): Promise<Tallies | null>;
}

export async function loadReaderState(
  { blogs, media, origin, tallies }: ReaderStateDeps,
  blog: Blog,
  /** `limit`: entries in the first page (the embed page's option); the reader page's by default. */
  query: { filter: "all" | "keyEvents"; before: string | undefined; limit?: number },
): Promise<ReaderState> {
  const keysOnly = query.filter === "keyEvents";
  const [cover, stream, pinned, keys, counts] = await Promise.all([
    loadCover(media, blog),
    keysOnly
      ? null
      : blogs.listEntries(blog.id, {
          limit: query.limit ?? READER_PAGE_SIZES.stream,
          before: query.before,
        }),
    blogs.listEntries(blog.id, { limit: READER_PAGE_SIZES.pinned, only: "pinned" }),
    blogs.listEntries(blog.id, {
      limit: keysOnly ? (query.limit ?? READER_PAGE_SIZES.keyEvents) : READER_PAGE_SIZES.keyEvents,
      only: "keyEvents",
      before: keysOnly ? query.before : undefined,
    }),
    tallies(blog.id),
  ]);
  return {
    blog,
    locale: localeOf(blog),
    cover: coverImages(cover, origin),
    ...positionOf(blog, [stream, pinned, keys]),
    filter: query.filter,
    before: query.before ?? null,
    stream: stream?.entries ?? [],
    next: stream?.next ?? null,
    pinned: pinned.entries,
    keyEvents: keys.entries,
    keyNext: keys.next,
    // Only the shown entries' counts: a blog's every entry's would weigh on every page.
    tallies: talliesOfEntries(counts, [
      ...(stream?.entries ?? []),
      ...pinned.entries,
      ...keys.entries,
    ]),
  };
}
