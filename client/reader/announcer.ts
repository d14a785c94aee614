/**
 * The polite ARIA live region: new entries are announced once, briefly, and bursts are summed
 * up ("3 new updates") instead of read one by one. Edits are never announced.
 */
import type { I18n } from "../../shared/i18n/i18n.js";

const SETTLE_MS = 1200;

export function createAnnouncer(region: HTMLElement, i18n: I18n) {
  let titles: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    const message =
      titles.length === 1
        ? i18n.t("announce.newEntry", { title: titles[0]! })
        : i18n.plural("updates.new", titles.length);
    titles = [];
    // Emptying first makes a screen reader announce the same words twice in a row, too.
    region.textContent = "";
    requestAnimationFrame(() => {
      region.textContent = message;
    });
  };

  return {
    newEntry(title: string) {
      titles.push(title);
      timer ??= setTimeout(flush, SETTLE_MS);
    },
    say(message: string) {
      region.textContent = message;
    },
  };
}
