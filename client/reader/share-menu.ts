/**
 * The share menu of a device without a share sheet: the link to copy, and plain links to each
 * network's share page (shared/share.ts). One element for the whole page, placed next to the
 * button that opened it; Escape, the Close button, a click or focus elsewhere close it, and
 * closing from the keyboard puts focus back on that button.
 */
import { escapeHtml } from "../../shared/html.js";
import type { I18n } from "../../shared/i18n/i18n.js";
import { shareLinks } from "../../shared/share.js";
import { $ } from "../common/dom.js";

/** What is shared: the entry's title and the address it is shared at. */
export interface SharedEntry {
  title: string;
  url: string;
}

const GAP = 6;

export function createShareMenu(i18n: I18n) {
  const label = escapeHtml(i18n.t("share.label"));
  const menu = document.createElement("div");
  menu.className = "share-menu";
  menu.setAttribute("role", "dialog");
  menu.setAttribute("aria-label", i18n.t("share.label"));
  menu.hidden = true;
  menu.innerHTML =
    `<div class="share-copy"><input class="share-url" readonly aria-label="${label}">` +
    `<button type="button" class="button button-small" data-share-copy>${escapeHtml(i18n.t("share.copyLink"))}</button></div>` +
    `<p class="share-status" role="status" data-share-status></p>` +
    `<ul class="share-links" data-share-links></ul>` +
    `<button type="button" class="share-close" data-share-close>${escapeHtml(i18n.t("share.close"))}</button>`;
  document.body.append(menu);
  const input = $<HTMLInputElement>(".share-url", menu);
  const status = $("[data-share-status]", menu);
  const list = $("[data-share-links]", menu);
  let opener: HTMLElement | null = null;

  const link = (href: string, text: string, newTab: boolean) => {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    // Mail opens the reader's mail program; a network's page opens beside the blog, told nothing.
    if (newTab) {
      a.target = "_blank";
      a.rel = "noopener noreferrer";
    }
    const item = document.createElement("li");
    item.append(a);
    return item;
  };

  /** Next to the button, inside the page's width, on the reading direction's side. */
  const place = (button: HTMLElement) => {
    const box = button.getBoundingClientRect();
    const width = menu.offsetWidth;
    const pageWidth = document.documentElement.clientWidth;
    const start = document.documentElement.dir === "rtl" ? box.right - width : box.left;
    const left = Math.max(GAP, Math.min(start, pageWidth - width - GAP));
    menu.style.left = `${left + window.scrollX}px`;
    menu.style.top = `${box.bottom + window.scrollY + GAP}px`;
  };

  const close = (returnFocus: boolean) => {
    if (menu.hidden) return;
    menu.hidden = true;
    const back = opener;
    opener = null;
    back?.setAttribute("aria-expanded", "false");
    if (returnFocus && back?.isConnected) back.focus();
  };

  const open = (button: HTMLElement, shared: SharedEntry) => {
    if (opener === button) return close(true);
    close(false);
    opener = button;
    button.setAttribute("aria-expanded", "true");
    input.value = shared.url;
    status.textContent = "";
    list.replaceChildren(
      ...shareLinks(shared).map(({ name, href }) =>
        name
          ? link(href, i18n.t("share.on", { network: name }), true)
          : link(href, i18n.t("share.email"), false),
      ),
    );
    menu.hidden = false;
    place(button);
    $<HTMLButtonElement>("[data-share-copy]", menu).focus();
  };

  $("[data-share-copy]", menu).addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = i18n.t("share.copied");
      status.removeAttribute("data-failed");
    } catch {
      // No clipboard here (refused, or an insecure origin): the link is selected to copy by hand.
      input.focus();
      input.select();
      status.textContent = i18n.t("share.copyFailed");
      status.setAttribute("data-failed", "");
    }
  });
  $("[data-share-close]", menu).addEventListener("click", () => close(true));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !menu.hidden) {
      event.preventDefault();
      close(true);
    }
  });
  document.addEventListener("pointerdown", (event) => {
    const target = event.target as Node;
    if (!menu.contains(target) && !opener?.contains(target)) close(false);
  });
  // Tabbing out of the menu leaves it; a click inside on no control moves focus nowhere.
  menu.addEventListener("focusout", (event) => {
    const next = event.relatedTarget as Node | null;
    if (next && !menu.contains(next) && next !== opener) close(false);
  });

  return { open, close, element: menu };
}
