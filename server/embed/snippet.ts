/**
 * The one script tag a host page pastes to embed a blog, and the addresses that lead to it. The
 * oEmbed answer, the prefetch fragment and docs/EMBED.md all give this same tag, so that a CMS
 * that took it from any of them gets the loader (`/embed.js`) with the same options.
 */
import { escapeHtml } from "../../shared/html.js";

/** `<script async src="https://live.example.com/embed.js" data-blog="BLOG_ID"></script>` */
export function embedSnippet(origin: string, blogId: string): string {
  return `<script async src="${escapeHtml(`${origin}/embed.js`)}" data-blog="${escapeHtml(blogId)}"></script>`;
}

/** The oEmbed endpoint's address for one reader page: what the page's discovery link names. */
export function oembedUrl(origin: string, pageUrl: string): string {
  return `${origin}/oembed?url=${encodeURIComponent(pageUrl)}&format=json`;
}

/** The reader page's `<link rel="alternate" type="application/json+oembed">`, for its head. */
export function oembedDiscoveryLink(origin: string, pageUrl: string, title: string): string {
  return `<link rel="alternate" type="application/json+oembed" href="${escapeHtml(oembedUrl(origin, pageUrl))}" title="${escapeHtml(title)}">`;
}
