/** The order every list of entries uses, on the server page and in the browser: newest first. */
import type { Entry } from "./schemas.js";

/** Sort comparator: newer createdAt first; the id breaks ties so that every client agrees. */
export function newestFirst(
  a: Pick<Entry, "createdAt" | "id">,
  b: Pick<Entry, "createdAt" | "id">,
) {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
