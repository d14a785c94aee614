/**
 * HTTP caching for pages, feeds and entry lists. Everything public is safe to serve a little
 * stale: the live client catches up from the seq the page carries, so a CDN may keep a page for
 * seconds and refresh it in the background. ETags make revalidation a cheap 304.
 */
import type { Request, RequestHandler, Response } from "express";

/** Short freshness with a long background-refresh window: the page is never more than 5 s behind at the edge, and never slow. */
export const PUBLIC_SHORT = "public, max-age=5, stale-while-revalidate=60";

/**
 * Sets a validator from what the response depends on (for a blog page: its seq and the build) and
 * answers 304 when the client already has it, before the page is rendered at all.
 */
export function notModified(req: Request, res: Response, parts: readonly unknown[]): boolean {
  res.set("Cache-Control", PUBLIC_SHORT);
  res.set("ETag", `W/"${parts.map(String).join("-")}"`);
  // The 200 is compressed by Accept-Encoding, and a 304 must name the same Vary (RFC 9110 15.4.5).
  res.vary("Accept-Encoding");
  if (req.fresh) {
    res.status(304).end();
    return true;
  }
  return false;
}

/** For GET routes whose JSON Express already tags with an ETag: let caches keep it briefly. */
export const publicShortCache: RequestHandler = (req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") res.set("Cache-Control", PUBLIC_SHORT);
  next();
};

/**
 * Rendered pages by what they depend on (the parts of their ETag): under a spike of readers a
 * blog's page is rendered once per seq instead of once per request (and compressed once per
 * coding, server/http/compression.ts), and requests that arrive while it renders wait for that
 * one render. Bounded: the least recently used page goes first.
 */
export function createRenderCache<Page>(maxPages = 100) {
  const pages = new Map<string, Promise<Page>>();
  return {
    get(parts: readonly unknown[], render: () => Promise<Page>): Promise<Page> {
      const key = parts.map(String).join("\u0000");
      let page = pages.get(key);
      if (page) pages.delete(key);
      else {
        page = render();
        page.catch(() => pages.delete(key));
      }
      pages.set(key, page);
      if (pages.size > maxPages) pages.delete(pages.keys().next().value!);
      return page;
    },
  };
}
