/**
 * `/`: every blog, live ones first, with the time of its latest update; and `/archive`: the
 * blogs that ended long ago (archive.ts), newest ended first.
 */
import { escapeHtml } from "../../shared/html.js";
import type { Media } from "../../shared/media.js";
import type { Blog } from "../../shared/schemas.js";
import { formatUtc } from "../../shared/time.js";
import type { PageAssets } from "./assets.js";
import { coverThumbnail } from "./cover.js";
import { renderDocument } from "./layout.js";

/** A line saying when: "Updated …" on the index, "Ended …" in the archive. */
const when = (label: string, time: string) =>
  `<p class="muted">${label} <time datetime="${escapeHtml(time)}" data-relative>${formatUtc(time)}</time></p>`;

function blogItem(blog: Blog, cover: Media | null, archived: boolean): string {
  const status =
    blog.status === "live"
      ? `<span class="status status-live">Live</span>`
      : `<span class="status status-ended">Ended</span>`;
  return (
    `<li class="blog-card">${coverThumbnail(cover)}${status}` +
    `<h2><a href="/blogs/${escapeHtml(blog.id)}">${escapeHtml(blog.title)}</a></h2>` +
    (blog.description ? `<p>${escapeHtml(blog.description)}</p>` : "") +
    (archived ? when("Ended", blog.endedAt ?? blog.updatedAt) : when("Updated", blog.updatedAt)) +
    `</li>`
  );
}

interface ListPage {
  blogs: readonly Blog[];
  /** The covers' records by media id. */
  covers: ReadonlyMap<string, Media>;
  assets: PageAssets;
  url: string;
}

const list = ({ blogs, covers }: ListPage, archived: boolean) =>
  `<ul class="blog-list">${blogs
    .map((blog) => blogItem(blog, (blog.cover && covers.get(blog.cover)) || null, archived))
    .join("")}</ul>`;

export function renderIndexPage(page: ListPage & { archivedCount: number }): string {
  const blogs = page.blogs.length
    ? list(page, false)
    : `<p class="muted">No blogs yet. Editors can start one at <a href="/admin">/admin</a>.</p>`;
  const archive =
    page.archivedCount > 0
      ? `<p class="archive-link"><a href="/archive">Archive: ${page.archivedCount === 1 ? "1 blog" : `${page.archivedCount} blogs`} that ended earlier</a></p>`
      : "";
  return renderDocument({
    title: "Live blogs",
    description: "Live coverage, updated the moment it happens.",
    url: page.url,
    assets: page.assets,
    body: `<main id="main" class="index" tabindex="-1"><h1>Live blogs</h1>${blogs}${archive}</main>`,
  });
}

export function renderArchivePage(page: ListPage & { days: number }): string {
  const blogs = page.blogs.length
    ? list(page, true)
    : `<p class="muted">No blog has been over for that long yet.</p>`;
  return renderDocument({
    title: "Archive: live blogs that ended",
    description: "Live coverage that ended, newest first.",
    url: page.url,
    assets: page.assets,
    body:
      `<main id="main" class="index" tabindex="-1"><h1>Archive</h1>` +
      `<p class="muted">Live blogs that ended more than ${page.days === 1 ? "a day" : `${page.days} days`} ago, newest first. <a href="/">Current blogs</a></p>` +
      `${blogs}</main>`,
  });
}
