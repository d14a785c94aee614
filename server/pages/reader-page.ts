/**
 * The reader page, rendered on the server first: it works without JavaScript and is crawlable.
 * The client then takes over the same markup (same renderer, same model, same state as JSON).
 */
import { engagementIn } from "../../shared/engagement-model.js";
import { createEntryModel } from "../../shared/entry-model.js";
import { escapeHtml, jsonForScript } from "../../shared/html.js";
import { liveBlogPosting, publisherNode, type Publisher } from "../../shared/json-ld.js";
import { READER_STATE_ELEMENT_ID, type CoverImage } from "../../shared/page-state.js";
import { createI18n, type I18n } from "../../shared/i18n/i18n.js";
import { pageTitle, renderEntry, renderKeyEvent, timeMarkup } from "../../shared/render.js";
import { oembedDiscoveryLink } from "../embed/snippet.js";
import type { PageAssets } from "./assets.js";
import { previewImage } from "./cover.js";
import { renderDocument, type SiteOwner } from "./layout.js";
import type { ReaderState } from "./reader-state.js";
import type { Blog, Entry } from "../../shared/schemas.js";

function statusBadge(status: "live" | "ended", i18n: I18n): string {
  const text = escapeHtml(i18n.t(status === "live" ? "blog.live" : "blog.ended"));
  return `<span class="status status-${status}" data-status>${text}</span>`;
}

/** The page's description: the blog's own, or a sentence made of its title. */
export const pageDescription = (blog: Pick<Blog, "title" | "description">, i18n: I18n) =>
  blog.description || i18n.t("page.descriptionFallback", { title: blog.title });

/** How the page's own links are drawn: the reader page's, or the embed page's (server/pages/embed-page.ts). */
export interface ReaderBodyOptions {
  /** A query (without `?`, already URL-encoded) every filter and paging link keeps. */
  keepQuery: string;
  /** The "Back to the latest updates" link. */
  latestHref: string;
  /** Show the key-events box (it is rendered hidden otherwise, for the client to find). */
  keyEventsBox: boolean;
  /**
   * Keep a place in the header for "Notify me of key events" (client/reader/notifications.ts), so
   * that the button the client puts there moves nothing (the embed page offers none).
   */
  notifySlot: boolean;
  /** The embed frame's: it sets no cookie, and says so under each poll. */
  cookieless?: boolean;
}

/** `?` and the kept query joined with `more` (each part already URL-encoded). */
const query = (keep: string, ...more: string[]) => `?${[keep, ...more].filter(Boolean).join("&")}`;

function filterNav(state: ReaderState, keep: string, i18n: I18n): string {
  const link = (href: string, label: string, current: boolean, filter: string) =>
    `<a href="${escapeHtml(href)}" data-filter="${filter}"${current ? ` aria-current="page"` : ""}>${escapeHtml(label)}</a>`;
  return (
    `<nav class="filter" aria-label="${escapeHtml(i18n.t("updates.filterLabel"))}">` +
    link(query(keep), i18n.t("updates.all"), state.filter === "all", "all") +
    link(
      query(keep, "only=keyEvents"),
      i18n.t("updates.keyEventsOnly"),
      state.filter === "keyEvents",
      "keyEvents",
    ) +
    `</nav>`
  );
}

