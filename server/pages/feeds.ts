/**
 * Feeds of a blog's newest entries: Atom (RFC 4287) and JSON Feed 1.1, both with updated times,
 * both built from the same entry page the reader page starts with.
 */
import { escapeHtml, excerpt, plainText } from "../../shared/html.js";
import { entryElementId, entryTitle } from "../../shared/render.js";
import type { Blog, Entry } from "../../shared/schemas.js";

export const FEED_SIZE = 50;

export interface FeedInput {
  blog: Blog;
  entries: readonly Entry[];
  /** Absolute URL of the reader page. */
  pageUrl: string;
}

const itemTitle = (entry: Entry) => excerpt(entryTitle(entry), 120);
const permalink = (pageUrl: string, entry: Entry) => `${pageUrl}#${entryElementId(entry.id)}`;

export function renderAtom({ blog, entries, pageUrl }: FeedInput): string {
  const items = entries.map(
    (entry) => `  <entry>
    <id>${escapeHtml(permalink(pageUrl, entry))}</id>
    <title>${escapeHtml(itemTitle(entry))}</title>
    <link rel="alternate" type="text/html" href="${escapeHtml(permalink(pageUrl, entry))}"/>
    <published>${entry.createdAt}</published>
    <updated>${entry.updatedAt}</updated>
    <author><name>${escapeHtml(entry.author.name)}</name></author>
    <content type="html">${escapeHtml(entry.html)}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeHtml(pageUrl)}</id>
  <title>${escapeHtml(blog.title)}</title>
${blog.description ? `  <subtitle>${escapeHtml(blog.description)}</subtitle>\n` : ""}  <updated>${blog.updatedAt}</updated>
  <link rel="alternate" type="text/html" href="${escapeHtml(pageUrl)}"/>
  <link rel="self" type="application/atom+xml" href="${escapeHtml(pageUrl)}/feed.atom"/>
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
      content_html: entry.html,
      summary: excerpt(plainText(entry.html), 200),
      date_published: entry.createdAt,
      date_modified: entry.updatedAt,
      authors: [{ name: entry.author.name }],
      ...(entry.keyEvent ? { tags: ["key event"] } : {}),
    })),
  };
}
