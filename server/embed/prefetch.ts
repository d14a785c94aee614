/**
 * The SEO prefetch fragment, `GET /blogs/:blogId/embed.html`: the newest entries as plain HTML,
 * for a CMS to include server-side in its article, so that crawlers and readers without
 * JavaScript get the content in the host page's own HTML. It ends with the script tag; when
 * `/embed.js` runs it replaces the `[data-liveblog-prefetch]` element (the tag's previous
 * sibling) with the live frame.
 *
 * Plain semantic markup with no class the host page's CSS must know: it reads as the host's own
 * text. The JSON-LD comes before the element rather than inside it, so that it stays in the
 * host page once the frame has replaced the element (crawlers that run scripts see it too).
 */
import { Router, type ErrorRequestHandler, type Request } from "express";
import type { Logger } from "pino";
import { HOST_PERMALINK_PREFIX } from "../../shared/embed-protocol.js";
import { embedCardsAsLinks } from "../../shared/embeds/card.js";
import { escapeHtml, jsonForScript } from "../../shared/html.js";
import { createI18n, type I18n } from "../../shared/i18n/i18n.js";
import { liveBlogPosting, publisherNode, type Publisher } from "../../shared/json-ld.js";
import { authorNames, entryElementId } from "../../shared/render.js";
import { blogIdSchema, type Blog, type Entry } from "../../shared/schemas.js";
import type { BlogService } from "../blogs/service.js";
import { AppError, logFailure, notFound } from "../errors.js";
import { reusableBody, sendReusable, type ReusableBody } from "../http/compression.js";
import { originTag, publicOrigin } from "../http/public-origin.js";
import { createRenderCache, notModified } from "../pages/cache.js";
import { withAbsoluteMediaUrls } from "../pages/media-urls.js";
import { localeOf } from "../i18n/locales.js";
import { embedSnippet } from "./snippet.js";

/** How many of the newest entries the fragment carries: as many as the JSON-LD. */
export const PREFETCH_ENTRIES = 20;
/** Part of the ETag: bumped when the markup changes, so caches do not keep the old one. */
const FRAGMENT_VERSION = 2;

/** A time as the fragment shows it: absolute, in the blog's zone (no script keeps it relative). */
const plainTime = (iso: string, i18n: I18n) =>
  `<time datetime="${escapeHtml(iso)}">${escapeHtml(i18n.dayAndTime(iso))}</time>`;

function plainEntry(entry: Entry, pageUrl: string, i18n: I18n): string {
  const permalink = `${pageUrl}#${entryElementId(entry.id)}`;
  const marks = [
    entry.pinned ? i18n.t("entry.pinned") : "",
    entry.keyEvent ? i18n.t("entry.keyEvent") : "",
  ]
    .filter(Boolean)
    .map((mark) => ` · <strong>${escapeHtml(mark)}</strong>`)
    .join("");
  return (
    // The id a host page's #lb-entry-<id> names: without JavaScript the browser scrolls to it.
    `<article id="${escapeHtml(HOST_PERMALINK_PREFIX + entry.id)}">\n` +
    `<p><a href="${escapeHtml(permalink)}">${plainTime(entry.createdAt, i18n)}</a>${marks}</p>\n` +
    (entry.headline ? `<h3>${escapeHtml(entry.headline)}</h3>\n` : "") +
    // Sanitized on the server when it was written; embed cards as links, since the host page
    // runs no consent gate (the live frame that replaces the fragment does); pictures at
    // absolute URLs, since they are on this server, not on the host page's.
    `<div>${withAbsoluteMediaUrls(embedCardsAsLinks(entry.html), new URL(pageUrl).origin)}</div>\n` +
    `<p>${escapeHtml(i18n.t("entry.byline", { names: i18n.list(authorNames(entry)) }))}</p>\n` +
    `</article>\n`
  );
}

/** The fragment for a blog and its newest entries; `origin` is the public origin. */
export function renderPrefetchFragment(
  blog: Blog,
  entries: readonly Entry[],
  origin: string,
  /** PUBLISHER_NAME and PUBLISHER_LOGO_URL, for the JSON-LD. */
  publisher: Publisher,
): string {
  const pageUrl = `${origin}/blogs/${blog.id}`;
  const i18n = createI18n(localeOf(blog));
  const status = escapeHtml(i18n.t(blog.status === "live" ? "blog.live" : "blog.ended"));
  const jsonLd = liveBlogPosting(blog, entries, { pageUrl, publisher: publisherNode(publisher) });
  return (
    `<script type="application/ld+json">${jsonForScript(jsonLd)}</script>\n` +
    `<div data-liveblog-prefetch="${escapeHtml(blog.id)}" class="liveblog-prefetch" lang="${escapeHtml(blog.language)}" dir="${i18n.dir}">\n` +
    `<h2><a href="${escapeHtml(pageUrl)}">${escapeHtml(blog.title)}</a></h2>\n` +
    (blog.description ? `<p>${escapeHtml(blog.description)}</p>\n` : "") +
    `<p>${status} · ${i18n.html("blog.updated", { time: plainTime(blog.updatedAt, i18n) })}</p>\n` +
    (entries.length
      ? entries.map((entry) => plainEntry(entry, pageUrl, i18n)).join("")
      : `<p>${escapeHtml(i18n.t("updates.empty"))}</p>\n`) +
    `<p><a href="${escapeHtml(pageUrl)}">${escapeHtml(i18n.t("entry.seeAll"))}</a></p>\n` +
    `</div>\n` +
    `${embedSnippet(origin, blog.id)}\n`
  );
}

export interface PrefetchDeps {
  blogs: BlogService;
  publicOrigins: readonly string[];
  log: Logger;
  publisher: Publisher;
}

const PATH = "/blogs/:blogId/embed.html";

export function prefetchRoutes({ blogs, publicOrigins, log, publisher }: PrefetchDeps): Router {
  const router = Router();
  const originOf = publicOrigin(publicOrigins);
  const fragments = createRenderCache<ReusableBody>();
  const blogIdOf = (req: Request) => {
    const parsed = blogIdSchema.safeParse(req.params.blogId);
    if (!parsed.success) throw notFound("This blog");
    return parsed.data;
  };

  router.get(PATH, async (req, res) => {
    // A CMS's browser-side code may fetch it as well as its server; the content is public.
    res.set("Access-Control-Allow-Origin", "*");
    const blog = await blogs.requireBlog(blogIdOf(req));
    const origin = originOf(req, res);
    const tag = ["p", blog.id, blog.seq, FRAGMENT_VERSION, originTag(origin)];
    if (notModified(req, res, tag)) return;
    const fragment = await fragments.get([...tag, origin], async () => {
      const page = await blogs.listEntries(blog.id, { limit: PREFETCH_ENTRIES });
      return reusableBody(renderPrefetchFragment(blog, page.entries, origin, publisher));
    });
    await sendReusable(req, res.type("html"), fragment);
  });

  // A CMS that includes whatever it gets must not include a whole error page: one sentence.
  const fragmentErrors: ErrorRequestHandler = (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const known = err instanceof AppError ? err : null;
    logFailure(log, err, { url: req.url }, "prefetch fragment failed");
    const message =
      known?.status === 404 ? known.message : "This live blog cannot be shown right now.";
    res
      .status(known?.status ?? 500)
      .set("Cache-Control", "no-store")
      .type("html")
      .send(`<p class="liveblog-prefetch-error">${escapeHtml(message)}</p>\n`);
  };
  router.use(PATH, fragmentErrors);

  return router;
}
