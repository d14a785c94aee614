/**
 * Which browser origins may talk to us: those in PUBLIC_ORIGIN, or, when it is unset, the
 * server's own origin (the Host the browser addressed). Used for socket handshakes, for
 * cookie-authenticated writes, and for readers' votes and reactions: the things a foreign page
 * could otherwise do in a reader's or an editor's name.
 */
import type { Request } from "express";
import { forbidden } from "../errors.js";

export function isAllowedOrigin(
  origin: string,
  host: string | undefined,
  publicOrigins: readonly string[],
): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (publicOrigins.length > 0) return publicOrigins.includes(parsed.origin);
  return host !== undefined && parsed.host === host.toLowerCase();
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Throws 403 for a write a browser sent from a page of another site (Sec-Fetch-Site cross-site,
 * or an Origin that is not allowed). A request without either is not from a browser's page (a
 * script, curl), which no cookie of a reader or editor rides along with.
 */
export function refuseForeignWrite(req: Request, publicOrigins: readonly string[]): void {
  if (SAFE_METHODS.has(req.method)) return;
  if (req.get("sec-fetch-site") === "cross-site")
    throw forbidden("Cross-site requests may not change anything.");
  const origin = req.get("origin");
  if (origin && !isAllowedOrigin(origin, req.get("host"), publicOrigins)) {
    throw forbidden(`Requests from ${origin} may not change anything here.`);
  }
}
