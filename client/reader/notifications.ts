/**
 * Notifications of key events, opt-in: a "Notify me of key events" button in the blog's header.
 * Permission is asked only when the reader clicks it (never on load, which browsers also
 * penalise). While it is on and the page is in the background, a key event that comes live (a
 * new one, or an entry an editor has just marked as one) becomes a system notification; clicking
 * it brings the page back and shows the entry. The choice is kept per blog on the device.
 *
 * Only on the reader page: a frame on another site may not ask for the permission (browsers deny
 * it to cross-origin frames), and its readers came for that site's article.
 */
import type { EntryModel } from "../../shared/entry-model.js";
import { escapeHtml } from "../../shared/html.js";
import type { I18n } from "../../shared/i18n/i18n.js";
import { entryTitle } from "../../shared/render.js";
import type { ReaderEntry, ReaderLiveEvent } from "../../shared/schemas.js";
import { $ } from "../common/dom.js";
import { readLocal, writeLocal } from "../common/local-storage.js";

export interface NotificationsDeps {
  root: HTMLElement;
  model: EntryModel;
  i18n: I18n;
  /** Shows an entry, paging back if need be (navigation.ts). */
  showEntry(entryId: string): Promise<boolean>;
}

const storageKey = (blogId: string) => `liveblog:notify:${blogId}`;

/** Puts the button in the header; null where the browser has no notifications at all. */
export function offerNotifications({ root, model, i18n, showEntry }: NotificationsDeps) {
  if (!("Notification" in window)) return null;
  const key = storageKey(model.blog.id);
  // The page keeps a place for it in its header (server/pages/reader-page.ts): nothing moves.
  const box = root.querySelector<HTMLElement>("[data-notify]");
  if (!box) return null;
  box.innerHTML =
    `<button type="button" class="button button-small">` +
    `${escapeHtml(i18n.t("notify.button"))}</button> ` +
    `<span class="notify-status" role="status" data-notify-status></span>`;
  const button = $<HTMLButtonElement>("button", box);
  const status = $("[data-notify-status]", box);

  // Permission withdrawn in the browser's settings since: off, until asked again.
  let on = readLocal(key) === "on" && Notification.permission === "granted";
  const show = (message: string) => {
    button.textContent = i18n.t(on ? "notify.stop" : "notify.button");
    status.textContent = message;
  };
  const turn = (next: boolean, message: string) => {
    on = next;
    writeLocal(key, next ? "on" : null);
    show(message);
  };
  show("");

  button.addEventListener("click", async () => {
    if (on) return turn(false, "");
    // Outside a secure context the browser refuses without asking.
    if (!window.isSecureContext) return show(i18n.t("notify.unsupported"));
    // Granted or denied before, it answers at once without asking the reader again.
    let permission: NotificationPermission;
    try {
      permission = await Notification.requestPermission();
    } catch {
      return show(i18n.t("notify.unsupported"));
    }
    if (permission === "granted") turn(true, i18n.t("notify.on"));
    else if (permission === "denied") show(i18n.t("notify.denied"));
    // The prompt was closed without an answer: the next click asks again.
    else show("");
  });

  const notified = new Set<string>();
  const notify = (entry: ReaderEntry) => {
    if (!on || document.visibilityState !== "hidden" || notified.has(entry.id)) return;
    if (Notification.permission !== "granted") return;
    notified.add(entry.id);
    try {
      const notification = new Notification(i18n.t("notify.title", { blog: model.blog.title }), {
        body: entryTitle(entry),
        tag: entry.id,
        lang: i18n.language,
        dir: i18n.dir,
      });
      notification.addEventListener("click", () => {
        window.focus();
        notification.close();
        void showEntry(entry.id);
      });
    } catch {
      // Chrome on Android shows notifications from a service worker only: none here.
    }
  };

  return {
    /** After each live event: `before` is the entry as the page knew it, `created` a new one. */
    applied(event: ReaderLiveEvent, change: { before?: ReaderEntry; created?: ReaderEntry }) {
      if (change.created?.keyEvent) notify(change.created);
      else if (
        event.type === "entry.updated" &&
        event.entry?.keyEvent &&
        change.before &&
        !change.before.keyEvent
      )
        notify(event.entry);
    },
  };
}

export type Notifications = ReturnType<typeof offerNotifications>;
