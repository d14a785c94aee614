/**
 * Readers' devices: a device cookie the server signed names the same device every time; one it
 * did not sign (written by hand, or under another secret) names a new one; the embed's token is
 * a device of its own kind, which a signed cookie wins over. tests/integration/engagement-votes.test.ts
 * shows it over HTTP.
 */
import { describe, expect, it } from "vitest";
import {
  DEVICE_COOKIE,
  DEVICE_COOKIE_MAX_AGE_SECONDS,
  deviceFromCookie,
  deviceFromToken,
  deviceOf,
  deviceSetCookie,
} from "../../server/engagement/device.js";

const SECRET = "a-session-secret-of-at-least-32-characters";

/** The Cookie header a browser sends back after `setCookie`. */
const cookieAfter = (setCookie: string) => setCookie.split(";")[0]!;

describe("device cookie", () => {
  it("makes a new random device when there is no cookie, and gives it 128 bits of base64url", () => {
    const first = deviceFromCookie(undefined, SECRET);
    const second = deviceFromCookie("lb_session=abc", SECRET);
    expect(first.fresh).toBe(true);
    expect(first.cookieId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(first.key).toBe(`c:${first.cookieId}`);
    expect(second.key).not.toBe(first.key);
  });

  it("reads back the device it signed, among other cookies", () => {
    const made = deviceFromCookie(undefined, SECRET);
    const header = `lb_session=s1; ${cookieAfter(deviceSetCookie(made.cookieId!, SECRET, { secure: false }))}; x=1`;
    expect(deviceFromCookie(header, SECRET)).toEqual({
      key: made.key,
      cookieId: made.cookieId,
      fresh: false,
    });
  });

  it("treats a cookie it did not sign, or signed under another secret, as no cookie", () => {
    const made = deviceFromCookie(undefined, SECRET);
    const signed = cookieAfter(deviceSetCookie(made.cookieId!, SECRET, { secure: false }));
    const forged = `${DEVICE_COOKIE}=${"A".repeat(22)}.${signed.split(".")[1]}`;
    for (const header of [
      forged,
      `${DEVICE_COOKIE}=${made.cookieId}`,
      `${DEVICE_COOKIE}=${made.cookieId}.`,
      `${DEVICE_COOKIE}=short.sig`,
    ]) {
      const device = deviceFromCookie(header, SECRET);
      expect(device.fresh).toBe(true);
      expect(device.key).not.toBe(made.key);
    }
    expect(deviceFromCookie(signed, `${SECRET}-rotated`).fresh).toBe(true);
  });

  it("sets an HttpOnly, SameSite=Lax cookie for the whole site for 13 months, Secure over https", () => {
    const plain = deviceSetCookie("A".repeat(22), SECRET, { secure: false });
    expect(plain).toMatch(new RegExp(`^${DEVICE_COOKIE}=A{22}\\.[A-Za-z0-9_-]{43}; `));
    expect(plain).toContain(`Max-Age=${DEVICE_COOKIE_MAX_AGE_SECONDS}`);
    expect(DEVICE_COOKIE_MAX_AGE_SECONDS / 86_400).toBeGreaterThanOrEqual(395);
    expect(plain).toContain("; Path=/; HttpOnly; SameSite=Lax");
    expect(plain).not.toContain("Secure");
    expect(deviceSetCookie("A".repeat(22), SECRET, { secure: true })).toMatch(/; Secure$/);
  });

  it("keeps the embed's token apart from cookie ids", () => {
    const token = "B".repeat(22);
    expect(deviceFromToken(token)).toEqual({ key: `t:${token}`, fresh: false });
    expect(deviceFromToken(token).key).not.toBe(`c:${token}`);
  });

  it("counts a browser that sends a signed cookie and a token as the cookie's device, else the token's", () => {
    const made = deviceFromCookie(undefined, SECRET);
    const signed = cookieAfter(deviceSetCookie(made.cookieId!, SECRET, { secure: false }));
    const token = "C".repeat(32);
    expect(deviceOf(deviceFromCookie(signed, SECRET), token).key).toBe(made.key);
    expect(deviceOf(deviceFromCookie(undefined, SECRET), token)).toEqual(deviceFromToken(token));
    const forged = `${DEVICE_COOKIE}=${"A".repeat(22)}.${"B".repeat(43)}`;
    expect(deviceOf(deviceFromCookie(forged, SECRET), token).key).toBe(`t:${token}`);
    // No token that is one: the new cookie device.
    const fresh = deviceOf(deviceFromCookie(undefined, SECRET), "not a token");
    expect(fresh.fresh).toBe(true);
    expect(fresh.key).toMatch(/^c:/);
  });
});
