/**
 * The poll and the reactions bar of an entry, as THE entry renderer (render.ts) puts them into
 * every entry: on the server's pages, in entries the live client adds or redraws, in the embed
 * frame and on the desk. The live client also redraws these two parts alone when counts move
 * (client/common/engagement.ts), from the same functions, so they never differ.
 *
 * Modes: "page" is the server's HTML, which works without JavaScript: its buttons are disabled
 * (they could do nothing) until the live client takes the entry over in "live" mode. "desk" shows
 * editors the results always, and nothing to press.
 *
 * Results (a bar, the share and the count of each option) show once this device voted or the poll
 * closed; before, the options are buttons. Nothing here is a chatty live region: counts change in
 * place, and only the reader's own action says something (the `role="status"` notices).
 */
import type { EntryEngagement } from "./engagement-model.js";
import { escapeHtml } from "./html.js";
import type { I18n } from "./i18n/i18n.js";
import { pollIsOpen } from "./polls.js";
import { REACTION_EMOJI, REACTIONS } from "./reactions.js";
import type { Poll, ReaderEntry } from "./schemas.js";

export type EngagementMode = "page" | "live" | "desk";

/** How an entry's engagement is drawn: where, when, and what is known of it. */
export interface EngagementView {
  mode: EngagementMode;
  /** Now (ms), for polls that close by themselves. */
  nowMs: number;
  entry: EntryEngagement;
  /** The embed frame, which sets no cookie: say how votes are counted there. */
  cookieless?: boolean;
}

/** Whether a poll shows its results rather than its options. */
export function showsResults(poll: Poll, view: EngagementView): boolean {
  return (
    view.mode === "desk" ||
    view.entry.myVote !== null ||
    view.entry.refusedClosed ||
    !pollIsOpen(poll, view.nowMs)
  );
}

/** Each option's share of the votes (0 to 1; 0 while nobody voted), and its count. */
export function pollShares(poll: Poll, entry: EntryEngagement): { count: number; share: number }[] {
  const counts = poll.options.map((_, i) => entry.tally?.counts[i] ?? 0);
  const total = counts.reduce((sum, n) => sum + n, 0);
  return counts.map((count) => ({ count, share: total > 0 ? count / total : 0 }));
}

/** The element ids of an entry's poll and of its question. */
export const pollElementId = (entryId: string) => `poll-${entryId}`;

function optionsMarkup(poll: Poll, view: EngagementView): string {
  const state =
    view.mode === "live" ? (view.entry.voting ? ` aria-disabled="true"` : "") : " disabled";
  return (
    `<div class="poll-options">` +
    poll.options
      .map(
        (option, i) =>
          `<button type="button" class="poll-option" data-option="${i}"${state}>${escapeHtml(option)}</button>`,
      )
      .join("") +
    `</div>`
  );
}

function resultsMarkup(poll: Poll, view: EngagementView, i18n: I18n): string {
  const shares = pollShares(poll, view.entry);
  return (
    `<ol class="poll-bars">` +
    poll.options
      .map((option, i) => {
        const { count, share } = shares[i]!;
        const mine = view.entry.myVote === i;
        const width = Math.round(share * 1000) / 10;
        const figure = i18n.t("poll.optionResult", {
          percent: i18n.percent(share),
          votes: i18n.plural("poll.votes", count),
        });
        return (
          `<li class="poll-result${mine ? " is-mine" : ""}">` +
          `<span class="poll-result-text"><span class="poll-result-option">${escapeHtml(option)}</span>` +
          (mine ? `<span class="poll-mine">${escapeHtml(i18n.t("poll.yourVote"))}</span>` : "") +
          `<span class="poll-result-figure">${escapeHtml(figure)}</span></span>` +
          `<span class="poll-bar" aria-hidden="true"><span class="poll-bar-fill" style="width:${width}%"></span></span>` +
          `</li>`
        );
      })
      .join("") +
    `</ol>`
  );
}

/** Under the poll: the votes so far once results show, and whether or when it closes. */
function footMarkup(poll: Poll, view: EngagementView, results: boolean, i18n: I18n): string {
  const parts: string[] = [];
  if (results) {
    const total = pollShares(poll, view.entry).reduce((sum, option) => sum + option.count, 0);
    parts.push(escapeHtml(i18n.plural("poll.votes", total)));
  }
  const open = pollIsOpen(poll, view.nowMs) && !view.entry.refusedClosed;
  if (!open) parts.push(escapeHtml(i18n.t("poll.closed")));
  else if (poll.closesAt) {
    const at = escapeHtml(poll.closesAt);
    const time = `<time datetime="${at}" title="${escapeHtml(i18n.full(poll.closesAt))}">${escapeHtml(i18n.dayAndTime(poll.closesAt))}</time>`;
    parts.push(i18n.html("poll.closes", { time }));
  }
  return parts.join(" · ");
}

/** An entry's poll, or "" without one. */
export function renderPoll(
  entry: Pick<ReaderEntry, "id" | "poll">,
  view: EngagementView,
  i18n: I18n,
): string {
  const poll = entry.poll;
  if (!poll) return "";
  const id = escapeHtml(pollElementId(entry.id));
  const results = showsResults(poll, view);
  const notice = view.entry.pollNotice ? escapeHtml(i18n.t(view.entry.pollNotice)) : "";
  return (
    `<div class="poll${results ? " poll-results" : ""}" id="${id}" data-poll="${escapeHtml(poll.id)}" role="group" aria-labelledby="${id}-question" tabindex="-1">` +
    `<p class="poll-question" id="${id}-question">${escapeHtml(poll.question)}</p>` +
    `<div class="poll-body">${results ? resultsMarkup(poll, view, i18n) : optionsMarkup(poll, view)}</div>` +
    `<p class="poll-foot">${footMarkup(poll, view, results, i18n)}</p>` +
    (view.cookieless ? `<p class="poll-note">${escapeHtml(i18n.t("poll.noCookies"))}</p>` : "") +
    `<p class="poll-notice" role="status">${notice}</p>` +
    `</div>`
  );
}

/** An entry's reactions: one toggle button each, with its count when anyone chose it. */
export function renderReactions(entryId: string, view: EngagementView, i18n: I18n): string {
  const mine = new Set(view.entry.myReactions);
  const waiting = new Set(view.entry.reacting);
  const buttons = REACTIONS.map((reaction) => {
    const name = escapeHtml(i18n.t(`reaction.${reaction}`));
    const count = view.entry.reactions[reaction];
    const state =
      view.mode === "live"
        ? ` aria-pressed="${mine.has(reaction)}"${waiting.has(reaction) ? ` aria-disabled="true"` : ""}`
        : " disabled";
    return (
      `<button type="button" class="reaction" data-reaction="${reaction}" title="${name}"${state}>` +
      `<span class="reaction-emoji" aria-hidden="true">${REACTION_EMOJI[reaction]}</span>` +
      // The space keeps the name and the count apart in what a screen reader says ("Like 12").
      `<span class="visually-hidden">${name}</span> ` +
      `<span class="reaction-count">${count > 0 ? escapeHtml(i18n.number(count)) : ""}</span>` +
      `</button>`
    );
  }).join("");
  const notice = view.entry.reactionsNotice ? escapeHtml(i18n.t(view.entry.reactionsNotice)) : "";
  return (
    `<div class="reactions" data-reactions="${escapeHtml(entryId)}" role="group" aria-label="${escapeHtml(i18n.t("reactions.label"))}">` +
    buttons +
    `<p class="reactions-notice" role="status">${notice}</p>` +
    `</div>`
  );
}
