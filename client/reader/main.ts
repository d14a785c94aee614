/**
 * The reader page's client: takes over the server-rendered page and keeps it live. It starts
 * from the state the server rendered (JSON in #lb-state), subscribes from that seq so nothing
 * between render and connect is lost, and applies every event in order through the entry model.
 */
import "../common/base.css";
import "./reader.css";
import { createEntryModel, type EntryFilter } from "../../shared/entry-model.js";
import {
  READER_PAGE_SIZES,
  READER_STATE_ELEMENT_ID,
  type ReaderState,
} from "../../shared/page-state.js";
import { entryElementId, entryIdFromHash, entryTitle } from "../../shared/render.js";
import type { LiveEvent } from "../../shared/schemas.js";
import { ApiError } from "../common/api.js";
import { $, prefersReducedMotion } from "../common/dom.js";
import { connectLive, type ConnectionStatus } from "../common/live.js";
import { keepTimesFresh } from "../common/times.js";
import { createAnnouncer } from "./announcer.js";
import { createLoader } from "./loader.js";
import { isAtStreamTop } from "./scroll.js";
import { createReaderView } from "./view.js";

const STATUS_TEXT: Record<ConnectionStatus, string> = {
  connecting: "Connecting…",
  live: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

function start(root: HTMLElement, state: ReaderState) {
  const blogId = state.blog.id;
  const pageUrl =
    document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href ??
    `${location.origin}${location.pathname}`;
  const model = createEntryModel({
    blog: state.blog,
    stream: state.stream,
    pinned: state.pinned,
    keyEvents: state.keyEvents,
    streamHasNewest: state.before === null,
  });
  const view = createReaderView(root, model, pageUrl);
  const loader = createLoader(blogId);
  const announcer = createAnnouncer($("[data-announcer]", root));
  const notice = $("[data-notice]", root);
  const connection = $("[data-connection]", root);
  const readers = $("[data-readers]", root);
  const cursors: Record<EntryFilter, string | null> = {
    all: state.next,
    keyEvents: state.keyNext,
  };
  let filter: EntryFilter = state.filter;
  let streamLoaded = state.filter === "all";
  let loading: Promise<HTMLElement[]> | null = null;

  // ---- drawing ------------------------------------------------------------------------------
  let drawTimer: ReturnType<typeof setTimeout> | undefined;
  let animatePending = false;
  const draw = (animate = false) => {
    clearTimeout(drawTimer);
    drawTimer = undefined;
    const added = view.draw(filter, {
      animate: animate || animatePending,
      olderCursor: cursors[filter],
    });
    animatePending = false;
    return added;
  };
  /** Live events come in bursts (a catch-up); draw once per burst. */
  const drawSoon = () => {
    animatePending = true;
    drawTimer ??= setTimeout(() => draw(), 16);
  };

  const apply = (event: LiveEvent) => {
    // A reader who scrolled into the stream keeps their place; new entries wait for them.
    const hold = event.type === "entry.created" && !isAtStreamTop(view.el.stream);
    const { created } = model.apply(event, { hold });
    if (created) announcer.newEntry(entryTitle(created));
    drawSoon();
  };

  const revealHeld = () => {
    const ids = new Set(model.reveal());
    draw(true);
    return ids;
  };

  view.el.newUpdates.addEventListener("click", () => {
    const ids = revealHeld();
    $("#updates").scrollIntoView({ behavior: prefersReducedMotion() ? "auto" : "smooth" });
    const first = Array.from(view.el.stream.children).find((child) =>
      ids.has(child.id.replace(/^entry-/, "")),
    );
    if (first instanceof HTMLElement) first.focus({ preventScroll: true });
  });
  // Scrolling back up to the stream shows what waited, as if it had slid in there.
  window.addEventListener(
    "scroll",
    () => {
      if (model.heldCount(filter) > 0 && isAtStreamTop(view.el.stream)) revealHeld();
    },
    { passive: true },
  );

  // ---- older pages, filter, permalinks ------------------------------------------------------
  const loadOlder = (limit: number = READER_PAGE_SIZES.stream): Promise<HTMLElement[]> => {
    loading ??= (async () => {
      const cursor = cursors[filter];
      if (!cursor) return [];
      const button = view.el.loadOlder;
      button.setAttribute("aria-busy", "true");
      button.textContent = "Loading…";
      try {
        const kind = filter;
        const page = await loader.entries({
          limit,
          before: cursor,
          only: kind === "keyEvents" ? "keyEvents" : undefined,
        });
        model.addOlder(page.entries, kind === "keyEvents" ? "keyEvents" : "stream");
        cursors[kind] = page.next;
        notice.hidden = true;
        return draw();
      } catch {
        notice.textContent = "Older updates could not be loaded. Try again in a moment.";
        notice.hidden = false;
        return [];
      } finally {
        button.removeAttribute("aria-busy");
        button.textContent = "Load older updates";
        loading = null;
      }
    })();
    return loading;
  };
  view.el.loadOlder.addEventListener("click", (event) => {
    event.preventDefault();
    void loadOlder().then((added) => added[0]?.focus({ preventScroll: true }));
  });

  const filterLinks = root.querySelectorAll<HTMLAnchorElement>("[data-filter]");
  const setFilter = async (next: EntryFilter) => {
    if (next === filter) return;
    if (next === "all" && !streamLoaded) {
      const page = await loader.entries({ limit: READER_PAGE_SIZES.stream });
      model.addOlder(page.entries, "stream");
      cursors.all = page.next;
      streamLoaded = true;
    }
    filter = next;
    for (const link of filterLinks) {
      if (link.dataset.filter === next) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    history.replaceState(
      null,
      "",
      `${location.pathname}${next === "keyEvents" ? "?only=keyEvents" : ""}${location.hash}`,
    );
    draw();
  };
  for (const link of filterLinks) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      void setFilter(link.dataset.filter === "keyEvents" ? "keyEvents" : "all");
    });
  }

  /** Shows the entry a `#entry-<id>` link names, paging back until it is loaded. */
  const showPermalink = async () => {
    const entryId = entryIdFromHash(location.hash);
    if (!entryId) return;
    if (!document.getElementById(entryElementId(entryId))) revealHeld();
    if (!model.isShown(entryId, filter) && filter === "keyEvents") await setFilter("all");
    for (let pages = 0; !model.isShown(entryId, filter) && cursors[filter] && pages < 50; pages++) {
      await loadOlder(READER_PAGE_SIZES.permalinkSearch);
    }
    if (!model.isShown(entryId, filter)) {
      try {
        model.addOlder([await loader.entry(entryId)], "stream");
        draw();
      } catch (err) {
        notice.textContent =
          err instanceof ApiError && err.status === 404
            ? "The update this link points to has been removed."
            : "The update this link points to could not be loaded.";
        notice.hidden = false;
        return;
      }
    }
    const target = document.getElementById(entryElementId(entryId));
    if (!target) return;
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
    for (const old of root.querySelectorAll(".entry-target")) old.classList.remove("entry-target");
    target.classList.add("entry-target");
  };
  window.addEventListener("hashchange", () => void showPermalink());

  // ---- live ---------------------------------------------------------------------------------
  connectLive({
    blogId,
    seq: state.seq,
    apply,
    async resync() {
      const fresh = await loader.everything(filter === "keyEvents" && !streamLoaded);
      model.replaceAll({
        blog: fresh.blog,
        stream: fresh.stream?.entries ?? [],
        pinned: fresh.pinned.entries,
        keyEvents: fresh.keyEvents.entries,
        streamHasNewest: true,
      });
      cursors.all = fresh.stream?.next ?? null;
      cursors.keyEvents = fresh.keyEvents.next;
      draw();
      return fresh.seq;
    },
    onStatus(status) {
      connection.hidden = false;
      connection.dataset.state = status;
      connection.textContent = STATUS_TEXT[status];
    },
    onReaders(count) {
      readers.hidden = false;
      readers.textContent = `${new Intl.NumberFormat().format(count)} reading`;
    },
  });

  connection.hidden = false;
  connection.dataset.state = "connecting";
  connection.textContent = STATUS_TEXT.connecting;
  root.classList.add("is-live");
  draw();
  keepTimesFresh(root);
  void showPermalink();
}

const stateElement = document.getElementById(READER_STATE_ELEMENT_ID);
const root = document.querySelector<HTMLElement>("main.reader");
if (stateElement?.textContent && root) {
  start(root, JSON.parse(stateElement.textContent) as ReaderState);
}
