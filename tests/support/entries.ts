/** Entries as the stores hand them back, for unit tests of what is drawn or decided from them. */
import type { Entry } from "../../shared/schemas.js";

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
