/** Entries as the stores hand them back, for unit tests of what is drawn or decided from them. */
import type { Blog, Entry } from "../../shared/schemas.js";
import type { NewEntry } from "../../server/store/port.js";

/** Minute `minute` past 09:00 on the test day, as an ISO time. */
export const atMinute = (minute: number) =>
  `2026-03-29T09:${String(minute).padStart(2, "0")}:00.000Z`;

/** Entry `id`, published at seq `minute` and minute `minute`, with `over` on top. */
export const entryAt = (id: string, minute: number, over: Partial<Entry> = {}): Entry => ({
  id,
  blogId: "b",
  seq: minute,
  createdAt: atMinute(minute),
  updatedAt: atMinute(minute),
  author: { name: "Desk" },
  authors: [{ name: "Desk", displayName: "Desk" }],
  status: "published",
  publishAt: null,
  headline: id,
  body: id,
  html: `<p>${id}</p>`,
  pinned: false,
  keyEvent: false,
  version: 1,
  ...over,
});

/** "Talks begin" by the Newsdesk, at 14:05:09 UTC: the entry the rendering tests draw. */
export const talksBegin = (over: Partial<Entry> = {}): Entry =>
  entryAt("e1", 0, {
    seq: 3,
    createdAt: "2026-03-29T14:05:09.000Z",
    updatedAt: "2026-03-29T14:05:09.000Z",
    author: { name: "Newsdesk" },
    authors: [{ name: "Newsdesk", displayName: "Newsdesk" }],
    headline: "Talks begin",
    body: "**Now**",
    html: "<p><strong>Now</strong></p>",
    ...over,
  });

/** A blog as a store is asked to create it: live, in English and UTC, created at `createdAt`. */
export const newBlogRecord = (
  id: string,
  createdAt = "2026-01-01T12:00:00.000Z",
): Omit<Blog, "seq"> => ({
  id,
  title: `Blog ${id}`,
  description: "",
  status: "live",
  cover: null,
  endedAt: null,
  language: "en",
  timeZone: "UTC",
  createdAt,
  updatedAt: createdAt,
});

/** An entry as a store is asked to create it: published, by Ana, its body and html named by id. */
export const newEntryRecord = (
  id: string,
  blogId: string,
  fields: Partial<NewEntry> = {},
): NewEntry => ({
  id,
  blogId,
  createdAt: "2026-01-01T12:00:00.000Z",
  author: { name: "Ana" },
  authors: [{ name: "Ana", displayName: "Ana" }],
  status: "published",
  publishAt: null,
  headline: null,
  body: `body of ${id}`,
  html: `<p>body of ${id}</p>`,
  pinned: false,
  keyEvent: false,
  ...fields,
});
