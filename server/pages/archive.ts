/**
 * Archiving: an ended blog leaves the index page ARCHIVE_AFTER_DAYS after it ended, for /archive.
 * Nothing is moved or changed: it is a way of listing, so an archived blog keeps its page, API,
 * feeds and embeds, and reopening it brings it back to the index at once.
 */
import type { Blog } from "../../shared/schemas.js";

const DAY_MS = 24 * 3600 * 1000;

/** When the blog ended; blogs ended before `endedAt` existed ended at their last change or before. */
const endedAtOf = (blog: Blog) => blog.endedAt ?? blog.updatedAt;

/** Whether the blog ended more than `days` days before `now` (ms); never with `days` 0. */
export function isArchived(blog: Blog, days: number, now: number): boolean {
  return days > 0 && blog.status === "ended" && now - Date.parse(endedAtOf(blog)) > days * DAY_MS;
}

/** The index page's blogs and the archive's, the archive newest ended first. */
export function splitArchived(blogs: readonly Blog[], days: number, now: number) {
  const current: Blog[] = [];
  const archived: Blog[] = [];
  for (const blog of blogs) (isArchived(blog, days, now) ? archived : current).push(blog);
  archived.sort((a, b) => endedAtOf(b).localeCompare(endedAtOf(a)));
  return { current, archived };
}
