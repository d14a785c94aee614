/**
 * Readers' devices on sockets (issue 16), for a blog's distinct devices. The reader page's socket
 * handshake gives the browser its device cookie when it has none (engine.io's `initial_headers`:
 * the first answer of every new connection, over polling and WebSocket alike), so that the
 * device a reader is counted as is the one their votes and reactions are de-duplicated by.
 *
 * The embed frame's socket sets no cookie: it names its own device (the token in its storage, as
 * `auth.device`) and says so in its handshake's query (NO_COOKIES_QUERY), since the Socket.IO
 * `auth` arrives only after the handshake's answer, too late to leave the cookie out. People on
 * the desk (a session cookie) are not readers and get none either.
 */
import type { IncomingMessage } from "node:http";
import type { Server } from "socket.io";
import { deviceTokenSchema } from "../../shared/engagement.js";
import { NO_COOKIES_QUERY } from "../../shared/events.js";
import type { SessionSecret } from "../auth/session-secret.js";
import {
  deviceFromCookie,
  deviceFromToken,
  deviceSetCookie,
  type Device,
} from "../engagement/device.js";
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
  /** The cookie device of each handshake, from its cookie or made for it (and set) then. */
  const handshakes = new WeakMap<IncomingMessage, Device>();

  engine.on("initial_headers", (headers: Record<string, string>, req: HandshakeRequest) => {
    if (req._query?.cookies === NO_COOKIES_QUERY.cookies) return;
    if (sessionIdOf(req.headers.cookie)) return;
    const device = deviceFromCookie(req.headers.cookie, secret.current);
    handshakes.set(req, device);
    if (device.fresh && device.cookieId)
      headers["Set-Cookie"] = deviceSetCookie(device.cookieId, secret.current, {
        secure: isSecure(req, trust),
      });
  });

  return {
    /**
     * The device a socket counts as: the embed's token from `auth.device`, else the cookie device
     * of its handshake; null for the desk, and for a socket whose token is not one.
     */
    of(socket: DeviceSocket): DeviceKey | null {
      const token = deviceTokenSchema.safeParse(socket.handshake.auth.device);
      if (token.success) return deviceFromToken(token.data).key;
      return handshakes.get(socket.request)?.key ?? null;
    },
  };
}
