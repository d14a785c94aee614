/**
 * Redraws an entry's poll and reactions where it stands, when only they changed (counts moved,
 * this device voted, a poll closed by itself): from the shared renderer's own parts, morphed into
 * the article so that focus and the notices' live regions survive (dom.ts `morph`).
 */
import {
  renderPoll,
  renderReactions,
  type EngagementView,
} from "../../shared/engagement-markup.js";
import type { I18n } from "../../shared/i18n/i18n.js";
import type { ReaderEntry } from "../../shared/schemas.js";
import { elementFrom, morph } from "./dom.js";

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
