/**
 * THE entry renderer: the server pages and the browser client both build entry markup here, so an
 * entry rendered into the first HTML and one inserted live can never differ. Headline and author
 * are escaped; `entry.html` was sanitized on the server at write time and is inserted as is (its
 * embed cards in the page's language).
 *
 * Every word comes from the page's catalog and every time is absolute, in the blog's time zone
 * (deterministic, cache-safe); the client fills each `time[data-ago]` with "3 minutes ago".
 */
import { noEngagement } from "./engagement-model.js";
import { renderPoll, renderReactions, type EngagementView } from "./engagement-markup.js";
import { localizeEmbedCards } from "./embeds/card.js";
import { escapeHtml, excerpt, plainText } from "./html.js";
import type { I18n } from "./i18n/i18n.js";
import type { Blog, ReaderEntry } from "./schemas.js";

/** The element id of an entry, and the fragment of its permalink. */
export const entryElementId = (entryId: string) => `entry-${entryId}`;

/** The entry's id from a `#entry-<id>` fragment, or null when the fragment is something else. */
export function entryIdFromHash(hash: string): string | null {
  const match = /^#entry-([A-Za-z0-9_-]{1,64})$/.exec(hash);
  return match ? match[1]! : null;
}

/** A blog page's document title: the blog's, marked while it is live. */
export const pageTitle = (blog: Pick<Blog, "title" | "status">, i18n: I18n) =>
  blog.status === "live" ? i18n.t("page.titleLive", { title: blog.title }) : blog.title;

/** A short title for an entry: its headline, or the start of its text. */
export function entryTitle(entry: Pick<ReaderEntry, "headline" | "html">, max = 90): string {
  return entry.headline ?? excerpt(plainText(entry.html), max);
}

/** Each author in a span of their own ("By <span>Ana</span> and <span>Bo</span>"). */
const byline = (entry: ReaderEntry, i18n: I18n) =>
  i18n.html("entry.byline", {
    names: i18n.list(
      authorNames(entry).map((name) => `<span class="entry-author">${escapeHtml(name)}</span>`),
    ),
  });

function badges(entry: ReaderEntry, i18n: I18n): string {
  let out = "";
  if (entry.pinned)
    out += `<span class="badge badge-pinned">${escapeHtml(i18n.t("entry.pinned"))}</span>`;
  if (entry.keyEvent)
    out += `<span class="badge badge-key">${escapeHtml(i18n.t("entry.keyEvent"))}</span>`;
  return out;
}

/**
 * When something happened, as every page shows it: "3 minutes ago" (written by the client into
 * the empty `data-ago` element, which the server cannot know) and the day and time in the
 * blog's zone, with everything on hover.
 */
export function timeMarkup(
  iso: string,
  i18n: I18n,
  show: "dayAndTime" | "clock" = "dayAndTime",
  /** Where a line of its own for "3 minutes ago" would push what follows, leave it out. */
  withAgo = show === "dayAndTime",
) {
  const at = escapeHtml(iso);
  const ago = withAgo ? `<time class="ago" datetime="${at}" data-ago></time>` : "";
  return `${ago}<time datetime="${at}" title="${escapeHtml(i18n.full(iso))}">${escapeHtml(i18n[show](iso))}</time>`;
}

/**
 * Who an entry is by, as bylines show them: its authors' display names, in byline order. Entries
 * stored before bylines have no `authors` (the stores hand back what they keep): their `author`.
 */
export function authorNames(
  entry: Pick<ReaderEntry, "author"> & { authors?: ReaderEntry["authors"] },
): string[] {
  if (entry.authors && entry.authors.length > 0)
    return entry.authors.map((author) => author.displayName);
  return [entry.author.displayName ?? entry.author.name];
}

/**
 * The entry's share control. Hidden until the live client wires it (client/reader/share.ts): a
 * button does nothing without JavaScript, and there the time link is the entry's permalink to
 * copy. Pages without that client (the desk, a host page's prefetched copy) never show it.
 */
const shareButton = (i18n: I18n) =>
  `<button type="button" class="entry-share" data-share aria-haspopup="dialog" hidden>${escapeHtml(i18n.t("share.button"))}</button>`;

/**
 * One entry as an `<article>`, the unit the page lists and the client swaps by id and version.
 * Its poll and reactions are drawn as `engagement` says (engagement-markup.ts): by default as
 * the server's HTML draws them, with nothing counted.
 */
export function renderEntry(
  entry: ReaderEntry,
  i18n: I18n,
  engagement: EngagementView = { mode: "page", nowMs: Date.now(), entry: noEngagement() },
): string {
  const id = escapeHtml(entryElementId(entry.id));
  const classes = ["entry"];
  if (entry.pinned) classes.push("entry-pinned");
  if (entry.keyEvent) classes.push("entry-key");
  const headline = entry.headline
    ? `<h3 class="entry-headline">${escapeHtml(entry.headline)}</h3>`
    : "";
  const edited =
    entry.version > 1
      ? ` <span class="entry-edited">${i18n.html("entry.edited", { time: timeMarkup(entry.updatedAt, i18n, "clock") })}</span>`
      : "";
  return (
    `<article class="${classes.join(" ")}" id="${id}" data-version="${entry.version}" tabindex="-1">` +
    `<p class="entry-meta">` +
    `<a class="entry-time" href="#${id}" title="${escapeHtml(i18n.t("entry.linkTitle"))}">` +
    `${timeMarkup(entry.createdAt, i18n)}</a>` +
    `${badges(entry, i18n)}${shareButton(i18n)}</p>` +
    headline +
    `<div class="entry-body">${localizeEmbedCards(entry.html, i18n)}</div>` +
    renderPoll(entry, engagement, i18n) +
    `<p class="entry-byline">${byline(entry, i18n)}${edited}</p>` +
    renderReactions(entry.id, engagement, i18n) +
    `</article>`
  );
}

/** One line of the key-events timeline: the time and the title, linking to the entry. */
export function renderKeyEvent(entry: ReaderEntry, i18n: I18n): string {
  const id = escapeHtml(entryElementId(entry.id));
  return (
    `<li class="key-event" data-entry="${escapeHtml(entry.id)}" data-version="${entry.version}">` +
    `<a href="#${id}">${timeMarkup(entry.createdAt, i18n, "dayAndTime", false)} ` +
    `<span class="key-event-title">${escapeHtml(entryTitle(entry, 80))}</span></a></li>`
  );
}
