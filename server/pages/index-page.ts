/** `/`: every blog, live ones first, with the time of its latest update. */
import { escapeHtml } from "../../shared/html.js";
import type { Media } from "../../shared/media.js";
import type { Blog } from "../../shared/schemas.js";
import { formatUtc } from "../../shared/time.js";
import type { PageAssets } from "./assets.js";
import { coverThumbnail } from "./cover.js";
import { renderDocument } from "./layout.js";

function blogItem(blog: Blog, cover: Media | null): string {
  const status =
    blog.status === "live"
      ? `<span class="status status-live">Live</span>`
      : `<span class="status status-ended">Ended</span>`;
  return (
    `<li class="blog-card">${coverThumbnail(cover)}${status}` +
    `<h2><a href="/blogs/${escapeHtml(blog.id)}">${escapeHtml(blog.title)}</a></h2>` +
    (blog.description ? `<p>${escapeHtml(blog.description)}</p>` : "") +
    `<p class="muted">Updated <time datetime="${escapeHtml(blog.updatedAt)}" data-relative>${formatUtc(blog.updatedAt)}</time></p>` +
    `</li>`
  );
}

export function renderIndexPage(
  blogs: readonly Blog[],
  /** The covers' records by media id. */
  covers: ReadonlyMap<string, Media>,
  assets: PageAssets,
  url: string,
): string {
  const item = (blog: Blog) => blogItem(blog, (blog.cover && covers.get(blog.cover)) || null);
  const list = blogs.length
    ? `<ul class="blog-list">${blogs.map(item).join("")}</ul>`
    : `<p class="muted">No blogs yet. Editors can start one at <a href="/admin">/admin</a>.</p>`;
  return renderDocument({
    title: "Live blogs",
    description: "Live coverage, updated the moment it happens.",
    url,
    assets,
    body: `<main id="main" class="index" tabindex="-1"><h1>Live blogs</h1>${list}</main>`,
  });
}
