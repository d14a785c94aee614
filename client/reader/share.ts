/**
 * Every entry's Share button (rendered hidden by shared/render.ts, shown here). Where the device
 * has a share sheet (the Web Share API: phones, Safari, Windows) the button opens it; elsewhere,
 * or where the page may not use it (a frame whose host did not allow it), it opens the share menu
 * (share-menu.ts). Nothing of any network is loaded either way.
 */
import type { I18n } from "../../shared/i18n/i18n.js";
import { createShareMenu, type SharedEntry } from "./share-menu.js";

export interface SharingDeps {
  /** The blog's title, the share sheet's title (its text is the entry's). */
  blogTitle(): string;
  /** What an entry is shared as, or null when the page no longer knows it. */
  sharedEntry(entryId: string): SharedEntry | null;
}

export function enableSharing(root: HTMLElement, i18n: I18n, deps: SharingDeps) {
  const hasShareSheet = typeof navigator.share === "function";
  let menu: ReturnType<typeof createShareMenu> | null = null;
  const openMenu = (button: HTMLElement, shared: SharedEntry) => {
    menu ??= createShareMenu(i18n);
    menu.open(button, shared);
  };

  const shareSheet = async (button: HTMLElement, shared: SharedEntry) => {
    try {
      await navigator.share({ title: deps.blogTitle(), text: shared.title, url: shared.url });
    } catch (err) {
      // The reader closed the sheet: nothing more to do.
      if (err instanceof DOMException && err.name === "AbortError") return;
      // Not allowed here (NotAllowedError in a frame without web-share) or refused: the menu.
      openMenu(button, shared);
    }
  };

  root.addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLElement>("[data-share]");
    const entryId = button?.closest("article")?.id.replace(/^entry-/, "");
    const shared = entryId ? deps.sharedEntry(entryId) : null;
    if (!button || !shared) return;
    if (hasShareSheet) void shareSheet(button, shared);
    else openMenu(button, shared);
  });

  return {
    /**
     * Shows the Share buttons in `within` (the renderer draws them hidden): for an entry just
     * rendered, before the page measures it, so that the reader's place stays where it was.
     */
    reveal(within: ParentNode) {
      for (const button of within.querySelectorAll<HTMLElement>("[data-share][hidden]")) {
        button.hidden = false;
        if (hasShareSheet) button.removeAttribute("aria-haspopup");
        else button.setAttribute("aria-expanded", "false");
      }
    },
  };
}
