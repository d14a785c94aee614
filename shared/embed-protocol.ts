/**
 * The messages between a live blog embedded in a host page (the frame, `/blogs/:blogId/embed`) and
 * the host page's loader (`/embed.js`), over `postMessage`. Both sides check every message they
 * take: the origin and the window it came from, then its shape (`parseFrameMessage`,
 * `parseHostMessage`). Payloads carry only numbers, ids and the host page's own URL, so a message
 * read by another script on the host page gives nothing away, and a message forged by one
 * changes nothing. Constants, types and pure checks only: the embed page bundle and the small
 * loader both import it.
 */

/** Marks liveblog's messages among whatever else a host page posts. */
export const EMBED_MESSAGE_TAG = "liveblog-embed";

/** The id embed.js gives each frame it inserts, passed to the frame as `?frame=`. */
export const FRAME_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const ENTRY_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A frame taller than this is a bug or a forgery, not a live blog. */
export const MAX_FRAME_HEIGHT = 1_000_000;

/** Frame -> host. */
export type FrameMessage =
  /** The frame's content is this tall (CSS px): the host sizes the iframe to it. */
  | { tag: typeof EMBED_MESSAGE_TAG; frame: string; type: "height"; height: number }
  /** Show this point of the frame (CSS px from its top): the host scrolls its own page there. */
  | { tag: typeof EMBED_MESSAGE_TAG; frame: string; type: "scroll"; top: number }
  /** The frame is ready for the host's messages (it sends this once, on start). */
  | { tag: typeof EMBED_MESSAGE_TAG; frame: string; type: "ready" };

/** Host -> frame. */
export type HostMessage =
  /** The host page's address (without its hash), for share links that lead back to it. */
  | { tag: typeof EMBED_MESSAGE_TAG; type: "host"; url: string }
  /** The host page's URL named an entry (`#lb-entry-<id>`): show it. */
  | { tag: typeof EMBED_MESSAGE_TAG; type: "permalink"; entryId: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const finite = (value: unknown, max: number): value is number =>
  typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= max;

/** A frame message of the expected frame, or null for anything else. */
export function parseFrameMessage(data: unknown, frame: string): FrameMessage | null {
  if (!isRecord(data) || data.tag !== EMBED_MESSAGE_TAG || data.frame !== frame) return null;
  if (data.type === "height" && finite(data.height, MAX_FRAME_HEIGHT))
    return { tag: EMBED_MESSAGE_TAG, frame, type: "height", height: data.height };
  if (data.type === "scroll" && finite(data.top, MAX_FRAME_HEIGHT))
    return { tag: EMBED_MESSAGE_TAG, frame, type: "scroll", top: data.top };
  if (data.type === "ready") return { tag: EMBED_MESSAGE_TAG, frame, type: "ready" };
  return null;
}

/** A host message, or null for anything else; a URL is kept only when it is http(s). */
export function parseHostMessage(data: unknown): HostMessage | null {
  if (!isRecord(data) || data.tag !== EMBED_MESSAGE_TAG) return null;
  if (data.type === "permalink" && typeof data.entryId === "string" && ENTRY_ID.test(data.entryId))
    return { tag: EMBED_MESSAGE_TAG, type: "permalink", entryId: data.entryId };
  if (data.type === "host" && typeof data.url === "string" && data.url.length <= 2_000) {
    try {
      const url = new URL(data.url);
      if (url.protocol === "https:" || url.protocol === "http:") {
        url.hash = "";
        return { tag: EMBED_MESSAGE_TAG, type: "host", url: url.href };
      }
    } catch {
      return null;
    }
  }
  return null;
}

/** The host-page fragment that names an entry: `#lb-entry-<id>`. */
export const HOST_PERMALINK_PREFIX = "lb-entry-";
