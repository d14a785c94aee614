/** `/`: every blog, live ones first, with the time of its latest update. */
import { escapeHtml } from "../../shared/html.js";
import type { Blog } from "../../shared/schemas.js";
import { formatUtc } from "../../shared/time.js";
import type { PageAssets } from "./assets.js";
import { renderDocument } from "./layout.js";

function blogItem(blog: Blog): string {
  const status =
    blog.status === "live"
      ? `<span class="status status-live">Live</span>`
      : `<span class="status status-ended">Ended</span>`;
  return (
    `<li class="blog-card">${status}` +
    `<h2><a href="/blogs/${escapeHtml(blog.id)}">${escapeHtml(blog.title)}</a></h2>` +
    (blog.description ? `<p>${escapeHtml(blog.description)}</p>` : "") +
    `<p class="muted">Updated <time datetime="${escapeHtml(blog.updatedAt)}" data-relative>${formatUtc(blog.updatedAt)}</time></p>` +
    `</li>`
  );
}

export function renderIndexPage(blogs: readonly Blog[], assets: PageAssets, url: string): string {
  const list = blogs.length
    ? `<ul class="blog-list">${blogs.map(blogItem).join("")}</ul>`
    : `<p class="muted">No blogs yet. Editors can start one at <a href="/admin">/admin</a>.</p>`;
  return renderDocument({
    title: "Live blogs",
    description: "Live coverage, updated the moment it happens.",
    url,
    assets,
    body: `<main id="main" class="index" tabindex="-1"><h1>Live blogs</h1>${list}</main>`,
  });
}
