/**
 * Absolute UTC times, the same on every server, for pages that belong to no blog (the index) and
 * the desk's lists; the client rewrites them (`time[data-relative]`, client/common/times.ts).
 * Blog pages tell time in the blog's language and zone (shared/i18n/i18n.ts).
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
