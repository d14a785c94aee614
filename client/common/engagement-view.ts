/**
 * Redraws an entry's poll and reactions where it stands, when only they changed (counts moved,
 * this device voted, a poll closed by itself): from the shared renderer's own parts, morphed into
 * the article so that focus and the notices' live regions survive (dom.ts `morph`). And loads a
 * blog's counts whole, for the reader pages and the desk alike.
 */
import type { Tallies } from "../../shared/engagement.js";
import {
  renderPoll,
  renderReactions,
  type EngagementView,
} from "../../shared/engagement-markup.js";
import type { EngagementModel } from "../../shared/engagement-model.js";
import type { I18n } from "../../shared/i18n/i18n.js";
import type { ReaderEntry } from "../../shared/schemas.js";
import { api } from "./api.js";
import { elementFrom, morph } from "./dom.js";

/**
 * Loads every entry's counts of the blog at `base` (`/api/blogs/<id>`) into `counts`, and
 * redraws the entries whose counts moved: once live, and after a resync or a reconnection.
 */
export function loadTallies(
  counts: Pick<EngagementModel, "beginLoad">,
  base: string,
  redraw: (entryId: string) => void,
): void {
  const finish = counts.beginLoad();
  api<Tallies>(`${base}/tallies`).then(
    (tallies) => finish(tallies).forEach(redraw),
    () => finish(null),
  );
}

export function redrawEngagement(
  article: Element,
  entry: ReaderEntry,
  view: EngagementView,
  i18n: I18n,
): void {
  const active = document.activeElement;
  const poll = article.querySelector<HTMLElement>(":scope > .poll");
  const focusInPoll = !!poll && !!active && poll.contains(active);
  // A poll added or removed is a new version of the entry, which the page redraws whole.
  if (poll && entry.poll) morph(poll, elementFrom(renderPoll(entry, view, i18n)));
  const reactions = article.querySelector(":scope > .reactions");
  if (reactions) morph(reactions, elementFrom(renderReactions(entry.id, view, i18n)));
  // Results that replaced the options took the focused button with them: the poll keeps focus,
  // so that a keyboard or screen reader user stays where they were.
  if (focusInPoll && !active.isConnected) {
    article.querySelector<HTMLElement>(":scope > .poll")?.focus({ preventScroll: true });
  }
}
