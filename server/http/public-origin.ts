/**
 * The origin of every absolute URL the server writes: canonical link, og:url, JSON-LD `@id`,
 * feed ids and links. It is the first of PUBLIC_ORIGIN, so that a forged Host header cannot
 * put another site's address into a page that caches share, nor change an Atom id, which must
 * never change.
 *
 * Without PUBLIC_ORIGIN (embedded mode only: the configuration refuses REDIS_URL without it)
 * the request's scheme and Host stand in. The response then says that it varies with them, and
 * the caller must put the origin into its ETag and any cache key, so that a page made for one
 * host is never served for another.
 */
import { createHash } from "node:crypto";
import type { Request, Response } from "express";

/** Gives the origin for one response: `(req, res) => "https://live.example.com"`. */
export type PublicOrigin = (req: Request, res: Response) => string;

export function publicOrigin(publicOrigins: readonly string[]): PublicOrigin {
  const configured = publicOrigins[0];
  if (configured) return () => configured;
  return (req, res) => {
    // req.protocol follows X-Forwarded-Proto only with TRUST_PROXY; Host is the browser's own.
    res.vary("Host");
    res.vary("X-Forwarded-Proto");
    return `${req.protocol}://${req.get("host") ?? "localhost"}`;
  };
}

/** An origin in an ETag: short, and safe whatever a Host header held. */
export const originTag = (origin: string) =>
  createHash("sha1").update(origin).digest("base64url").slice(0, 8);
