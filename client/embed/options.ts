/**
 * What a host page's script tag asks for (`data-blog`, `data-theme`, `data-accent`, `data-limit`,
 * `data-key-events`), checked and turned into the embed page's address. Pure, so a unit test
 * covers it: a value that does not pass is left out of the address, never passed on as written.
 */

/** As blogIdSchema in shared/schemas.ts (the loader imports no zod); a unit test keeps them equal. */
export const BLOG_ID = /^[a-z0-9-]{1,64}$/;
const THEMES = new Set(["light", "dark", "auto"]);
/** `#rgb` or `#rrggbb`, the `#` optional: nothing that could carry more CSS than a colour. */
const ACCENT = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;
/** As limits.pageMax: the embed page renders at most a page of entries first. */
export const MAX_LIMIT = 100;
/** A Map, not an object: `data-key-events="constructor"` must find nothing. */
const KEY_EVENTS = new Map([
  ["1", "1"],
  ["true", "1"],
  ["0", "0"],
  ["false", "0"],
]);

/** The `data-*` attributes of the script tag, as `HTMLElement.dataset` holds them. */
export type EmbedDataset = Partial<
  Record<"blog" | "theme" | "accent" | "limit" | "keyEvents", string>
>;

export type EmbedTarget =
  { ok: true; blogId: string; url: string } | { ok: false; problem: string };

/**
 * The embed page's URL for one frame: `<origin>/blogs/<id>/embed?frame=<frameId>&…`, with only
 * the options that are valid; or why there is no blog to show.
 */
export function embedTarget(origin: string, data: EmbedDataset, frameId: string): EmbedTarget {
  const blogId = data.blog?.trim() ?? "";
  if (!BLOG_ID.test(blogId))
    return {
      ok: false,
      problem: blogId
        ? `data-blog="${blogId.slice(0, 80)}" is not a blog id (a-z, 0-9 and -)`
        : "the script tag has no data-blog attribute",
    };
  const query = new URLSearchParams({ frame: frameId });
  const theme = data.theme?.trim().toLowerCase();
  if (theme && THEMES.has(theme)) query.set("theme", theme);
  const accent = data.accent?.trim();
  if (accent && ACCENT.test(accent))
    query.set("accent", `#${accent.replace("#", "").toLowerCase()}`);
  const limit = data.limit?.trim();
  if (limit && /^[0-9]{1,3}$/.test(limit) && +limit >= 1 && +limit <= MAX_LIMIT)
    query.set("limit", String(+limit));
  const keyEvents = KEY_EVENTS.get(data.keyEvents?.trim().toLowerCase() ?? "");
  if (keyEvents) query.set("keyEvents", keyEvents);
  // URLSearchParams encodes as encodeURIComponent does, except a space as "+" (none can pass).
  return { ok: true, blogId, url: `${origin}/blogs/${blogId}/embed?${query}` };
}

/**
 * A frame id for `?frame=` (FRAME_ID_PATTERN): 16 random hex digits. getRandomValues, not
 * randomUUID, since a host page on plain http is not a secure context.
 */
export function newFrameId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
