/**
 * The embed page's options, from its query string. Each option is parsed on its own and a bad
 * value falls back to its default, so a typo in a host page's snippet never breaks the frame and
 * nothing from the query reaches the page unless it matched its pattern (an `accent` becomes a
 * CSS custom property only as `#rgb` or `#rrggbb`).
 */
import { z } from "zod";
import { FRAME_ID_PATTERN } from "../../shared/embed-protocol.js";
import { READER_PAGE_SIZES } from "../../shared/page-state.js";

export type EmbedTheme = "light" | "dark" | "auto";

export interface EmbedOptions {
  /** auto: transparent background, colours from the reader's system; light/dark: opaque, themed. */
  theme: EmbedTheme;
  /** A validated hex colour, or null for the site's own accent. */
  accent: string | null;
  /** Entries in the stream on first render. */
  limit: number;
  /** Show the key-events box. */
  keyEvents: boolean;
  /** The id embed.js gave the iframe; null when the page is not framed by embed.js. */
  frame: string | null;
}

/** The most entries a host page may ask the first render for. */
export const EMBED_MAX_LIMIT = 50;

const fields = {
  theme: z.enum(["light", "dark", "auto"]),
  accent: z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/),
  limit: z
    .string()
    .regex(/^[0-9]{1,3}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(EMBED_MAX_LIMIT)),
  keyEvents: z.enum(["0", "1"]).transform((v) => v === "1"),
  frame: z.string().regex(FRAME_ID_PATTERN),
};

export const EMBED_DEFAULTS: Readonly<EmbedOptions> = Object.freeze({
  theme: "auto",
  accent: null,
  limit: READER_PAGE_SIZES.stream,
  keyEvents: true,
  frame: null,
});

/** The options a query asks for; a missing, repeated or invalid value is the default. */
export function parseEmbedOptions(query: Record<string, unknown>): EmbedOptions {
  const pick = <K extends keyof typeof fields>(
    key: K,
  ): z.output<(typeof fields)[K]> | undefined => {
    const parsed = fields[key].safeParse(query[key]);
    return parsed.success ? (parsed.data as z.output<(typeof fields)[K]>) : undefined;
  };
  return {
    theme: pick("theme") ?? EMBED_DEFAULTS.theme,
    accent: pick("accent")?.toLowerCase() ?? EMBED_DEFAULTS.accent,
    limit: pick("limit") ?? EMBED_DEFAULTS.limit,
    keyEvents: pick("keyEvents") ?? EMBED_DEFAULTS.keyEvents,
    frame: pick("frame") ?? EMBED_DEFAULTS.frame,
  };
}

/** The options as a query string (without `?`), only those that differ from the defaults. */
export function embedQuery(options: EmbedOptions): string {
  const params = new URLSearchParams();
  if (options.theme !== EMBED_DEFAULTS.theme) params.set("theme", options.theme);
  if (options.accent) params.set("accent", options.accent);
  if (options.limit !== EMBED_DEFAULTS.limit) params.set("limit", String(options.limit));
  if (!options.keyEvents) params.set("keyEvents", "0");
  if (options.frame) params.set("frame", options.frame);
  return params.toString();
}
