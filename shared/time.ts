/**
 * Times as readers see them. The server renders absolute UTC times (a cached page must not say
 * "2 min ago" an hour later); the client turns them into relative times in the reader's own
 * time zone and keeps them fresh.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** "14:05 UTC": the clock time of an ISO instant in UTC. */
export function formatUtcClock(iso: string): string {
  const d = new Date(iso);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "12 Mar 2026, 14:05 UTC": an ISO instant in UTC, the same on every server. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${formatUtcClock(iso)}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "just now", "1 min ago", "3 min ago", "2 h ago", "yesterday"; null when the time is older than
 * that and an absolute date says more. A time slightly in the future (clock skew) is "just now".
 */
export function relativeTime(thenMs: number, nowMs: number): string | null {
  const ago = nowMs - thenMs;
  if (ago < 45_000) return "just now";
  if (ago < HOUR) return `${Math.max(1, Math.round(ago / MINUTE))} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  if (ago < 2 * DAY) return "yesterday";
  return null;
}
