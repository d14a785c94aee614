/**
 * The embed frame's device: a random token kept in the frame's own storage, never a cookie (in
 * the publisher's page ours would be a third-party cookie). It is what the frame's socket is
 * counted by in the blog's distinct devices (`auth.device`) and what its votes are
 * de-duplicated by (`device` in the body). Random and linked to nobody, like the cookie's id.
 * Where the browser keeps no storage for frames, it lasts for the visit.
 */
import { readLocal, writeLocal } from "../common/local-storage.js";

const STORAGE_KEY = "liveblog:device";
/** What the server takes as a token (shared/engagement.ts deviceTokenSchema, which is zod's). */
const TOKEN = /^[A-Za-z0-9_-]{22,43}$/;

/** 192 random bits as base64url: 32 characters. */
function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

let token: string | undefined;

/** This frame's device token: the one kept, else a new one (kept if the browser lets it). */
export function embedDeviceToken(): string {
  if (token) return token;
  const kept = readLocal(STORAGE_KEY);
  token = kept && TOKEN.test(kept) ? kept : newToken();
  if (token !== kept) writeLocal(STORAGE_KEY, token);
  return token;
}
