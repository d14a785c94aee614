/**
 * Feeds of a blog's newest entries: Atom (RFC 4287) and JSON Feed 1.1, both with updated times,
 * both built from the same entry page the reader page starts with. A feed reader runs no consent
 * gate, so embed cards go out as links ("YouTube: <link>"), never as players.
 */
import { embedCardsAsLinks } from "../../shared/embeds/card.js";
import { escapeHtml, excerpt, plainText } from "../../shared/html.js";
import { authorNames, entryElementId, entryTitle } from "../../shared/render.js";
import type { CoverImage } from "../../shared/page-state.js";
import type { Blog, Entry } from "../../shared/schemas.js";
import { stripXmlForbidden } from "../../shared/text-input.js";
import { withAbsoluteMediaUrls } from "./media-urls.js";

export const FEED_SIZE = 50;

export interface FeedInput {
  blog: Blog;
  /** The cover's crops, 1:1, 4:3 and 16:9 ([] without a cover). */
  cover: readonly CoverImage[];
  entries: readonly Entry[];
  /** Absolute URL of the reader page. */
  pageUrl: string;
}

const itemTitle = (entry: Entry) => excerpt(entryTitle(entry), 120);
const permalink = (pageUrl: string, entry: Entry) => `${pageUrl}#${entryElementId(entry.id)}`;
/** The entry's HTML as a feed reader needs it: embed cards as links, pictures at absolute URLs. */
const contentOf = (pageUrl: string, entry: Entry) =>
  withAbsoluteMediaUrls(embedCardsAsLinks(entry.html), new URL(pageUrl).origin);

/**
 * The Atom writer's one escaping function, for every value it writes. It also drops what XML 1.0
 * forbids (controls, U+FFFE, lone surrogates): input is cleaned since issue 9, but entries stored
 * before may still hold such characters, and one of them makes readers reject the whole feed.
 */
const xml = (value: string) => escapeHtml(stripXmlForbidden(value));

/** A crop of the cover by its shape, if the blog has one. */
const crop = (cover: readonly CoverImage[], ratio: number) =>
  cover.find((image) => Math.abs(image.width / image.height - ratio) < 0.02);

/** One <author> per byline (Atom allows several). */
const atomAuthors = (entry: Entry) =>
  authorNames(entry)
    .map((name) => `    <author><name>${xml(name)}</name></author>`)
    .join("\n");

export function renderAtom({ blog, cover, entries, pageUrl }: FeedInput): string {
  // Atom's logo is wide (RFC 4287 suggests 2:1): the 16:9 crop is the closest.
  const logo = crop(cover, 16 / 9);
  const items = entries.map(
    (entry) => `  <entry>
    <id>${xml(permalink(pageUrl, entry))}</id>
    <title>${xml(itemTitle(entry))}</title>
    <link rel="alternate" type="text/html" href="${xml(permalink(pageUrl, entry))}"/>
    <published>${xml(entry.createdAt)}</published>
    <updated>${xml(entry.updatedAt)}</updated>
${atomAuthors(entry)}
    <content type="html">${xml(contentOf(pageUrl, entry))}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(blog.language)}">
  <id>${xml(pageUrl)}</id>
  <title>${xml(blog.title)}</title>
${blog.description ? `  <subtitle>${xml(blog.description)}</subtitle>\n` : ""}  <updated>${xml(blog.updatedAt)}</updated>
  <link rel="alternate" type="text/html" href="${xml(pageUrl)}"/>
  <link rel="self" type="application/atom+xml" href="${xml(pageUrl)}/feed.atom"/>
${logo ? `  <logo>${xml(logo.url)}</logo>\n` : ""}  <generator>liveblog</generator>
${items.join("\n")}
</feed>
`;
}

export function jsonFeed({ blog, cover, entries, pageUrl }: FeedInput): Record<string, unknown> {
  // JSON Feed's icon is square.
  const icon = crop(cover, 1);
  return {
    version: "https://jsonfeed.org/version/1.1",
    title: blog.title,
    home_page_url: pageUrl,
    feed_url: `${pageUrl}/feed.json`,
    ...(blog.description ? { description: blog.description } : {}),
    ...(icon ? { icon: icon.url } : {}),
    language: blog.language,
    items: entries.map((entry) => ({
      id: permalink(pageUrl, entry),
      url: permalink(pageUrl, entry),
      title: itemTitle(entry),
      content_html: contentOf(pageUrl, entry),
      summary: excerpt(plainText(entry.html), 200),
      date_published: entry.createdAt,
      date_modified: entry.updatedAt,
      authors: authorNames(entry).map((name) => ({ name })),
      ...(entry.keyEvent ? { tags: ["key event"] } : {}),
    })),
  };
}
