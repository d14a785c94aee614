/**
 * Turns the server's absolute UTC times into what a reader wants: "3 min ago" in the text, the
 * full date and time in their own time zone on hover, refreshed every 30 s.
 */
import { relativeTime } from "../../shared/time.js";

const full = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "short" });
const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dated = new Intl.DateTimeFormat(undefined, {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

/** Rewrites every `time[data-relative]` and `time[data-clock]` under `root`. */
export function refreshTimes(root: ParentNode = document, now = Date.now()): void {
  for (const element of root.querySelectorAll<HTMLTimeElement>("time[data-relative]")) {
    const at = Date.parse(element.dateTime);
    if (Number.isNaN(at)) continue;
    const text = relativeTime(at, now) ?? dated.format(at);
    if (element.textContent !== text) element.textContent = text;
    element.title = full.format(at);
  }
  for (const element of root.querySelectorAll<HTMLTimeElement>("time[data-clock]")) {
    const at = Date.parse(element.dateTime);
    if (Number.isNaN(at)) continue;
    element.textContent = clock.format(at);
    element.title = full.format(at);
  }
}

/** Refreshes now and every 30 s. */
export function keepTimesFresh(root: ParentNode = document): void {
  refreshTimes(root);
  setInterval(() => refreshTimes(root), 30_000);
}
