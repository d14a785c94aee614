/**
 * Polls and reactions on a live reader page (the reader page, an entry's page, the embed frame):
 * votes and reactions sent over HTTP, counts kept live from `blog:tallies` and loaded whole once
 * live (a cached page is older than the socket), this device's choices remembered on it, and the
 * entries' poll and reactions redrawn in place as they change (engagement-view.ts).
 *
 * Refusals are said under the poll, in the page's language: a vote is not changed once cast (the
 * server's already_voted names the option this device chose, which then shows as its vote), a
 * closed or changed poll, and too many requests (429) from the reader's connection.
 */
import type { ReactResult, Tallies, VoteResult } from "../../shared/engagement.js";
import type { EngagementView } from "../../shared/engagement-markup.js";
import {
  createEngagementModel,
  nextPollClosing,
  type VoteRefusal,
} from "../../shared/engagement-model.js";
import type { EntryModel } from "../../shared/entry-model.js";
import type { I18n } from "../../shared/i18n/i18n.js";
import { isReaction, type Reaction } from "../../shared/reactions.js";
import { entryElementId, entryIdFromHash } from "../../shared/render.js";
import type { ReaderEntry } from "../../shared/schemas.js";
import { api, ApiError } from "../common/api.js";
import { readRemembered, writeRemembered } from "../common/engagement-memory.js";
import { loadTallies, redrawEngagement } from "../common/engagement-view.js";

export interface ReaderEngagementOptions {
  root: HTMLElement;
  blogId: string;
  entries: EntryModel;
  i18n: I18n;
  /** The counts the page was rendered with. */
  initial: Tallies | null | undefined;
  /** The embed frame's device token, sent with each vote and reaction in place of a cookie. */
  device?: string;
}

/** The longest a timer waits (setTimeout's limit); a later closing time is looked at again. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What the server's refusal of a vote means for the reader. */
function refusalOf(err: unknown): VoteRefusal {
  if (!(err instanceof ApiError)) return { kind: "failed" };
  if (err.code === "already_voted") {
    const option = (err.details[0] as { option?: unknown } | undefined)?.option;
    if (typeof option === "number") return { kind: "alreadyVoted", option };
  }
  if (err.code === "poll_closed") return { kind: "closed" };
  if (err.code === "poll_not_found" || err.code === "no_such_option" || err.status === 404)
    return { kind: "gone" };
  if (err.status === 429) return { kind: "rateLimited" };
  return { kind: "failed" };
}

export function startReaderEngagement(options: ReaderEngagementOptions) {
  const { root, blogId, entries, i18n, device } = options;
  const counts = createEngagementModel(readRemembered(blogId));
  if (options.initial) counts.received(options.initial);
  const base = `/api/blogs/${encodeURIComponent(blogId)}`;
  const withDevice = device === undefined ? {} : { device };
  const save = () => writeRemembered(blogId, counts.remembered);

  const view = (entry: ReaderEntry): EngagementView => ({
    mode: "live",
    nowMs: Date.now(),
    entry: counts.of(entry),
    cookieless: device !== undefined,
  });

  const redraw = (entryId: string) => {
    const entry = entries.get(entryId);
    const article = document.getElementById(entryElementId(entryId));
    if (entry && article && root.contains(article))
      redrawEngagement(article, entry, view(entry), i18n);
  };
  const redrawAll = () => {
    for (const article of root.querySelectorAll("article.entry")) {
      const entryId = entryIdFromHash(`#${article.id}`);
      if (entryId) redraw(entryId);
    }
  };

  // A poll that closes by itself shows its results then, without a word from the server.
  let closing: ReturnType<typeof setTimeout> | undefined;
  const watchClosing = () => {
    clearTimeout(closing);
    const now = Date.now();
    const at = nextPollClosing(entries.latest(), now);
    if (at === null) return;
    closing = setTimeout(
      () => {
        redrawAll();
        watchClosing();
      },
      Math.min(at - now + 50, MAX_TIMER_MS),
    );
  };

  const vote = async (entry: ReaderEntry, option: number) => {
    const poll = entry.poll;
    if (!poll || counts.of(entry).voting) return;
    counts.voteSent(entry.id);
    redraw(entry.id);
    try {
      const result = await api<VoteResult>(
        `${base}/entries/${encodeURIComponent(entry.id)}/poll/votes`,
        { method: "POST", body: { pollId: poll.id, option, ...withDevice } },
      );
      counts.voted(entry.id, poll.id, result);
    } catch (err) {
      counts.voteRefused(entry.id, poll.id, refusalOf(err));
    }
    save();
    redraw(entry.id);
  };

  const react = async (entry: ReaderEntry, reaction: Reaction) => {
    if (counts.isReacting(entry.id, reaction)) return;
    const on = !counts.of(entry).myReactions.includes(reaction);
    counts.reactionSent(entry.id, reaction, on);
    redraw(entry.id);
    try {
      const result = await api<ReactResult>(
        `${base}/entries/${encodeURIComponent(entry.id)}/reactions`,
        { method: "POST", body: { reaction, on, ...withDevice } },
      );
      counts.reacted(entry.id, reaction, result);
      save();
    } catch (err) {
      const limited = err instanceof ApiError && err.status === 429;
      counts.reactionFailed(
        entry.id,
        reaction,
        limited ? "reactions.rateLimited" : "reactions.failed",
      );
    }
    redraw(entry.id);
  };

  root.addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>(
      "button.poll-option, button.reaction",
    );
    if (!button || button.disabled || button.getAttribute("aria-disabled") === "true") return;
    const entryId = entryIdFromHash(`#${button.closest("article.entry")?.id ?? ""}`);
    const entry = entryId ? entries.get(entryId) : undefined;
    if (!entry) return;
    const { option, reaction } = button.dataset;
    if (option !== undefined) void vote(entry, Number(option));
    else if (isReaction(reaction)) void react(entry, reaction);
  });

  return {
    /** How the page draws an entry's poll and reactions now. */
    view,
    /** `blog:tallies`: the entries whose counts changed. */
    received(tallies: Tallies) {
      for (const entryId of counts.received(tallies)) redraw(entryId);
    },
    /** Loads every entry's counts (once live, and after a resync or a reconnection). */
    load: () => loadTallies(counts, base, redraw),
    /** The server's entries, drawn for a page without JavaScript, become live ones. */
    takeOver: redrawAll,
    /** After each draw: entries came and went, and with them polls that close by themselves. */
    drawn: watchClosing,
  };
}

export type ReaderEngagement = ReturnType<typeof startReaderEngagement>;
