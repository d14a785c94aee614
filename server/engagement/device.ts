/**
 * Readers' devices (issue 16): what votes and reactions are de-duplicated by, without an account.
 *
 * The reader page's device is a random 128-bit id in the cookie `lb_device`, signed with an HMAC
 * under the session secret so that nobody can pick another reader's id (or cycle through ids to
 * vote again) by writing the cookie themselves. HttpOnly: page scripts never see it. It is made
 * the first time a device votes or reacts (and on the reader page's socket handshake), and names
 * nobody: it is linked to no account, address or anything else the server keeps.
 *
 * The embed frame sets no cookie (a third-party cookie in the publisher's page): it sends a token
 * kept in its own storage instead (`device` in the request body, `auth.device` on its socket).
 * Its key is `t:<token>`, a cookie's `c:<id>`. When the browser sends the device cookie anyway
 * (a frame shown on the same site as the reader page, where SameSite=Lax lets it through), the
 * cookie wins: the reader who votes on the reader page and in the frame is one device (deviceOf).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { deviceTokenSchema } from "../../shared/engagement.js";
import type { DeviceKey } from "../store/port.js";

export const DEVICE_COOKIE = "lb_device";

/** 13 months: the longest a consent-free audience-measurement cookie may live (CNIL guidance). */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 396 * 24 * 60 * 60;

/** A device as a request or socket brings it. */
export interface Device {
  key: DeviceKey;
  /**
   * The cookie's id when it came from (or must go into) the device cookie; absent for the
   * embed's token, which gets no cookie.
   */
  cookieId?: string;
  /** Made just now: the browser has no cookie for it yet (deviceSetCookie gives it one). */
  fresh: boolean;
}

const signatureOf = (id: string, secret: string) =>
  createHmac("sha256", secret).update(`${DEVICE_COOKIE}:${id}`).digest("base64url");

const DEVICE_IN_COOKIE = new RegExp(`(?:^|;\\s*)${DEVICE_COOKIE}=([^;]+)`);

/** The id in a signed cookie value `<id>.<signature>`, or undefined when it is not ours. */
function verifiedId(value: string, secret: string): string | undefined {
  const dot = value.lastIndexOf(".");
  const id = value.slice(0, dot);
  if (dot < 0 || !deviceTokenSchema.safeParse(id).success) return undefined;
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(signatureOf(id, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}

/**
 * The device of a request's (or a socket handshake's) Cookie header: the one its signed
 * `lb_device` names, else a new one (`fresh`) that the answer must set with deviceSetCookie. A
 * cookie signed under another secret (SESSION_SECRET changed) counts as none.
 */
export function deviceFromCookie(cookieHeader: string | undefined, secret: string): Device {
  const raw = DEVICE_IN_COOKIE.exec(cookieHeader ?? "")?.[1];
  const id = raw === undefined ? undefined : verifiedId(raw, secret);
  if (id !== undefined) return { key: `c:${id}`, cookieId: id, fresh: false };
  const made = randomBytes(16).toString("base64url");
  return { key: `c:${made}`, cookieId: made, fresh: true };
}

/** The embed frame's device: its token from the request body or the socket's `auth`. */
export const deviceFromToken = (token: string): Device => ({ key: `t:${token}`, fresh: false });

/**
 * The device a request or socket counts as: the one its device cookie names, when the browser
 * sent one signed here; else the embed's token, when it brought one (`token`, unchecked input);
 * else the new cookie device `fromCookie` made (`fresh`). One browser is thus one device even
 * where it sends both; a script gets no further with a token than with no cookie at all.
 */
export function deviceOf(fromCookie: Device, token: unknown): Device {
  if (!fromCookie.fresh) return fromCookie;
  const parsed = deviceTokenSchema.safeParse(token);
  return parsed.success ? deviceFromToken(parsed.data) : fromCookie;
}

/**
 * The Set-Cookie header value that gives the browser the device cookie for `cookieId`: HttpOnly,
 * SameSite=Lax, for the whole site, Secure when the request came over https, 13 months.
 */
export function deviceSetCookie(
  cookieId: string,
  secret: string,
  { secure }: { secure: boolean },
): string {
  const value = `${cookieId}.${signatureOf(cookieId, secret)}`;
  return [
    `${DEVICE_COOKIE}=${value}`,
    `Max-Age=${DEVICE_COOKIE_MAX_AGE_SECONDS}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}
