/**
 * The embed page, `/blogs/:blogId/embed`: the reader page without the site around it, for an
 * iframe in another site's article (see embed.js). Same body, same live client (its embed mode,
 * client/embed-frame/), themed by the host page's options (server/pages/embed-options.ts).
 */
import { escapeHtml, jsonForScript } from "../../shared/html.js";
import { createI18n } from "../../shared/i18n/i18n.js";
import { READER_STATE_ELEMENT_ID } from "../../shared/page-state.js";
import type { PageAssets } from "./assets.js";
import { embedQuery, type EmbedOptions } from "./embed-options.js";
import { renderDocument } from "./layout.js";
import { pageTitle } from "../../shared/render.js";
import { pageDescription, renderReaderBody } from "./reader-page.js";
import type { ReaderState } from "./reader-state.js";

/** Black or white, whichever reads better on a `#rgb` / `#rrggbb` background (WCAG luminance). */
export function textOn(hex: string): "#000000" | "#ffffff" {
  const digits =
    hex.length === 4 ? [...hex.slice(1)].map((d) => d + d) : hex.slice(1).match(/../g)!;
  const [r, g, b] = digits.map((d) => {
    const c = parseInt(d, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  // Contrast with black (L + 0.05) / 0.05 against white 1.05 / (L + 0.05): equal near L = 0.179.
  return luminance > 0.179 ? "#000000" : "#ffffff";
}

/** `<html>`'s attributes: the theme, and the accent as custom properties (validated: hex only). */
function htmlAttributes(options: EmbedOptions): string {
  if (!options.accent) return `class="embed" data-theme="${options.theme}"`;
  const style = `--embed-accent: ${options.accent}; --embed-accent-text: ${textOn(options.accent)}`;
  return `class="embed has-accent" data-theme="${options.theme}" style="${escapeHtml(style)}"`;
}

/**
 * The embed page of a blog. `readerUrl` is the blog's own reader page: the canonical address, so
 * that search engines credit the reader page (or the host article, through embed.html), not the
 * frame.
 */
export function renderEmbedPage(
  state: ReaderState,
  options: EmbedOptions,
  readerUrl: string,
  assets: PageAssets,
  /** MASTODON_EMBED_INSTANCES, for the client's embed cards. */
  mastodonEmbeds: readonly string[] = [],
): string {
  const keep = embedQuery(options);
  const { blog } = state;
  const i18n = createI18n(state.locale);
  return renderDocument({
    title: pageTitle(blog, i18n),
    description: pageDescription(blog, i18n),
    i18n,
    url: readerUrl,
    chrome: false,
    htmlAttributes: htmlAttributes(options),
    body: renderReaderBody(state, {
      keepQuery: keep,
      latestHref: `/blogs/${blog.id}/embed${keep ? `?${keep}` : ""}`,
      keyEventsBox: options.keyEvents,
      notifySlot: false,
      cookieless: true,
    }),
    assets,
    mastodonEmbeds,
    tail: `<script type="application/json" id="${READER_STATE_ELEMENT_ID}">${jsonForScript(state)}</script>`,
  });
}

/** A blog that does not exist, as a small frame rather than a broken one (served with 404). */
export function renderEmbedMissing(options: EmbedOptions, assets: PageAssets): string {
  return renderDocument({
    title: "This live blog does not exist",
    robots: "noindex",
    chrome: false,
    htmlAttributes: htmlAttributes(options),
    body: `<main id="main" class="embed-missing" tabindex="-1"><p>This live blog does not exist.</p></main>`,
    assets,
  });
}
