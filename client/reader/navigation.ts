/**
 * Moving through a blog on the reader page: "Load older updates" (the `before` cursor), the
 * "Key events only" filter, and permalinks (`#entry-<id>`) that page back until the entry is
 * loaded. The links work without JavaScript too; here they happen without a page load.
 */
import type { EntryFilter, EntryModel } from "../../shared/entry-model.js";
import type { I18n } from "../../shared/i18n/i18n.js";
import { READER_PAGE_SIZES } from "../../shared/page-state.js";
import { entryElementId, entryIdFromHash } from "../../shared/render.js";
import { ApiError } from "../common/api.js";
import type { Loader } from "./loader.js";
import type { ReaderView } from "./view.js";

/** What the page has loaded and shows; shared with the live part, which draws from it. */
export interface ReaderSession {
  filter: EntryFilter;
  cursors: Record<EntryFilter, string | null>;
  /** False while only key events were loaded (the page opened in that filter). */
  streamLoaded: boolean;
}

export interface NavigationDeps {
  root: HTMLElement;
  session: ReaderSession;
  model: EntryModel;
  view: ReaderView;
  loader: Loader;
  i18n: I18n;
  notice: HTMLElement;
  /** Draws now; returns the entry elements that were added. */
  draw(): HTMLElement[];
  revealHeld(): void;
  /** Brings an entry the reader asked for into view (the placement's way). */
  bringIntoView(element: HTMLElement): void;
}

export function createNavigation(deps: NavigationDeps) {
  const { root, session, model, view, loader, i18n, notice, draw } = deps;
  let loading: Promise<HTMLElement[] | null> | null = null;

  const say = (message: string) => {
    notice.textContent = message;
    notice.hidden = false;
  };

  /** Loads the next older page of the current filter; null when that failed. */
  const loadOlder = (limit: number = READER_PAGE_SIZES.stream) => {
    loading ??= (async () => {
      const kind = session.filter;
      const cursor = session.cursors[kind];
      if (!cursor) return [];
      const button = view.el.loadOlder;
      button.setAttribute("aria-busy", "true");
      button.textContent = i18n.t("updates.loading");
      try {
        const only = kind === "keyEvents" ? "keyEvents" : undefined;
        const page = await loader.entries({ limit, before: cursor, only });
        model.addOlder(page.entries, kind === "keyEvents" ? "keyEvents" : "stream");
        session.cursors[kind] = page.next;
        notice.hidden = true;
        return draw();
      } catch {
        say(i18n.t("updates.olderFailed"));
        return null;
      } finally {
        button.removeAttribute("aria-busy");
        button.textContent = i18n.t("updates.loadOlder");
        loading = null;
      }
    })();
    return loading;
  };

  const filterLinks = root.querySelectorAll<HTMLAnchorElement>("[data-filter]");
  const setFilter = async (next: EntryFilter) => {
    if (next === session.filter) return;
    if (next === "all" && !session.streamLoaded) {
      const page = await loader.entries({ limit: READER_PAGE_SIZES.stream });
      model.addOlder(page.entries, "stream");
      session.cursors.all = page.next;
      session.streamLoaded = true;
    }
    session.filter = next;
    for (const link of filterLinks) {
      if (link.dataset.filter === next) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    // Other parameters (the embed page's options) stay; a paging cursor does not.
    const params = new URLSearchParams(location.search);
    params.delete("before");
    if (next === "keyEvents") params.set("only", "keyEvents");
    else params.delete("only");
    const query = params.size > 0 ? `?${params}` : "";
    history.replaceState(null, "", `${location.pathname}${query}${location.hash}`);
    draw();
  };

  /** Shows an entry, paging back until it is loaded; false when it could not be shown. */
  const showEntry = async (entryId: string): Promise<boolean> => {
    if (!document.getElementById(entryElementId(entryId))) deps.revealHeld();
    if (!model.isShown(entryId, session.filter) && session.filter === "keyEvents") {
      await setFilter("all");
    }
    // Pages of 100 until it shows up; bounded, and a failed page stops the search.
    for (let pages = 0; pages < 50; pages++) {
      if (model.isShown(entryId, session.filter) || !session.cursors[session.filter]) break;
      if ((await loadOlder(READER_PAGE_SIZES.permalinkSearch)) === null) return false;
    }
    if (!model.isShown(entryId, session.filter)) {
      try {
        model.addOlder([await loader.entry(entryId)], "stream");
        draw();
      } catch (err) {
        const gone = err instanceof ApiError && err.status === 404;
        say(i18n.t(gone ? "updates.linkRemoved" : "updates.linkFailed"));
        return false;
      }
    }
    const target = document.getElementById(entryElementId(entryId));
    if (!target) return false;
    deps.bringIntoView(target);
    target.focus({ preventScroll: true });
    for (const old of root.querySelectorAll(".entry-target")) old.classList.remove("entry-target");
    target.classList.add("entry-target");
    return true;
  };

  /** Shows the entry a `#entry-<id>` link names, else `fallback` (an entry page's own entry). */
  const showPermalink = async (fallback?: string) => {
    const entryId = entryIdFromHash(location.hash) ?? fallback;
    if (entryId) await showEntry(entryId);
  };

  view.el.loadOlder.addEventListener("click", (event) => {
    event.preventDefault();
    // Keyboard users land on the first older entry, right where the button was.
    void loadOlder().then((added) => added?.[0]?.focus({ preventScroll: true }));
  });
  for (const link of filterLinks) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      void setFilter(link.dataset.filter === "keyEvents" ? "keyEvents" : "all");
    });
  }
  window.addEventListener("hashchange", () => void showPermalink());

  return { showPermalink, showEntry };
}
