/**
 * Feeds of a blog's newest entries: Atom (RFC 4287) and JSON Feed 1.1, both with updated times,
 * both built from the same entry page the reader page starts with.
 */
import { escapeHtml, excerpt, plainText } from "../../shared/html.js";
import { entryElementId, entryTitle } from "../../shared/render.js";
import type { Blog, Entry } from "../../shared/schemas.js";
import { stripXmlForbidden } from "../../shared/text-input.js";
import { withAbsoluteMediaUrls } from "./media-urls.js";

export const FEED_SIZE = 50;

export interface FeedInput {
  blog: Blog;
  entries: readonly Entry[];
  /** Absolute URL of the reader page. */
  pageUrl: string;
}

const itemTitle = (entry: Entry) => excerpt(entryTitle(entry), 120);
const permalink = (pageUrl: string, entry: Entry) => `${pageUrl}#${entryElementId(entry.id)}`;
/** The entry's HTML as a feed reader needs it: pictures at absolute URLs. */
const contentOf = (pageUrl: string, entry: Entry) =>
  withAbsoluteMediaUrls(entry.html, new URL(pageUrl).origin);

/**
 * The Atom writer's one escaping function, for every value it writes. It also drops what XML 1.0
 * forbids (controls, U+FFFE, lone surrogates): input is cleaned since issue 9, but entries stored
 * before may still hold such characters, and one of them makes readers reject the whole feed.
 */
const xml = (value: string) => escapeHtml(stripXmlForbidden(value));

export function renderAtom({ blog, entries, pageUrl }: FeedInput): string {
  const items = entries.map(
    (entry) => `  <entry>
    <id>${xml(permalink(pageUrl, entry))}</id>
    <title>${xml(itemTitle(entry))}</title>
    <link rel="alternate" type="text/html" href="${xml(permalink(pageUrl, entry))}"/>
    <published>${xml(entry.createdAt)}</published>
    <updated>${xml(entry.updatedAt)}</updated>
    <author><name>${xml(entry.author.name)}</name></author>
    <content type="html">${xml(contentOf(pageUrl, entry))}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(pageUrl)}</id>
  <title>${xml(blog.title)}</title>
${blog.description ? `  <subtitle>${xml(blog.description)}</subtitle>\n` : ""}  <updated>${xml(blog.updatedAt)}</updated>
  <link rel="alternate" type="text/html" href="${xml(pageUrl)}"/>
  <link rel="self" type="application/atom+xml" href="${xml(pageUrl)}/feed.atom"/>
  <generator>liveblog</generator>
${items.join("\n")}
</feed>
`;
}

export function jsonFeed({ blog, entries, pageUrl }: FeedInput): Record<string, unknown> {
  return {
    version: "https://jsonfeed.org/version/1.1",
    title: blog.title,
    home_page_url: pageUrl,
    feed_url: `${pageUrl}/feed.json`,
    ...(blog.description ? { description: blog.description } : {}),
    language: "en",
    items: entries.map((entry) => ({
      id: permalink(pageUrl, entry),
      url: permalink(pageUrl, entry),
      title: itemTitle(entry),
      content_html: contentOf(pageUrl, entry),
      summary: excerpt(plainText(entry.html), 200),
      date_published: entry.createdAt,
      date_modified: entry.updatedAt,
      authors: [{ name: entry.author.name }],
      ...(entry.keyEvent ? { tags: ["key event"] } : {}),
    })),
  };
}
