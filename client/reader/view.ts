/**
 * Draws the reader page from the entry model: header, pinned section, key events, stream, the
 * "N new updates" button and the JSON-LD. The server drew the same markup with the same renderer,
 * so the first draw changes nothing; later draws touch only what changed.
 */
import type { EngagementView } from "../../shared/engagement-markup.js";
import type { EntryFilter, EntryModel } from "../../shared/entry-model.js";
import type { I18n } from "../../shared/i18n/i18n.js";
import { liveBlogPosting, publisherOf } from "../../shared/json-ld.js";
import { entryElementId, renderEntry, renderKeyEvent, timeMarkup } from "../../shared/render.js";
import type { ReaderEntry } from "../../shared/schemas.js";
import { $, elementFrom, reconcile, type ReconcileOptions } from "../common/dom.js";
import { activateEmbeds } from "../common/embed-gate.js";
import { refreshTimes } from "../common/times.js";
import { documentTitle } from "./page-title.js";
import { keepPlace } from "./scroll.js";

const entryOptions = (
  animate: boolean,
  i18n: I18n,
  prepare: (element: HTMLElement) => void,
  engagement: (entry: ReaderEntry) => EngagementView,
): ReconcileOptions<ReaderEntry> => ({
  keyOf: (entry) => entryElementId(entry.id),
  keyOfElement: (element) => element.id || undefined,
  versionOf: (entry) => String(entry.version),
  // Cards of always-allowed providers get their frame here, and the entry its controls, before
  // keepPlace measures.
  render: (entry) => {
    const element = activateEmbeds(elementFrom(renderEntry(entry, i18n, engagement(entry))));
    prepare(element);
    return element;
  },
  onAdded: (element) => {
    if (animate) element.classList.add("entry-new");
  },
  onReplaced: (element) => {
    if (animate) element.classList.add("entry-changed");
  },
});

const keyEventOptions = (i18n: I18n): ReconcileOptions<ReaderEntry> => ({
  keyOf: (entry) => entry.id,
  keyOfElement: (element) => element.dataset.entry,
  versionOf: (entry) => String(entry.version),
  render: (entry) => elementFrom(renderKeyEvent(entry, i18n)),
});

export function createReaderView(
  root: HTMLElement,
  model: EntryModel,
  i18n: I18n,
  pageUrl: string,
  /** The cover's crops for the JSON-LD, as the server put them there. */
  coverUrls: readonly string[] = [],
  /** Readies an entry just rendered, before it is measured and shown (its Share button). */
  prepareEntry: (element: HTMLElement) => void = () => {},
  /** How an entry's poll and reactions are drawn (client/reader/engagement.ts). */
  engagement: (entry: ReaderEntry) => EngagementView,
) {
  const el = {
    title: $("[data-title]", root),
    description: $("[data-description]", root),
    status: $("[data-status]", root),
    updated: $("[data-updated]", root),
    pinnedSection: $("[data-pinned-section]", root),
    pinned: $("[data-pinned]", root),
    keyEvents: $("[data-key-events]", root),
    keyEventsEmpty: $("[data-key-events-empty]", root),
    stream: $("[data-stream]", root),
    streamEmpty: $("[data-stream-empty]", root),
    newUpdates: $<HTMLButtonElement>("[data-new-updates]", root),
    loadOlder: $<HTMLAnchorElement>(".load-older", root),
    jsonLd: document.getElementById("lb-jsonld"),
  };
  // The client has no configuration: the publisher stays the one the server named.
  const publisher = el.jsonLd ? publisherOf(JSON.parse(el.jsonLd.textContent || "null")) : null;

  const keyEvents = keyEventOptions(i18n);
  let updatedAt = "";
  const drawHeader = () => {
    const { blog } = model;
    if (el.title.textContent !== blog.title) el.title.textContent = blog.title;
    el.description.textContent = blog.description;
    el.description.hidden = !blog.description;
    el.status.textContent = i18n.t(blog.status === "live" ? "blog.live" : "blog.ended");
    el.status.className = `status status-${blog.status}`;
    document.title = documentTitle(blog, i18n);
    if (blog.updatedAt !== updatedAt) {
      // Rendered as the server did; the server's copy is kept until the time changes.
      if (updatedAt) el.updated.innerHTML = timeMarkup(blog.updatedAt, i18n);
      updatedAt = blog.updatedAt;
    }
  };

  return {
    el,
    /** Draws the model; with `animate`, added and changed entries are marked for the eye. */
    draw(filter: EntryFilter, options: { animate: boolean; olderCursor: string | null }) {
      const view = model.view(filter);
      let added: HTMLElement[] = [];
      keepPlace(el.stream, () => {
        drawHeader();
        const entries = entryOptions(options.animate, i18n, prepareEntry, engagement);
        reconcile(el.pinned, view.pinned, entries);
        el.pinnedSection.hidden = view.pinned.length === 0;
        reconcile(el.keyEvents, view.keyEvents, keyEvents);
        el.keyEventsEmpty.hidden = view.keyEvents.length > 0;
        added = reconcile(el.stream, view.stream, entries);
        el.streamEmpty.hidden = view.stream.length > 0;
      });

      const held = model.heldCount(filter);
      el.newUpdates.hidden = held === 0;
      el.newUpdates.textContent = i18n.plural("updates.new", held);

      el.loadOlder.hidden = options.olderCursor === null;
      if (options.olderCursor !== null) {
        // Other parameters (the embed page's options) stay in the link.
        const params = new URLSearchParams(location.search);
        params.delete("only");
        params.delete("before");
        if (filter === "keyEvents") params.set("only", "keyEvents");
        params.set("before", options.olderCursor);
        el.loadOlder.href = `?${params}`;
      }

      if (el.jsonLd && publisher) {
        el.jsonLd.textContent = JSON.stringify(
          liveBlogPosting(model.blog, model.latest(), { pageUrl, images: coverUrls, publisher }),
        );
      }
      refreshTimes(root, i18n);
      return added;
    },
  };
}

export type ReaderView = ReturnType<typeof createReaderView>;
