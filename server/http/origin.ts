/**
 * Which browser origins may talk to us: those in PUBLIC_ORIGIN, or, when it is unset, the
 * server's own origin (the Host the browser addressed). Used for socket handshakes and for
 * cookie-authenticated writes, the two things a foreign page could otherwise do in a reader's
 * or an editor's name.
 */
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
