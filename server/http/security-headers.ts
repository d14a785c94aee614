/**
 * The security headers of every response, in one place: Express's (pages, API, assets) and
 * engine.io's own HTTP answers (Socket.IO long-polling), which never pass through Express.
 *
 * HSTS goes out on secure requests only: on plain http it means nothing to a browser, and behind
 * a TLS-terminating proxy the request is secure only when a trusted hop said `https`
 * (TRUST_PROXY), so a plain-http hop or a forged header never sends it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { RequestHandler } from "express";
import helmet from "helmet";

/** helmet's value: a year, subdomains included. */
export const HSTS = "max-age=31536000; includeSubDomains";

/**
 * Powerful features a news page never uses, denied to the page and to anything it embeds. Only
 * names Chromium knows (an unknown one logs a warning on every page; tests/e2e checks), and
 * browsing-topics rather than FLoC's retired interest-cohort. Fullscreen and autoplay stay
 * allowed, for embedded video.
 */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "browsing-topics=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "hid=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "serial=()",
  "usb=()",
  "xr-spatial-tracking=()",
].join(", ");

/** Express's compiled TRUST_PROXY (`app.get("trust proxy fn")`). */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * helmet, Permissions-Policy, and HSTS on secure requests; `connectSrc` adds to CSP's 'self'.
 * `mediaUrl` (MEDIA_PUBLIC_URL) is where pictures come from when a CDN serves them: https:
 * already allows it, its origin is named for a CDN on plain http (a local MinIO, say).
 */
export function securityHeaders(
  connectSrc: readonly string[],
  mediaUrl?: string,
): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: {
        directives: {
          // 'self' covers the same-origin WebSocket; PUBLIC_ORIGIN adds where the pages may live.
          connectSrc: ["'self'", ...connectSrc],
          // 'self' covers /media/ (uploaded pictures); https: hot-linked ones and an https CDN.
          imgSrc: ["'self'", "https:", "data:", ...(mediaUrl ? [new URL(mediaUrl).origin] : [])],
          // Set by the TLS-terminating proxy's own headers, not here: on plain http it breaks pages.
          upgradeInsecureRequests: null,
        },
      },
      strictTransportSecurity: false,
    }),
    (req, res, next) => {
      res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
      if (req.secure) res.setHeader("Strict-Transport-Security", HSTS);
      next();
    },
  ];
}

/** Express's `req.secure` for a request Express never saw: TLS here, or `https` from a trusted hop. */
export function isSecure(req: IncomingMessage, trust: TrustProxy): boolean {
  if ((req.socket as Partial<TLSSocket>).encrypted) return true;
  if (!trust(req.socket.remoteAddress ?? "", 0)) return false;
  const proto = String(req.headers["x-forwarded-proto"] ?? "");
  return proto.split(",")[0]!.trim() === "https";
}

/**
 * An engine.io middleware (`io.engine.use`) giving its answers the headers that matter for
 * them. It runs before engine.io verifies the request, so refusals (403 for a foreign origin,
 * 400 for an unknown session) carry them too. No CSP or X-Frame-Options: nothing engine.io sends
 * is a document anyone can fill, since the polling payload is text/plain (never sniffed as HTML
 * with nosniff), a POST's answer is the constant "ok", and refusals are JSON.
 */
export function socketSecurityHeaders(trust: TrustProxy) {
  return (req: IncomingMessage, res: ServerResponse, next: (err?: Error) => void) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
    if (isSecure(req, trust)) res.setHeader("Strict-Transport-Security", HSTS);
    next();
  };
}

/** Replaces (or adds) one directive of the CSP that securityHeaders set on `res`. */
function setDirective(res: ServerResponse, name: string, directive: string): void {
  const policy = String(res.getHeader("Content-Security-Policy") ?? "");
  const named = new RegExp(`^\\s*${name}\\b`);
  res.setHeader(
    "Content-Security-Policy",
    policy
      .split(";")
      .filter((part) => part.trim() && !named.test(part))
      .concat(directive)
      .join(";"),
  );
}

/**
 * For a page other sites may frame (the embed page): CSP `frame-ancestors` names `origins` ("*":
 * any) instead of helmet's 'self', and X-Frame-Options goes, since a browser that knows both obeys
 * the stricter. Runs after securityHeaders; every other response keeps both as they are.
 */
export function framableBy(origins: readonly string[]): RequestHandler {
  const ancestors = `frame-ancestors ${origins.length > 0 ? origins.join(" ") : "'self'"}`;
  return (_req, res, next) => {
    setDirective(res, "frame-ancestors", ancestors);
    res.removeHeader("X-Frame-Options");
    next();
  };
}

/**
 * For a page that shows entries (reader, embed page, desk): CSP `frame-src` names exactly the
 * embed providers' frame origins (shared/embeds/providers.ts `embedFrameOrigins`), where every
 * other page falls back to default-src 'self'. Frames only: no provider script is allowed, since
 * every embed is an iframe (docs/EMBED-CARDS.md). Runs after securityHeaders.
 */
export function framing(origins: readonly string[]): RequestHandler {
  const frames = `frame-src ${origins.length > 0 ? origins.join(" ") : "'none'"}`;
  return (_req, res, next) => {
    setDirective(res, "frame-src", frames);
    next();
  };
}
