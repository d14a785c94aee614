/**
 * Times of scheduled entries on the desk: typed in a `datetime-local` field in the browser's own
 * time zone, sent as ISO UTC, and shown back with the zone named, so that an editor in Berlin and
 * one in London both see what "18:00" meant.
 */
import { escapeHtml } from "../../shared/html.js";

/** The browser's time zone, e.g. "Europe/Berlin" (what a `datetime-local` value is read in). */
export const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const withZone = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
});

/** "Tue 5 Mar, 18:00 CET": an ISO time in the browser's zone, the zone named. */
export const formatScheduled = (iso: string) => withZone.format(new Date(iso));

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO time as a `datetime-local` value ("2026-03-05T18:00") in the browser's zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}`
  );
}

/**
 * A `datetime-local` value read in the browser's zone, as ISO UTC; or the reason it cannot be
 * sent (empty, or not in the future: the server would refuse it, and saying so before sending
 * keeps the editor's text in the form).
 */
export function readScheduleInput(
  value: string,
  now = Date.now(),
): { ok: true; iso: string } | { ok: false; message: string } {
  if (!value) return { ok: false, message: "Choose the date and time to publish at." };
  // A date-time without an offset is local time (ECMAScript's rule for Date parsing).
  const at = new Date(value).getTime();
  if (Number.isNaN(at)) return { ok: false, message: "Give the time as a date and a time." };
  if (at <= now) {
    return { ok: false, message: "That time has passed: choose a time in the future." };
  }
  return { ok: true, iso: new Date(at).toISOString() };
}

/** The field for a publication time, with its zone in the label. */
export function scheduleFieldMarkup(id: string, value = "", hidden = false): string {
  return (
    `<p class="field schedule-field" data-schedule-field${hidden ? " hidden" : ""}>` +
    `<label for="${id}">Publish at <span class="hint">(your time zone, ${escapeHtml(localZone())})</span></label>` +
    `<input type="datetime-local" id="${id}" name="publishAt" value="${value}" data-schedule-input></p>`
  );
}
