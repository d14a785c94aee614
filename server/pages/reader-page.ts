/**
 * The reader page, rendered on the server first: it works without JavaScript and is crawlable.
 * The client then takes over the same markup (same renderer, same model, same state as JSON).
 */
import { createEntryModel } from "../../shared/entry-model.js";
import { escapeHtml, jsonForScript } from "../../shared/html.js";
import { liveBlogPosting, publisherNode, type Publisher } from "../../shared/json-ld.js";
import { READER_STATE_ELEMENT_ID } from "../../shared/page-state.js";
import { renderEntry, renderKeyEvent } from "../../shared/render.js";
import { formatUtc } from "../../shared/time.js";
import { oembedDiscoveryLink } from "../embed/snippet.js";
import type { PageAssets } from "./assets.js";
import { previewImage } from "./cover.js";
import { renderDocument, type SiteOwner } from "./layout.js";
import type { ReaderState } from "./reader-state.js";

function statusBadge(status: "live" | "ended"): string {
  return status === "live"
    ? `<span class="status status-live" data-status>Live</span>`
    : `<span class="status status-ended" data-status>Ended</span>`;
}

/** How the page's own links are drawn: the reader page's, or the embed page's (server/pages/embed-page.ts). */
export interface ReaderBodyOptions {
  /** A query (without `?`, already URL-encoded) every filter and paging link keeps. */
  keepQuery: string;
  /** The "Back to the latest updates" link. */
  latestHref: string;
  /** Show the key-events box (it is rendered hidden otherwise, for the client to find). */
  keyEventsBox: boolean;
}

/** `?` and the kept query joined with `more` (each part already URL-encoded). */
const query = (keep: string, ...more: string[]) => `?${[keep, ...more].filter(Boolean).join("&")}`;

function filterNav(state: ReaderState, keep: string): string {
  const link = (href: string, label: string, current: boolean, filter: string) =>
    `<a href="${escapeHtml(href)}" data-filter="${filter}"${current ? ` aria-current="page"` : ""}>${label}</a>`;
  return (
    `<nav class="filter" aria-label="Filter updates">` +
    link(query(keep), "All updates", state.filter === "all", "all") +
    link(
      query(keep, "only=keyEvents"),
      "Key events only",
      state.filter === "keyEvents",
      "keyEvents",
    ) +
    `</nav>`
  );
}

function olderLink(state: ReaderState, keep: string): string {
  const cursor = state.filter === "keyEvents" ? state.keyNext : state.next;
  const only = state.filter === "keyEvents" ? "only=keyEvents" : "";
  return `<a class="load-older button" href="${escapeHtml(query(keep, only, `before=${cursor ?? ""}`))}"${cursor ? "" : " hidden"}>Load older updates</a>`;
}

/** The entries as the page shows them, from the state the server read. */
const readerModel = (state: ReaderState) =>
  createEntryModel({
    blog: state.blog,
    stream: state.stream,
    pinned: state.pinned,
    keyEvents: state.keyEvents,
    streamHasNewest: state.before === null,
  });

/** The reader's `<main>`: header, key events, pinned entries and the stream, with its live parts. */
export function renderReaderBody(state: ReaderState, options: ReaderBodyOptions): string {
  const { blog } = state;
  const { keepQuery: keep } = options;
  const model = readerModel(state);
  const view = model.view(state.filter);
  const base = `/blogs/${blog.id}`;
  return `<main id="main" class="reader" tabindex="-1" data-blog="${escapeHtml(blog.id)}">
<header class="blog-header">
<p class="blog-meta">${statusBadge(blog.status)}<span class="connection" data-connection hidden></span><span class="readers" data-readers hidden></span></p>
<h1 data-title>${escapeHtml(blog.title)}</h1>
<p class="blog-description" data-description${blog.description ? "" : " hidden"}>${escapeHtml(blog.description)}</p>
<p class="blog-updated">Updated <time datetime="${escapeHtml(blog.updatedAt)}" data-relative data-updated>${formatUtc(blog.updatedAt)}</time> · <a href="${base}/feed.atom">Atom feed</a></p>
</header>
<div class="reader-layout">
<aside class="key-events-panel" aria-labelledby="key-events-title"${options.keyEventsBox ? "" : " hidden"}>
<h2 id="key-events-title">Key events</h2>
<ol class="key-events" data-key-events>${view.keyEvents.map(renderKeyEvent).join("")}</ol>
<p class="muted" data-key-events-empty${view.keyEvents.length ? " hidden" : ""}>No key events yet.</p>
</aside>
<div class="updates-column">
<section class="pinned" aria-labelledby="pinned-title" data-pinned-section${view.pinned.length ? "" : " hidden"}>
<h2 id="pinned-title" class="visually-hidden">Pinned</h2>
<div class="entries" data-pinned>${view.pinned.map(renderEntry).join("")}</div>
</section>
<section id="updates" class="updates" aria-labelledby="updates-title">
<div class="updates-bar"><h2 id="updates-title">Latest updates</h2>${filterNav(state, keep)}</div>
${state.before === null ? "" : `<p class="back-to-latest"><a href="${escapeHtml(options.latestHref)}">Back to the latest updates</a></p>`}
<p class="notice" role="status" data-notice hidden></p>
<button type="button" class="new-updates" data-new-updates hidden></button>
<div class="entries" data-stream>${view.stream.map(renderEntry).join("")}</div>
<p class="muted" data-stream-empty${view.stream.length ? " hidden" : ""}>No updates yet.</p>
${olderLink(state, keep)}
</section>
</div>
</div>
<div class="visually-hidden" aria-live="polite" data-announcer></div>
</main>`;
}

export function renderReaderPage(
  state: ReaderState,
  pageUrl: string,
  assets: PageAssets,
  /** MASTODON_EMBED_INSTANCES, for the client's embed cards. */
  mastodonEmbeds: readonly string[] = [],
  /**
   * PUBLISHER_NAME, _LOGO_URL and _X_ACCOUNT: the JSON-LD's publisher (the client keeps that
   * node as the server rendered it) and the link previews' site.
   */
  publisher: Publisher & SiteOwner,
): string {
  const { blog } = state;
  const model = readerModel(state);
  const base = `/blogs/${blog.id}`;
  const jsonLd = liveBlogPosting(blog, model.latest(), {
    pageUrl,
    images: state.cover.map((image) => image.url),
    publisher: publisherNode(publisher),
  });

  const head = [
    `<meta property="og:type" content="article">`,
    `<link rel="alternate" type="application/atom+xml" title="${escapeHtml(blog.title)} (Atom)" href="${base}/feed.atom">`,
    `<link rel="alternate" type="application/feed+json" title="${escapeHtml(blog.title)} (JSON Feed)" href="${base}/feed.json">`,
    oembedDiscoveryLink(new URL(pageUrl).origin, pageUrl, blog.title),
    `<script type="application/ld+json" id="lb-jsonld">${jsonForScript(jsonLd)}</script>`,
  ].join("\n");

  const body = renderReaderBody(state, {
    keepQuery: "",
    latestHref: base,
    keyEventsBox: true,
  });

  return renderDocument({
    title: `${blog.title}${blog.status === "live" ? " (live)" : ""}`,
    description: blog.description || `Live updates: ${blog.title}`,
    url: pageUrl,
    image: previewImage(state.cover),
    site: publisher,
    language: blog.language,
    head,
    body,
    assets,
    mastodonEmbeds,
    tail: `<script type="application/json" id="${READER_STATE_ELEMENT_ID}">${jsonForScript(state)}</script>`,
  });
}
