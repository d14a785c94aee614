/**
 * What is posted and what readers receive. Every entry body carries the poster's clock reading
 * (`sent-at:<ms>`, in its html too), so a reader measures POST→receipt without asking anyone. The
 * baseline and the floor are sent the event liveblog sends its readers for the same body (no
 * Markdown `body`, see server/realtime/audiences.ts), so all three servers move the same bytes
 * to every reader.
 */
import { randomBytes } from "node:crypto";
import { renderBody } from "../../server/blogs/markdown.js";
import type { ReaderLiveEvent } from "../../shared/schemas.js";

const MARK = "sent-at:";

// A typical live-blog entry: a bold lead, two sentences and a link (about 400 bytes of Markdown).
const TEXT =
  "The minister has just left the building without speaking to reporters. Her spokesperson says a " +
  "statement will follow within the hour; opposition leaders are already calling for a vote. " +
  "Full background in [our explainer](https://example.org/explainer) and the live map below.";

/** The Markdown body of entry `n`, stamped with the time it is sent. */
export function entryBody(n: number, sentAtMs: number): string {
  return `**Update ${n}** (${MARK}${sentAtMs.toFixed(3)})\n\n${TEXT}`;
}

/** The poster's clock reading in an entry's body or html, or NaN when there is none. */
export function sentAtOf(text: string | undefined): number {
  if (!text) return Number.NaN;
  const at = text.indexOf(MARK);
  return at < 0 ? Number.NaN : parseFloat(text.slice(at + MARK.length, at + MARK.length + 24));
}

/** The event liveblog sends its readers for entry `n`: the baseline's and the floor's payload. */
export function liveEventLike(blogId: string, seq: number, body: string): ReaderLiveEvent {
  const at = new Date().toISOString();
  return {
    blogId,
    seq,
    epoch: "bench",
    at,
    type: "entry.created",
    entry: {
      id: randomBytes(9).toString("base64url"),
      blogId,
      seq,
      createdAt: at,
      updatedAt: at,
      author: { name: "admin" },
      authors: [{ name: "admin", displayName: "admin" }],
      status: "published",
      publishAt: null,
      headline: null,
      html: renderBody(body),
      pinned: false,
      keyEvent: false,
      version: 1,
    },
  };
}
