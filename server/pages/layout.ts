/** The HTML document around every page: head (meta, Open Graph, assets), site header, body. */
import { MASTODON_EMBEDS_META } from "../../shared/embeds/providers.js";
import { escapeHtml } from "../../shared/html.js";
import type { I18n } from "../../shared/i18n/i18n.js";
import type { CoverImage } from "../../shared/page-state.js";
import type { PageAssets } from "./assets.js";

/** A red dot, inline, so that browsers do not ask for /favicon.ico. */
const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='6' fill='%23b3141c'/%3E%3C/svg%3E";

/** Who publishes the site (PUBLISHER_NAME, PUBLISHER_X_ACCOUNT), as link previews name it. */
export interface SiteOwner {
  name: string;
  /** An X username with its @, or none. */
  xAccount?: string | undefined;
}

export interface DocumentOptions {
  title: string;
  /** The language the page speaks (`<html lang dir>`, the skip link); English without. */
  i18n?: I18n;
  description?: string;
  /** `<meta name="robots">`, e.g. "noindex, nofollow" for a page search engines should skip. */
  robots?: string;
  /** Absolute URL of the page, for canonical and og:url. */
  url?: string;
  /** Extra markup for <head> (feeds, JSON-LD), already escaped. */
  head?: string;
  body: string;
  assets: PageAssets;
  /** Extra markup after <main> (JSON state blocks), already escaped. */
  tail?: string;
  /** False for a page shown inside other sites (the embed page): no skip link, no site header. */
  chrome?: boolean;
  /** Attributes of `<html>` besides lang, already escaped (the embed page's theme). */
  htmlAttributes?: string;
  /**
   * The picture link previews show (og:image and a large X card); null: a small text card;
   * left out: no card tags (pages nobody shares, such as the desk).
   */
  image?: CoverImage | null;
  /** For a page that shows entries: the Mastodon servers its embed cards may load (config). */
  mastodonEmbeds?: readonly string[];
  /** og:site_name, and the X account of a page meant to be shared; "liveblog" when left out. */
  site?: SiteOwner;
}

/**
 * Open Graph's locale, language_TERRITORY ("pt_BR"), of a BCP 47 tag: a tag without a region
 * gets its likely one ("en" is en_US, "de" de_DE), as Facebook knows no bare languages.
 */
export function ogLocale(language: string): string {
  try {
    const locale = new Intl.Locale(language).maximize();
    return locale.region ? `${locale.language}_${locale.region}` : locale.language;
  } catch {
    return "en_US";
  }
}

/**
 * X's card for a page meant to be shared: X reads og:* as a fallback, but other consumers of
 * twitter:* tags do not, so the title, description and picture are named for it too.
 */
function cardMeta({ image, title, description, site, i18n }: DocumentOptions): string[] {
  if (image === undefined) return [];
  const language = i18n?.language;
  const text = [
    language ? `<meta property="og:locale" content="${escapeHtml(ogLocale(language))}">` : "",
    `<meta name="twitter:title" content="${escapeHtml(title)}">`,
    description ? `<meta name="twitter:description" content="${escapeHtml(description)}">` : "",
    // The newsroom's account for both: its authors' own accounts are not on record.
    ...(site?.xAccount
      ? [
          `<meta name="twitter:site" content="${escapeHtml(site.xAccount)}">`,
          `<meta name="twitter:creator" content="${escapeHtml(site.xAccount)}">`,
        ]
      : []),
  ];
  if (image === null) return [`<meta name="twitter:card" content="summary">`, ...text];
  return [
    `<meta property="og:image" content="${escapeHtml(image.url)}">`,
    `<meta property="og:image:width" content="${image.width}">`,
    `<meta property="og:image:height" content="${image.height}">`,
    image.alt ? `<meta property="og:image:alt" content="${escapeHtml(image.alt)}">` : "",
    `<meta name="twitter:card" content="summary_large_image">`,
    ...text,
    `<meta name="twitter:image" content="${escapeHtml(image.url)}">`,
    image.alt ? `<meta name="twitter:image:alt" content="${escapeHtml(image.alt)}">` : "",
  ];
}

export function renderDocument(options: DocumentOptions): string {
  const { title, description, url, assets, i18n } = options;
  const meta = [
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="color-scheme" content="light dark">`,
    `<link rel="icon" href="${FAVICON}">`,
    `<title>${escapeHtml(title)}</title>`,
    description ? `<meta name="description" content="${escapeHtml(description)}">` : "",
    options.robots ? `<meta name="robots" content="${escapeHtml(options.robots)}">` : "",
    options.mastodonEmbeds
      ? `<meta name="${MASTODON_EMBEDS_META}" content="${escapeHtml(options.mastodonEmbeds.join(" "))}">`
      : "",
    url ? `<link rel="canonical" href="${escapeHtml(url)}">` : "",
    `<meta property="og:site_name" content="${escapeHtml(options.site?.name ?? "liveblog")}">`,
    `<meta property="og:title" content="${escapeHtml(title)}">`,
    description ? `<meta property="og:description" content="${escapeHtml(description)}">` : "",
    url ? `<meta property="og:url" content="${escapeHtml(url)}">` : "",
    ...cardMeta(options),
    ...assets.styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`),
    ...assets.preloads.map((href) => `<link rel="modulepreload" href="${escapeHtml(href)}">`),
    ...assets.scripts.map((src) => `<script type="module" src="${escapeHtml(src)}"></script>`),
    options.head ?? "",
  ];
  const skip = i18n ? i18n.t("page.skipToContent") : "Skip to content";
  const chrome =
    options.chrome === false
      ? ""
      : `<a class="skip-link" href="#main">${escapeHtml(skip)}</a>\n` +
        `<header class="site-header"><a class="site-name" href="/">liveblog</a></header>\n`;
  const language = `lang="${escapeHtml(i18n?.language ?? "en")}" dir="${i18n?.dir ?? "ltr"}"`;
  const html = options.htmlAttributes
    ? `<html ${language} ${options.htmlAttributes}>`
    : `<html ${language}>`;
  return (
    `<!doctype html>\n${html}\n<head>\n${meta.filter(Boolean).join("\n")}\n</head>\n<body>\n` +
    chrome +
    `${options.body}\n${options.tail ?? ""}\n</body>\n</html>\n`
  );
}

/** A plain page with a heading and a sentence: 404s and errors. */
export function renderMessagePage(title: string, message: string, assets: PageAssets): string {
  return renderDocument({
    title,
    assets,
    body: `<main id="main" class="page-message" tabindex="-1"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">All live blogs</a></p></main>`,
  });
}
