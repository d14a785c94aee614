/**
 * The HTML side of the app: `/`, the reader page `/blogs/:blogId`, an entry's page
 * `/blogs/:blogId/entries/:entryId`, the feeds, `/admin`, the
 * built client under `/assets`, and the host pages' loader `/embed.js`. Pages are server-rendered with ETag and short public caching;
 * errors come out as small HTML pages rather than the API's JSON.
 */
import { createHash } from "node:crypto";
import cookieParser from "cookie-parser";
import {
  Router,
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
} from "express";
import type { Logger } from "pino";
import { embedFrameOrigins } from "../../shared/embeds/providers.js";
import type { Publisher } from "../../shared/json-ld.js";
import { jsonForScript } from "../../shared/html.js";
import { blogIdSchema, entryIdSchema, type Blog } from "../../shared/schemas.js";
import { entryPermalink } from "../../shared/share.js";
import type { Identity } from "../auth/roles.js";
import { sessionOf } from "../auth/service.js";
import type { BlogService } from "../blogs/service.js";
import { AppError, logFailure, notFound } from "../errors.js";
import { reusableBody, sendReusable, type ReusableBody } from "../http/compression.js";
import { originTag, publicOrigin } from "../http/public-origin.js";
import { framableBy, framing } from "../http/security-headers.js";
import { ADMIN_ROBOTS, renderAdminPage } from "./admin-page.js";
import type { Assets } from "./assets.js";
import { createRenderCache, notModified } from "./cache.js";
import { embedQuery, parseEmbedOptions } from "./embed-options.js";
import { renderEmbedMissing, renderEmbedPage } from "./embed-page.js";
import { loadEntryPageState, renderEntryPage } from "./entry-page.js";
import { FEED_SIZE, jsonFeed, renderAtom } from "./feeds.js";
import { splitArchived } from "./archive.js";
import { renderArchivePage, renderIndexPage } from "./index-page.js";
import { negotiateLanguage } from "../i18n/locales.js";
import { renderMessagePage, type SiteOwner } from "./layout.js";
import { renderReaderPage } from "./reader-page.js";
import { coverImages, loadCover } from "./cover.js";
import { loadReaderState } from "./reader-state.js";
import type { TalliesReader } from "../engagement/tallies-reader.js";
import type { MediaCatalog } from "../store/port.js";
import { pageTallies, type PageTallies } from "./page-tallies.js";

export interface PageDeps {
  blogs: BlogService;
  assets: Assets;
  /** PUBLIC_ORIGIN: the first one is the origin of every absolute URL (feeds, og:url, JSON-LD). */
  publicOrigins: readonly string[];
  log: Logger;
  /** Who is logged in by the request's session cookie (server/auth sessionEditor). */
  editorOf(req: Request): Promise<Identity | null>;
  /** EMBED_ORIGINS: who may frame the embed page (["*"]: anyone). */
  embedOrigins: readonly string[];
  /** The pictures' records: blogs' covers. */
  media: MediaCatalog;
  /** MASTODON_EMBED_INSTANCES: the Mastodon servers embed cards may load posts from. */
  mastodonEmbeds: readonly string[];
  /** ARCHIVE_AFTER_DAYS: ended blogs leave `/` for `/archive` this long after they ended. */
  archiveAfterDays: number;
  /** PUBLISHER_*: the publisher the reader page's JSON-LD and link previews name. */
  publisher: Publisher & SiteOwner;
  /** Readers' votes and reactions, which the blog's pages show as they are rendered. */
  counts: Pick<TalliesReader, "recent">;
}

const CURSOR = /^[0-9]{1,15}$/;

/** The reader page's own query (filter and paging cursor), shared by the page and its embed. */
const readerQuery = (req: Request) => ({
  filter: req.query.only === "keyEvents" ? ("keyEvents" as const) : ("all" as const),
  before:
    typeof req.query.before === "string" && CURSOR.test(req.query.before)
      ? req.query.before
      : undefined,
});

