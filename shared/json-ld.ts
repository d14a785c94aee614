/**
 * schema.org LiveBlogPosting for a blog and its newest entries: rendered into the page by the
 * server and rebuilt by the client after every change, so that what a crawler sees stays in step
 * with what a reader sees. The fields follow Google's Article guidance (headline, image in three
 * ratios, dates, authors as Persons, publisher) and what publishers put on live blogs (coverage
 * times, an Event it is about, each update a BlogPosting with its own body and picture).
 */
import { excerpt, plainText } from "./html.js";
import { authorNames, entryElementId, entryTitle } from "./render.js";
import type { Blog, ReaderEntry } from "./schemas.js";

/** How many updates the JSON-LD carries: enough for search engines, small enough for the page. */
export const JSON_LD_MAX_UPDATES = 20;

/** The publisher as configured (PUBLISHER_NAME, PUBLISHER_LOGO_URL). */
export interface Publisher {
  name: string;
  logoUrl?: string | undefined;
}

/** The publisher as a schema.org Organization node. */
export interface PublisherNode {
  "@type": "Organization";
  name: string;
  logo?: { "@type": "ImageObject"; url: string };
}

export function publisherNode({ name, logoUrl }: Publisher): PublisherNode {
  return {
    "@type": "Organization",
    name,
    ...(logoUrl ? { logo: { "@type": "ImageObject", url: logoUrl } } : {}),
  };
}

/**
 * The publisher node of a LiveBlogPosting the server rendered, or null. The client has no
 * configuration: it keeps the server's node as it is, so its rebuilt JSON-LD names the same one.
 */
export function publisherOf(jsonLd: unknown): PublisherNode | null {
  const node = (jsonLd as { publisher?: Partial<PublisherNode> } | null)?.publisher;
  return node?.["@type"] === "Organization" && typeof node.name === "string"
    ? (node as PublisherNode)
    : null;
}

const person = (name: string) => ({ "@type": "Person", name });

/** schema.org's author: one Person, or a list of them when several wrote it. */
function people(entry: ReaderEntry) {
  const persons = authorNames(entry).map(person);
  return persons.length === 1 ? persons[0] : persons;
}

/** Everyone who wrote one of `entries`, once each; the publisher when nobody has yet. */
function postingAuthor(entries: readonly ReaderEntry[], publisher: PublisherNode) {
  const names = [...new Set(entries.flatMap(authorNames))];
  if (names.length === 0) return publisher;
  return names.length === 1 ? person(names[0]!) : names.map(person);
}

const ATTRIBUTE_ENTITIES: Record<string, string> = { amp: "&", quot: '"', lt: "<", gt: ">" };
const unescapeAttribute = (value: string) =>
  value.replace(/&(amp|quot|lt|gt);/g, (_whole, name: string) => ATTRIBUTE_ENTITIES[name]!);

/**
 * The absolute URL of the largest rendition of the first picture in sanitized entry HTML (the
 * widest srcset candidate, else its src), or null without one. Uploaded pictures are linked by
 * path (`/media/...`), so they are resolved against the page's origin.
 */
export function firstPictureUrl(html: string, pageUrl: string): string | null {
  const img = /<img\b[^>]*>/i.exec(html)?.[0];
  if (!img) return null;
  const attribute = (name: string) => {
    const value = new RegExp(`\\s${name}="([^"]*)"`, "i").exec(img)?.[1];
    return value === undefined ? undefined : unescapeAttribute(value);
  };
  const widest = (attribute("srcset") ?? "")
    .split(",")
    .map((candidate) => candidate.trim().split(/\s+/))
    .map(([url, descriptor]) => ({ url, width: parseInt(descriptor ?? "", 10) || 0 }))
    .filter((candidate) => candidate.url)
    .reduce<{ url?: string; width: number } | null>(
      (best, candidate) => (best && best.width >= candidate.width ? best : candidate),
      null,
    );
  const url = widest?.url ?? attribute("src");
  if (!url) return null;
  try {
    return new URL(url, pageUrl).href;
  } catch {
    return null;
  }
}

export interface LiveBlogPostingOptions {
  /** The reader page's absolute URL, the posting's @id. */
  pageUrl: string;
  /** Absolute URLs of the cover's crops (Google asks for 1:1, 4:3 and 16:9). */
  images?: readonly string[];
  publisher: PublisherNode;
}

export function liveBlogPosting(
  blog: Pick<
    Blog,
    "title" | "description" | "status" | "createdAt" | "updatedAt" | "endedAt" | "language"
  >,
  entries: readonly ReaderEntry[],
  { pageUrl, images = [], publisher }: LiveBlogPostingOptions,
): Record<string, unknown> {
  const updates = entries.slice(0, JSON_LD_MAX_UPDATES);
  // The time the coverage ended, which later edits do not move. A blog ended before endedAt
  // existed has only updatedAt, the nearest time it has: it must still say that it ended.
  const endedAt = blog.status === "ended" ? (blog.endedAt ?? blog.updatedAt) : null;
  return {
    "@context": "https://schema.org",
    "@type": "LiveBlogPosting",
    "@id": pageUrl,
    url: pageUrl,
    mainEntityOfPage: { "@type": "WebPage", "@id": pageUrl },
    headline: excerpt(blog.title, 110),
    ...(blog.description ? { description: blog.description } : {}),
    inLanguage: blog.language,
    ...(images.length > 0 ? { image: [...images] } : {}),
    datePublished: blog.createdAt,
    dateModified: blog.updatedAt,
    author: postingAuthor(updates, publisher),
    publisher,
    about: {
      "@type": "Event",
      name: blog.title,
      startDate: blog.createdAt,
      ...(endedAt ? { endDate: endedAt } : {}),
    },
    coverageStartTime: blog.createdAt,
    ...(endedAt ? { coverageEndTime: endedAt } : {}),
    liveBlogUpdate: updates.map((entry) => {
      const image = firstPictureUrl(entry.html, pageUrl);
      return {
        "@type": "BlogPosting",
        "@id": `${pageUrl}#${entryElementId(entry.id)}`,
        url: `${pageUrl}#${entryElementId(entry.id)}`,
        headline: excerpt(entryTitle(entry), 110),
        datePublished: entry.createdAt,
        dateModified: entry.updatedAt,
        author: people(entry),
        ...(image ? { image } : {}),
        // Paragraphs and list items on lines of their own, so that sentences do not run together.
        articleBody: plainText(entry.html, { lines: true }),
      };
    }),
  };
}
