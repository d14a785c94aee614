/**
 * THE entry renderer: the server pages and the browser client both build entry markup here, so an
 * entry rendered into the first HTML and one inserted live can never differ. Headline and author
 * are escaped; `entry.html` was sanitized on the server at write time and is inserted as is.
 *
 * Times come out absolute and in UTC (deterministic, cache-safe); the client rewrites every
 * `time[data-relative]` and `time[data-clock]` for the reader's clock and time zone.
 */
import { escapeHtml, excerpt, plainText } from "./html.js";
import type { Entry } from "./schemas.js";
import { formatUtc, formatUtcClock } from "./time.js";

/** The element id of an entry, and the fragment of its permalink. */
export const entryElementId = (entryId: string) => `entry-${entryId}`;

/** The entry's id from a `#entry-<id>` fragment, or null when the fragment is something else. */
export function entryIdFromHash(hash: string): string | null {
  const match = /^#entry-([A-Za-z0-9_-]{1,64})$/.exec(hash);
  return match ? match[1]! : null;
}

/** A short title for an entry: its headline, or the start of its text. */
export function entryTitle(entry: Pick<Entry, "headline" | "html">, max = 90): string {
  return entry.headline ?? excerpt(plainText(entry.html), max);
}

/** Each author in a span of their own ("By <span>Ana</span> and <span>Bo</span>"). */
const byline = (entry: Entry) =>
  namesInWords(
    authorNames(entry).map((name) => `<span class="entry-author">${escapeHtml(name)}</span>`),
  );

function badges(entry: Entry): string {
  let out = "";
  if (entry.pinned) out += `<span class="badge badge-pinned">Pinned</span>`;
  if (entry.keyEvent) out += `<span class="badge badge-key">Key event</span>`;
  return out;
}

/**
 * Who an entry is by, as bylines show them: its authors' display names, in byline order. Entries
 * stored before bylines have no `authors` (the stores hand back what they keep): their `author`.
 */
export function authorNames(
  entry: Pick<Entry, "author"> & { authors?: Entry["authors"] },
): string[] {
  if (entry.authors && entry.authors.length > 0)
    return entry.authors.map((author) => author.displayName);
  return [entry.author.displayName ?? entry.author.name];
}

/** Names as a sentence says them: "Ana", "Ana and Bo", "Ana, Bo and Cem". */
export function namesInWords(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** One entry as an `<article>`, the unit the page lists and the client swaps by id and version. */
export function renderEntry(entry: Entry): string {
  const id = escapeHtml(entryElementId(entry.id));
  const classes = ["entry"];
  if (entry.pinned) classes.push("entry-pinned");
  if (entry.keyEvent) classes.push("entry-key");
  const headline = entry.headline
    ? `<h3 class="entry-headline">${escapeHtml(entry.headline)}</h3>`
    : "";
  const edited =
    entry.version > 1
      ? ` <span class="entry-edited">updated <time datetime="${escapeHtml(entry.updatedAt)}" data-clock>${formatUtcClock(entry.updatedAt)}</time></span>`
      : "";
  return (
    `<article class="${classes.join(" ")}" id="${id}" data-version="${entry.version}" tabindex="-1">` +
    `<p class="entry-meta">` +
    `<a class="entry-time" href="#${id}" title="Link to this update">` +
    `<time datetime="${escapeHtml(entry.createdAt)}" data-relative>${formatUtc(entry.createdAt)}</time></a>` +
    `${badges(entry)}</p>` +
    headline +
    `<div class="entry-body">${entry.html}</div>` +
    `<p class="entry-byline">By ${byline(entry)}${edited}</p>` +
    `</article>`
  );
}

/** One line of the key-events timeline: the time and the title, linking to the entry. */
export function renderKeyEvent(entry: Entry): string {
  const id = escapeHtml(entryElementId(entry.id));
  return (
    `<li class="key-event" data-entry="${escapeHtml(entry.id)}" data-version="${entry.version}">` +
    `<a href="#${id}"><time datetime="${escapeHtml(entry.createdAt)}" data-relative>${formatUtc(entry.createdAt)}</time> ` +
    `<span class="key-event-title">${escapeHtml(entryTitle(entry, 80))}</span></a></li>`
  );
}