function olderLink(state: ReaderState, keep: string, i18n: I18n): string {
  const cursor = state.filter === "keyEvents" ? state.keyNext : state.next;
  const only = state.filter === "keyEvents" ? "only=keyEvents" : "";
  return `<a class="load-older button" href="${escapeHtml(query(keep, only, `before=${cursor ?? ""}`))}"${cursor ? "" : " hidden"}>${escapeHtml(i18n.t("updates.loadOlder"))}</a>`;
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
  const i18n = createI18n(state.locale);
  const t = (key: Parameters<I18n["t"]>[0]) => escapeHtml(i18n.t(key));
  const nowMs = Date.now();
  const entries = (list: readonly Entry[]) =>
    list
      .map((entry) =>
        renderEntry(entry, i18n, {
          mode: "page",
          nowMs,
          entry: engagementIn(state.tallies, entry),
          cookieless: options.cookieless,
        }),
      )
      .join("");
  const model = readerModel(state);
  const view = model.view(state.filter);
  const base = `/blogs/${blog.id}`;
  const updated = i18n.html("blog.updated", {
    time: `<span data-updated>${timeMarkup(blog.updatedAt, i18n)}</span>`,
  });
  return `<main id="main" class="reader" tabindex="-1" data-blog="${escapeHtml(blog.id)}">
<header class="blog-header">
<p class="blog-meta">${statusBadge(blog.status, i18n)}<span class="connection" data-connection hidden></span><span class="readers" data-readers hidden></span></p>
<h1 data-title>${escapeHtml(blog.title)}</h1>
<p class="blog-description" data-description${blog.description ? "" : " hidden"}>${escapeHtml(blog.description)}</p>
<p class="blog-updated">${updated} · <a href="${base}/feed.atom">${t("blog.atomFeed")}</a></p>
${options.notifySlot ? `<p class="notify" data-notify></p>\n` : ""}</header>
<div class="reader-layout">
<aside class="key-events-panel" aria-labelledby="key-events-title"${options.keyEventsBox ? "" : " hidden"}>
<h2 id="key-events-title">${t("keyEvents.title")}</h2>
<ol class="key-events" data-key-events>${view.keyEvents.map((entry) => renderKeyEvent(entry, i18n)).join("")}</ol>
<p class="muted" data-key-events-empty${view.keyEvents.length ? " hidden" : ""}>${t("keyEvents.empty")}</p>
</aside>
<div class="updates-column">
<section class="pinned" aria-labelledby="pinned-title" data-pinned-section${view.pinned.length ? "" : " hidden"}>
<h2 id="pinned-title" class="visually-hidden">${t("pinned.title")}</h2>
<div class="entries" data-pinned>${entries(view.pinned)}</div>
</section>
<section id="updates" class="updates" aria-labelledby="updates-title">
<div class="updates-bar"><h2 id="updates-title">${t("updates.title")}</h2>${filterNav(state, keep, i18n)}</div>
${state.before === null ? "" : `<p class="back-to-latest"><a href="${escapeHtml(options.latestHref)}">${t("updates.backToLatest")}</a></p>`}
<p class="notice" role="status" data-notice hidden></p>
<button type="button" class="new-updates" data-new-updates hidden></button>
<div class="entries" data-stream>${entries(view.stream)}</div>
<p class="muted" data-stream-empty${view.stream.length ? " hidden" : ""}>${t("updates.empty")}</p>
${olderLink(state, keep, i18n)}
</section>
</div>
</div>
<div class="visually-hidden" aria-live="polite" data-announcer></div>
</main>`;
}

/** What link previews show of a page: the blog by default, one entry on its own page. */
export interface PagePreview {
  title: string;
  description: string;
  /** The canonical address (and og:url). */
  url: string;
  image: CoverImage | null;
}

export function renderReaderPage(
  state: ReaderState,
  /** The blog's reader page: the JSON-LD's @id, whichever page shows it. */
  pageUrl: string,
  assets: PageAssets,
  /** MASTODON_EMBED_INSTANCES, for the client's embed cards. */
  mastodonEmbeds: readonly string[] = [],
  /**
   * PUBLISHER_NAME, _LOGO_URL and _X_ACCOUNT: the JSON-LD's publisher (the client keeps that
   * node as the server rendered it) and the link previews' site.
   */
  publisher: Publisher & SiteOwner,
  /** An entry's page (entry-page.ts) previews the entry; the reader page the blog. */
  preview?: PagePreview,
): string {
  const { blog } = state;
  const i18n = createI18n(state.locale);
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
    notifySlot: true,
  });

  return renderDocument({
    title: preview?.title ?? pageTitle(blog, i18n),
    description: preview?.description ?? pageDescription(blog, i18n),
    i18n,
    url: preview?.url ?? pageUrl,
    image: preview ? preview.image : previewImage(state.cover),
    site: publisher,
    head,
    body,
    assets,
    mastodonEmbeds,
    tail: `<script type="application/json" id="${READER_STATE_ELEMENT_ID}">${jsonForScript(state)}</script>`,
  });
}
