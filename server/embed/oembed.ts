/**
 * The oEmbed 1.0 provider (https://oembed.com): `GET /oembed?url=<reader page>&format=json`
 * answers a `rich` embed whose html is the script tag, so that a CMS that consumes oEmbed
 * (WordPress with the provider registered, Ghost, Drupal's oEmbed module) embeds a pasted link
 * to a reader page. Only this server's own reader pages are answered: the snippet and
 * provider_url always name the public origin, never whatever the `url` or a Host header said.
 */
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { blogIdSchema } from "../../shared/schemas.js";
import type { BlogService } from "../blogs/service.js";
import { notFound, notImplemented } from "../errors.js";
import { sendError } from "../http/errors.js";
import { publicOrigin } from "../http/public-origin.js";
import { parse } from "../http/validate.js";
import { embedSnippet } from "./snippet.js";

/** The provider's name in every answer (there is no site-name setting yet). */
export const PROVIDER_NAME = "liveblog";
/** The frame's size when the consumer sets no maximum; the loader then fits it to its content. */
export const OEMBED_DEFAULT_SIZE = { width: 600, height: 800 } as const;
/**
 * How long an answer may be kept (s), by HTTP caches and by the consumer (`cache_age`): the
 * snippet never changes, only the blog's title may.
 */
export const OEMBED_CACHE_SECONDS = 300;

const dimension = z.coerce.number().int().min(1).max(100_000).optional();
const querySchema = z.object({
  url: z.string().min(1).max(2_000),
  format: z.string().max(32).optional(),
  maxwidth: dimension,
  maxheight: dimension,
});

/** An oEmbed 1.0 `rich` answer. */
export interface OEmbedRich {
  type: "rich";
  version: "1.0";
  title: string;
  provider_name: string;
  provider_url: string;
  html: string;
  width: number;
  height: number;
  cache_age: number;
}

const READER_PATH = /^\/blogs\/([^/]+)\/?$/;

/**
 * The blog id of a reader page URL on one of `origins` (`https://live.example.com/blogs/<id>`,
 * with or without a trailing slash, query or hash), or null for anything else.
 */
export function readerPageBlogId(url: string, origins: readonly string[]): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.username || parsed.password || !origins.includes(parsed.origin)) return null;
  const id = READER_PATH.exec(parsed.pathname)?.[1];
  const valid = blogIdSchema.safeParse(id);
  return valid.success ? valid.data : null;
}

export interface OEmbedDeps {
  blogs: BlogService;
  /** PUBLIC_ORIGIN: a reader page on any of them is answered; the first is the one written. */
  publicOrigins: readonly string[];
}

export function oembedRoutes({ blogs, publicOrigins }: OEmbedDeps): Router {
  const router = Router();
  const originOf = publicOrigin(publicOrigins);
  /** The origins whose reader pages are ours: the configured ones, else the request's own. */
  const ownOrigins = (req: Request, res: Response) =>
    publicOrigins.length > 0 ? publicOrigins : [originOf(req, res)];

  router.get("/oembed", async (req, res) => {
    // Consumers may call from a browser (an editor's preview); the answer is public anyway.
    res.set("Access-Control-Allow-Origin", "*");
    const query = parse(querySchema, req.query, "oEmbed query");
    if ((query.format ?? "json") !== "json") {
      // Expected of consumers that try XML first: answered, not logged as a server failure.
      sendError(res, notImplemented("This provider answers format=json only."));
      return;
    }
    const blogId = readerPageBlogId(query.url, ownOrigins(req, res));
    if (blogId === null) throw notFound("A live blog at this url");
    const blog = await blogs.requireBlog(blogId);
    const origin = originOf(req, res);
    const answer: OEmbedRich = {
      type: "rich",
      version: "1.0",
      title: blog.title,
      provider_name: PROVIDER_NAME,
      provider_url: `${origin}/`,
      html: embedSnippet(origin, blog.id),
      width: Math.min(OEMBED_DEFAULT_SIZE.width, query.maxwidth ?? Infinity),
      height: Math.min(OEMBED_DEFAULT_SIZE.height, query.maxheight ?? Infinity),
      cache_age: OEMBED_CACHE_SECONDS,
    };
    res.set("Cache-Control", `public, max-age=${OEMBED_CACHE_SECONDS}`).json(answer);
  });

  return router;
}