export function pageRoutes({
  blogs,
  assets,
  publicOrigins,
  log,
  editorOf,
  embedOrigins,
  media,
  mastodonEmbeds,
  archiveAfterDays,
  publisher,
  counts: talliesReader,
}: PageDeps): Router {
  const router = Router();
  // Pages that show entries may frame the embed providers, and only them (docs/EMBED-CARDS.md).
  const embedFrames = framing(embedFrameOrigins(mastodonEmbeds));
  const readerPages = createRenderCache<ReusableBody>();
  // Apart, so that a crawler walking many entries' pages does not push the reader pages out.
  const entryPages = createRenderCache<ReusableBody>();
  /**
   * The ETag parts of a page of `blog`: it changes with every change to the blog (with createdAt:
   * a blog deleted and made again under its id counts its seq from 0 again), with the built
   * client, and with the origin its absolute URLs name.
   */
  const blogPageTag = (
    kind: string,
    blog: Pick<Blog, "id" | "createdAt" | "seq">,
    origin: string,
    ...parts: string[]
  ) => [kind, blog.id, blog.createdAt, blog.seq, ...parts, assets.version(), originTag(origin)];
  const originOf = publicOrigin(publicOrigins);
  const countsOf = pageTallies(talliesReader, log);
  const stateDeps = (origin: string, counts: PageTallies) => ({
    blogs,
    media,
    origin,
    tallies: async () => counts.tallies,
  });
  const blogIdOf = (req: Request) => {
    const parsed = blogIdSchema.safeParse(req.params.blogId);
    if (!parsed.success) throw notFound("This blog");
    return parsed.data;
  };
  /**
   * A page handler: `render` returns the HTML (a cached page compressed once per coding, not per
   * request), or null when it already answered (304).
   */
  const html: (
    render: (req: Request, res: Response) => Promise<string | ReusableBody | null>,
  ) => RequestHandler = (render) => async (req, res) => {
    const page = await render(req, res);
    if (typeof page === "string") res.type("html").send(page);
    else if (page !== null) await sendReusable(req, res.type("html"), page);
  };

  router.use("/assets", assets.staticHandler());
  router.get("/embed.js", assets.embedScriptHandler());

  /** `/` and `/archive`: one list each of the blogs, split by archive.ts. */
  const blogList = (which: "current" | "archived") =>
    html(async (req, res) => {
      const split = splitArchived(await blogs.listBlogs(), archiveAfterDays, Date.now());
      const list = split[which];
      // Which blogs are archived changes with time alone: it is part of what the page shows.
      const digest = createHash("sha1")
        .update(which)
        .update(list.map((b) => `${b.id}:${b.seq}:${b.status}:${b.updatedAt}`).join(","))
        .update(`:${split.archived.length}`)
        .digest("base64url")
        .slice(0, 16);
      const origin = originOf(req, res);
      if (notModified(req, res, ["i", digest, assets.version(), originTag(origin)])) return null;
      const covers = await media.getManyMedia(
        list.flatMap((blog) => (blog.cover ? [blog.cover] : [])),
      );
      const page = { blogs: list, covers, assets: assets.forEntry("index") };
      return which === "current"
        ? renderIndexPage({ ...page, url: `${origin}/`, archivedCount: split.archived.length })
        : renderArchivePage({ ...page, url: `${origin}/archive`, days: archiveAfterDays });
    });
  router.get("/", blogList("current"));
  // With ARCHIVE_AFTER_DAYS=0 nothing is ever archived, and there is no archive page.
  if (archiveAfterDays > 0) router.get("/archive", blogList("archived"));

  router.get(
    "/blogs/:blogId",
    embedFrames,
    html(async (req, res) => {
      const blog = await blogs.requireBlog(blogIdOf(req));
      const { filter, before } = readerQuery(req);
      const origin = originOf(req, res);
      const counts = await countsOf(blog.id);
      const tag = blogPageTag("r", blog, origin, filter, before ?? "", counts.tag);
      if (notModified(req, res, tag)) return null;
      const pageUrl = `${origin}/blogs/${blog.id}`;
      return readerPages.get([...tag, pageUrl], async () => {
        const state = await loadReaderState(stateDeps(origin, counts), blog, { filter, before });
        return reusableBody(
          renderReaderPage(state, pageUrl, assets.forEntry("reader"), mastodonEmbeds, publisher),
        );
      });
    }),
  );

  // What a shared link opens: the blog at that entry, previewed as the entry (entry-page.ts).
  router.get(
    "/blogs/:blogId/entries/:entryId",
    embedFrames,
    html(async (req, res) => {
      const blog = await blogs.requireBlog(blogIdOf(req));
      const entryId = entryIdSchema.safeParse(req.params.entryId);
      if (!entryId.success) throw notFound("This entry");
      // A draft is not found either: the same answer, so that no id of one leaks.
      const entry = await blogs.getEntry(blog.id, entryId.data);
      const origin = originOf(req, res);
      const counts = await countsOf(blog.id);
      const tag = blogPageTag("p", blog, origin, entry.id, counts.tag);
      if (notModified(req, res, tag)) return null;
      const urls = {
        origin,
        blog: `${origin}/blogs/${blog.id}`,
        entry: entryPermalink(origin, blog.id, entry.id),
      };
      return entryPages.get([...tag, urls.entry], async () => {
        const state = await loadEntryPageState(stateDeps(origin, counts), blog, entry);
        return reusableBody(
          renderEntryPage(state, entry, urls, assets.forEntry("reader"), mastodonEmbeds, publisher),
        );
      });
    }),
  );

  router.get(
    "/blogs/:blogId/embed",
    framableBy(embedOrigins),
    embedFrames,
    html(async (req, res) => {
      const options = parseEmbedOptions(req.query);
      const blog = await blogs.requireBlog(blogIdOf(req)).catch((err: unknown) => {
        if (err instanceof AppError && err.status === 404) return null;
        throw err;
      });
      if (!blog) {
        // Inside someone's article: a small state the frame can size, not the site's 404 page.
        res.status(404).set("Cache-Control", "no-store");
        return renderEmbedMissing(options, assets.forEntry("embed-frame"));
      }
      const { filter, before } = readerQuery(req);
      const origin = originOf(req, res);
      const counts = await countsOf(blog.id);
      const tag = blogPageTag(
        "e",
        blog,
        origin,
        filter,
        before ?? "",
        embedQuery(options),
        counts.tag,
      );
      if (notModified(req, res, tag)) return null;
      return readerPages.get([...tag, origin], async () => {
        const state = await loadReaderState(stateDeps(origin, counts), blog, {
          filter,
          before,
          limit: options.limit,
        });
        const readerUrl = `${origin}/blogs/${blog.id}`;
        return reusableBody(
          renderEmbedPage(
            state,
            options,
            readerUrl,
            assets.forEntry("embed-frame"),
            mastodonEmbeds,
          ),
        );
      });
    }),
  );

  const feedInput = async (req: Request, res: Response, kind: string) => {
    const blog = await blogs.requireBlog(blogIdOf(req));
    const origin = originOf(req, res);
    if (notModified(req, res, [kind, blog.id, blog.createdAt, blog.seq, originTag(origin)]))
      return null;
    const [page, cover] = await Promise.all([
      blogs.listEntries(blog.id, { limit: FEED_SIZE }),
      loadCover(media, blog),
    ]);
    return {
      blog,
      cover: coverImages(cover, origin),
      entries: page.entries,
      pageUrl: `${origin}/blogs/${blog.id}`,
    };
  };
  router.get("/blogs/:blogId/feed.atom", async (req, res) => {
    const input = await feedInput(req, res, "atom");
    if (input) res.type("application/atom+xml").send(renderAtom(input));
  });
  router.get("/blogs/:blogId/feed.json", async (req, res) => {
    const input = await feedInput(req, res, "json");
    if (input) res.type("application/feed+json").send(jsonForScript(jsonFeed(input)));
  });

  router.get(
    "/admin",
    cookieParser(),
    embedFrames,
    html(async (req, res) => {
      const editor = await editorOf(req);
      // The page names who is logged in: for this browser only, and never a stale copy.
      res.set({
        "Cache-Control": "private, no-cache",
        "X-Robots-Tag": ADMIN_ROBOTS,
        Vary: "Accept-Language",
      });
      return renderAdminPage(
        assets.forEntry("admin"),
        editor && sessionOf(editor),
        negotiateLanguage(req.get("accept-language"), "en"),
        mastodonEmbeds,
      );
    }),
  );

  router.use((req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    res
      .status(404)
      .type("html")
      .send(
        renderMessagePage(
          "Page not found",
          "There is nothing at this address.",
          assets.forEntry("index"),
        ),
      );
  });

  const pageErrors: ErrorRequestHandler = (err, req, res, next) => {
    if (req.path.startsWith("/api/") || res.headersSent) return next(err);
    const known = err instanceof AppError ? err : null;
    const status = known?.status ?? 500;
    logFailure(log, err, { url: req.url }, "page failed");
    const [title, message] =
      status === 404
        ? ["Not found", known!.message]
        : status === 503
          ? ["Temporarily unavailable", "The blog cannot be read right now. Try again in a moment."]
          : ["Something went wrong", "This page could not be shown; the error has been logged."];
    res
      .status(status)
      .set("Cache-Control", "no-store")
      .type("html")
      .send(renderMessagePage(title, message, assets.forEntry("index")));
  };
  router.use(pageErrors);

  return router;
}
