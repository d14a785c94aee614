/**
 * schema.org LiveBlogPosting for a blog and its newest entries: rendered into the page by the
 * server and rebuilt by the client after every change, so that what a crawler sees stays in step
 * with what a reader sees.
 */
import { excerpt, plainText } from "./html.js";
import { authorNames, entryElementId, entryTitle } from "./render.js";
import type { Blog, Entry } from "./schemas.js";

/** How many updates the JSON-LD carries: enough for search engines, small enough for the page. */
export const JSON_LD_MAX_UPDATES = 20;

/** schema.org's author: one Person, or a list of them when several wrote it. */
function people(entry: Entry) {
  const persons = authorNames(entry).map((name) => ({ "@type": "Person", name }));
  return persons.length === 1 ? persons[0] : persons;
}

export function liveBlogPosting(
  blog: Pick<Blog, "title" | "description" | "status" | "createdAt" | "updatedAt">,
  entries: readonly Entry[],
  pageUrl: string,
  /** Absolute URLs of the cover's crops (Google asks for 1:1, 4:3 and 16:9). */
  images: readonly string[] = [],
): Record<string, unknown> {
  return {
    "@context": "https://schema.org",
    "@type": "LiveBlogPosting",
    "@id": pageUrl,
    url: pageUrl,
    headline: excerpt(blog.title, 110),
    ...(blog.description ? { description: blog.description } : {}),
    ...(images.length > 0 ? { image: [...images] } : {}),
    datePublished: blog.createdAt,
    dateModified: blog.updatedAt,
    coverageStartTime: blog.createdAt,
    ...(blog.status === "ended" ? { coverageEndTime: blog.updatedAt } : {}),
    liveBlogUpdate: entries.slice(0, JSON_LD_MAX_UPDATES).map((entry) => ({
      "@type": "BlogPosting",
      "@id": `${pageUrl}#${entryElementId(entry.id)}`,
      url: `${pageUrl}#${entryElementId(entry.id)}`,
      headline: excerpt(entryTitle(entry), 110),
      datePublished: entry.createdAt,
      dateModified: entry.updatedAt,
      author: people(entry),
      articleBody: plainText(entry.html),
    })),
  };
}
