/**
 * Relative times, which only the browser can write: every `time[data-ago]` (next to an absolute
 * time the server rendered) says "3 minutes ago", and every `time[data-relative]` (the desk's
 * lists) says that or the day and time; both refreshed every 30 s.
 */
import type { IntlParts } from "../../shared/i18n/i18n.js";

/** Rewrites every `time[data-ago]` and `time[data-relative]` under `root`. */
export function refreshTimes(root: ParentNode, i18n: IntlParts, now = Date.now()): void {
  for (const element of root.querySelectorAll<HTMLTimeElement>("time[data-ago]")) {
    const at = Date.parse(element.dateTime);
    if (Number.isNaN(at)) continue;
    const text = i18n.relative(at, now) ?? "";
    if (element.textContent !== text) element.textContent = text;
  }
  for (const element of root.querySelectorAll<HTMLTimeElement>("time[data-relative]")) {
    const at = Date.parse(element.dateTime);
    if (Number.isNaN(at)) continue;
    const text = i18n.relative(at, now) ?? i18n.dayAndTime(element.dateTime);
    if (element.textContent !== text) element.textContent = text;
    element.title = i18n.full(element.dateTime);
  }
}

/** Refreshes now and every 30 s. */
export function keepTimesFresh(root: ParentNode, i18n: IntlParts): void {
  refreshTimes(root, i18n);
  setInterval(() => refreshTimes(root, i18n), 30_000);
}
