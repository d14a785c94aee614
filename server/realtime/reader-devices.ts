/**
 * Readers' devices on sockets (issue 16), for a blog's distinct devices. The reader page's socket
 * handshake gives the browser its device cookie when it has none (engine.io's `initial_headers`:
 * the first answer of every new connection, over polling and WebSocket alike), so that the
 * device a reader is counted as is the one their votes and reactions are de-duplicated by.
 *
 * The embed frame's socket sets no cookie: it names its own device (the token in its storage, as
 * `auth.device`) and says so in its handshake's query (NO_COOKIES_QUERY), since the Socket.IO
 * `auth` arrives only after the handshake's answer, too late to leave the cookie out. A device
 * cookie its browser sends anyway (a frame on the reader page's site) wins over the token, as it
 * does for votes (engagement/device.ts deviceOf). People on the desk (a session cookie) are not
 * readers and get none either.
 */
import type { IncomingMessage } from "node:http";
import type { Server } from "socket.io";
import { NO_COOKIES_QUERY } from "../../shared/events.js";
import type { SessionSecret } from "../auth/session-secret.js";
import { deviceFromCookie, deviceOf, deviceSetCookie, type Device } from "../engagement/device.js";
import { isSecure, type TrustProxy } from "../http/security-headers.js";
import type { DeviceKey } from "../store/port.js";
import { sessionIdOf } from "./desk-channel.js";

/** What a socket's handshake request carries, as engine.io hands it over. */
type HandshakeRequest = IncomingMessage & { _query?: Record<string, string | undefined> };

/** What of a socket its device is read from. */
export interface DeviceSocket {
  request: IncomingMessage;
  handshake: { auth: Record<string, unknown> };
}

export function createReaderDevices(
  engine: Server["engine"],
  { secret, trust }: { secret: SessionSecret; trust: TrustProxy },
) {
  /**
   * The cookie device of each reader's handshake: from its cookie, or made for it (and set then,
   * unless the handshake takes no cookie: then it is none).
   */
  const handshakes = new WeakMap<IncomingMessage, { device: Device; cookieless: boolean }>();

  engine.on("initial_headers", (headers: Record<string, string>, req: HandshakeRequest) => {
    if (sessionIdOf(req.headers.cookie)) return;
    const cookieless = req._query?.cookies === NO_COOKIES_QUERY.cookies;
    const device = deviceFromCookie(req.headers.cookie, secret.current);
    handshakes.set(req, { device, cookieless });
    if (device.fresh && device.cookieId && !cookieless)
      headers["Set-Cookie"] = deviceSetCookie(device.cookieId, secret.current, {
        secure: isSecure(req, trust),
      });
  });

  return {
    /**
     * The device a socket counts as (deviceOf: its handshake's signed cookie, else the embed's
     * token from `auth.device`, else the cookie made at its handshake); null for the desk, and
     * for a socket that takes no cookie and brings no token that is one.
     */
    of(socket: DeviceSocket): DeviceKey | null {
      const handshake = handshakes.get(socket.request);
      if (!handshake) return null;
      const device = deviceOf(handshake.device, socket.handshake.auth.device);
      return device.fresh && handshake.cookieless ? null : device.key;
    },
  };
}
