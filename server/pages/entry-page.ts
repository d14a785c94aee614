/**
 * An entry's own page, `/blogs/:blogId/entries/:entryId`: what a shared link opens. It is the
 * blog's reader page (same body, same live client) placed so that the entry is in the HTML, for
 * crawlers and readers without JavaScript, and scrolled to and marked by the client
 * (`ReaderState.target`). Its link preview is the entry's: headline, first paragraph, first
 * picture, canonical at the entry's own address so that networks count shares per entry.
 */
import { excerpt, plainText } from "../../shared/html.js";
import { firstPictureUrl, type Publisher } from "../../shared/json-ld.js";
import type { CoverImage } from "../../shared/page-state.js";
import { entryTitle } from "../../shared/render.js";
import type { Blog, Entry } from "../../shared/schemas.js";
import { notFound } from "../errors.js";
import type { PageAssets } from "./assets.js";
import { previewImage } from "./cover.js";
import type { SiteOwner } from "./layout.js";
import { pageDescription, renderReaderPage } from "./reader-page.js";
import { loadReaderState, type ReaderState, type ReaderStateDeps } from "./reader-state.js";
import { createI18n } from "../../shared/i18n/i18n.js";

/** About what networks show under a card's title before they cut it themselves. */
const DESCRIPTION_MAX = 200;

/** The text of the entry's first paragraph that has any, else of its whole body. */
export function firstParagraph(html: string): string {
  for (const [paragraph] of html.matchAll(/<p\b[^>]*>[\s\S]*?<\/p>/gi)) {
    const text = plainText(paragraph);
    if (text) return text;
  }
  return plainText(html);
}

/**
 * The entry's first picture as a link preview shows it: its largest rendition (absolute), with
 * the size and alt text the `<img>` carries. An uploaded picture's `<img>` is sized as its
 * largest rendition (server/blogs/figures.ts); a picture without a size gives no preview image.
 */
export function entryPicture(html: string, origin: string): CoverImage | null {
  const img = /<img\b[^>]*>/i.exec(html)?.[0];
  const url = img && firstPictureUrl(html, `${origin}/`);
  if (!img || !url) return null;
  // plainText decodes the attribute's entities (its value has no tags: `<` is escaped there).
  const attribute = (name: string) =>
    plainText(new RegExp(`\\s${name}="([^"]*)"`, "i").exec(img)?.[1] ?? "");
  const width = Number(attribute("width"));
  const height = Number(attribute("height"));
  if (!(width > 0 && height > 0)) return null;
  return { url, width, height, alt: attribute("alt") };
}

/**
 * The reader state of an entry's page: the newest page when the entry is on it (or pinned, shown
 * above the stream), else the older page that starts at the entry. Throws 404 for an entry
 * readers cannot see (unknown, or a draft: the store holds drafts apart, so both look the same).
 */
export async function loadEntryPageState(
  deps: ReaderStateDeps,
  blog: Blog,
  entry: Entry,
): Promise<ReaderState> {
  const newest = await loadReaderState(deps, blog, { filter: "all", before: undefined });
  if (entry.pinned || newest.stream.some((shown) => shown.id === entry.id))
    return { ...newest, target: entry.id };
  const before = await deps.blogs.cursorThrough(blog.id, entry.id);
  // Deleted between the two reads.
  if (before === null) throw notFound(`Entry "${entry.id}"`);
  return { ...(await loadReaderState(deps, blog, { filter: "all", before })), target: entry.id };
}

export function renderEntryPage(
  state: ReaderState,
  entry: Entry,
  urls: { blog: string; entry: string; origin: string },
  assets: PageAssets,
  mastodonEmbeds: readonly string[],
  publisher: Publisher & SiteOwner,
): string {
  const text = firstParagraph(entry.html);
  return renderReaderPage(state, urls.blog, assets, mastodonEmbeds, publisher, {
    title: entryTitle(entry),
    description: text
      ? excerpt(text, DESCRIPTION_MAX)
      : pageDescription(state.blog, createI18n(state.locale)),
    url: urls.entry,
    image: entryPicture(entry.html, urls.origin) ?? previewImage(state.cover),
  });
}
