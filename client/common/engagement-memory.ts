/**
 * What this device keeps of its part in a blog's polls and reactions, in its own storage and
 * nowhere else: the options it chose and its reactions (one key per blog), and, in the embed
 * frame only, the random token that stands for the device when it votes (the frame sets and
 * reads no cookie: docs/PRIVACY.md).
 */
import {
  parseRemembered,
  serializeRemembered,
  type Remembered,
} from "../../shared/engagement-model.js";
import { readLocal, writeLocal } from "./local-storage.js";

const rememberedKey = (blogId: string) => `liveblog:engagement:${blogId}`;
const TOKEN_KEY = "liveblog:device";
/** 24 random bytes: 32 characters of base64url, what the server takes as `device`. */
const TOKEN_BYTES = 24;

export const readRemembered = (blogId: string): Remembered =>
  parseRemembered(readLocal(rememberedKey(blogId)));

export function writeRemembered(blogId: string, remembered: Remembered): void {
  writeLocal(rememberedKey(blogId), serializeRemembered(remembered));
}

/** Bytes as base64url, without padding. */
export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * The embed frame's device token: made once from crypto.getRandomValues and kept. Where storage
 * is off (a browser that blocks it in frames), it lasts as long as the frame: such a browser can
 * vote again after a reload, which is the price of setting no cookie.
 */
export function deviceToken(): string {
  const kept = readLocal(TOKEN_KEY);
  if (kept && /^[A-Za-z0-9_-]{32}$/.test(kept)) return kept;
  const token = base64url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
  writeLocal(TOKEN_KEY, token);
  return token;
}
