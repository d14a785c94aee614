/**
 * How tall a post frame says it is. The providers' own scripts would resize their frames; we run
 * none of them, so the client listens to the same messages those scripts do (from the frame's
 * own window and origin only) and takes nothing from them but a number in a sane range. A frame
 * that says nothing keeps the height the registry gave it.
 */
import type { EmbedProviderId } from "./types.js";

/** Heights outside this range are not believed. */
export const FRAME_HEIGHT_RANGE = { min: 80, max: 2000 } as const;

/** Several providers post JSON as a string, others post objects. */
function asObject(data: unknown): Record<string, unknown> | null {
  if (typeof data === "string") {
    if (data.length > 10_000) return null;
    try {
      data = JSON.parse(data);
    } catch {
      return null;
    }
  }
  return data !== null && typeof data === "object" ? (data as Record<string, unknown>) : null;
}

const field = (value: unknown, key: string) =>
  value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;

/** Where each provider puts the height in its message (docs/EMBED-CARDS.md says whose script does what). */
const READERS: Partial<Record<EmbedProviderId, (data: Record<string, unknown>) => unknown>> = {
  // embed.bsky.app: {id, height} on every change of its box.
  bluesky: (data) => data.height,
  // Mastodon's /embed: {type: "setHeight", id, height}, in answer to our own setHeight.
  mastodon: (data) => (data.type === "setHeight" ? data.height : undefined),
  // t.me ?embed=1: '{"event":"resize","height":…}'.
  telegram: (data) => (data.event === "resize" ? data.height : undefined),
  // Instagram's /embed: '{"type":"MEASURE","details":{"height":…}}'.
  instagram: (data) => (data.type === "MEASURE" ? field(data.details, "height") : undefined),
  // X's Tweet.html: {"twttr.embed": {method: "twttr.private.resize", params: [{height}]}}.
  x: (data) => {
    const call = data["twttr.embed"];
    if (field(call, "method") !== "twttr.private.resize") return undefined;
    const params = field(call, "params");
    return Array.isArray(params) ? field(params[0], "height") : undefined;
  },
};

/** The height in px that `provider`'s frame reports in `data`, or null for any other message. */
export function reportedHeight(provider: EmbedProviderId, data: unknown): number | null {
  const read = READERS[provider];
  const message = read ? asObject(data) : null;
  if (!read || !message) return null;
  const height = read(message);
  if (typeof height !== "number" || !Number.isFinite(height)) return null;
  const { min, max } = FRAME_HEIGHT_RANGE;
  return Math.round(Math.min(max, Math.max(min, height)));
}

/**
 * The message that asks a Mastodon frame for its height (Mastodon's embed answers only when
 * asked, as its embed.js does after the frame loaded).
 */
export const mastodonHeightRequest = (id: number) => ({ type: "setHeight", id });
