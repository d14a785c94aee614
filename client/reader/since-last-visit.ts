/**
 * "New since your last visit (12)" for a returning reader on the same device: a marker just above
 * the newest entry they have not seen, and the key events among those summed up at the top of the
 * updates. Where they stood is kept by last-visit.ts (localStorage, per blog).
 *
 * What they have seen is what the page showed while visible: the newest position drawn with
 * nothing held back for a reader scrolled down. It is stored when they leave (the page hidden or
 * closed) and now and then while they read, so a browser killed in the background loses little.
 *
 * The new entries are those the page opened with: its own, and those its subscription caught up
 * on before it went live (the page may come from a cache: reader pages are cached for seconds
 * and served stale for a minute more). Entries that arrive live after that slide in above the
 * marker and are not counted. The stream is
 * reconciled on every draw (client/common/dom.ts), which drops any element that is not an entry,
 * so the marker is put back after each draw, under keepPlace so the reader's place holds.
 */
import type { EntryModel } from "../../shared/entry-model.js";
import { newestFirst } from "../../shared/entry-order.js";
import { escapeHtml } from "../../shared/html.js";
import type { I18n } from "../../shared/i18n/i18n.js";
import type { LogPosition, ReaderState } from "../../shared/page-state.js";
import { entryElementId, renderKeyEvent } from "../../shared/render.js";
import type { ReaderEntry } from "../../shared/schemas.js";
import { $, elementFrom, reconcile, type ReconcileOptions } from "../common/dom.js";
import { refreshTimes } from "../common/times.js";
import { readLastVisit, unseenSince, writeLastVisit, type LastVisit } from "./last-visit.js";
import { keepPlace } from "./scroll.js";

/** How often the position is stored while the page is open. */
const SAVE_EVERY_MS = 20_000;

export interface SinceLastVisitDeps {
  root: HTMLElement;
  state: ReaderState;
  model: EntryModel;
  i18n: I18n;
}

/** Of `entries`, those the page's stream shows in the filter it opened with. */
function inOpeningStream(
  state: ReaderState,
  entries: readonly ReaderEntry[],
): readonly ReaderEntry[] {
  // A page opened further back (`before`) does not show what is new.
  if (state.before !== null) return [];
  return state.filter === "all" ? entries : entries.filter((entry) => entry.keyEvent);
}

function summaryElement(i18n: I18n): HTMLElement {
  return elementFrom(
    `<section class="since-summary" aria-labelledby="since-summary-title" data-since-summary>` +
      `<h2 id="since-summary-title">${escapeHtml(i18n.t("since.keyEvents"))}</h2>` +
      `<ol class="key-events"></ol>` +
      `<button type="button" class="button button-small">${escapeHtml(i18n.t("since.dismiss"))}</button>` +
      `</section>`,
  );
}

export function startSinceLastVisit({ root, state, model, i18n }: SinceLastVisitDeps) {
  const blogId = state.blog.id;
  const stream = $("[data-stream]", root);
  let epoch = state.epoch;
  // Read before this visit stores its own position over it.
  const lastVisit = readLastVisit(blogId);
  const unseen: string[] = [];
  const unseenElementIds = new Set<string>();
  const addUnseen = (entries: readonly ReaderEntry[]) => {
    for (const entry of unseenSince(lastVisit, epoch, inOpeningStream(state, entries))) {
      if (unseenElementIds.has(entryElementId(entry.id))) continue;
      unseen.push(entry.id);
      unseenElementIds.add(entryElementId(entry.id));
    }
  };
  addUnseen(state.filter === "all" ? state.stream : state.keyEvents);
  let wentLive = false;

  let seen: LastVisit | null = null;
  const capture = () => {
    if (document.visibilityState !== "visible" || !model.streamHasNewest) return;
    if (model.heldCount("all") > 0) return;
    seen = { epoch, seq: model.blog.seq, at: model.blog.updatedAt };
  };
  const save = () => {
    if (seen) writeLastVisit(blogId, seen);
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") capture();
    else save();
  });
  window.addEventListener("pagehide", save);
  setInterval(save, SAVE_EVERY_MS);

  // A heading, so that it is found by heading navigation, and says in words what it marks.
  const marker = document.createElement("h3");
  marker.className = "since-marker";

  let summary: HTMLElement | null = null;
  const keyEventOptions: ReconcileOptions<ReaderEntry> = {
    keyOf: (entry) => entry.id,
    keyOfElement: (element) => element.dataset.entry,
    versionOf: (entry) => String(entry.version),
    render: (entry) => elementFrom(renderKeyEvent(entry, i18n)),
  };
  let dismissed = false;
  const dismiss = () => {
    dismissed = true;
    summary?.remove();
    summary = null;
    // The button goes: focus moves on to the first new entry, where reading goes on.
    const first = Array.from(stream.children).find((child) => unseenElementIds.has(child.id));
    (first instanceof HTMLElement ? first : root).focus({ preventScroll: true });
  };
  const showSummary = (keyEvents: readonly ReaderEntry[]) => {
    if (keyEvents.length === 0 || dismissed) {
      summary?.remove();
      summary = null;
      return;
    }
    if (!summary) {
      summary = summaryElement(i18n);
      $("button", summary).addEventListener("click", dismiss);
      $(".updates-column", root).prepend(summary);
    }
    const list = $<HTMLElement>("ol", summary);
    reconcile(list, keyEvents, keyEventOptions);
    refreshTimes(list, i18n);
  };

  /** The marker back in place (a draw removed it), the summary without entries gone since. */
  const show = () => {
    const present = unseen.flatMap((id) => model.get(id) ?? []).sort(newestFirst);
    const first = Array.from(stream.children).find((child) => unseenElementIds.has(child.id));
    keepPlace(stream, () => {
      if (!first) return marker.remove();
      marker.textContent = i18n.plural("since.marker", present.length);
      stream.insertBefore(marker, first);
    });
    showSummary(present.filter((entry) => entry.keyEvent));
  };

  return {
    /** After every draw. */
    drawn() {
      capture();
      show();
    },
    /** The connection is live: what it caught up on until now was there before this visit. */
    live() {
      if (wentLive) return;
      wentLive = true;
      addUnseen(model.all());
      show();
    },
    /** The page reloaded its lists, perhaps from a new log (epoch). */
    resynced(position: LogPosition) {
      epoch = position.epoch;
    },
  };
}

export type SinceLastVisit = ReturnType<typeof startSinceLastVisit>;
