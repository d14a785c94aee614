/**
 * The votes and reactions a blog's pages show as they are rendered (the reader page, an entry's
 * page, the embed page). Their version is part of the pages' ETag: a page revalidated after a
 * vote is rendered again rather than answered 304 with old counts. They are the instance's copy
 * (engagement/tallies-reader.ts), at most PAGE_COUNTS_MAX_AGE_MS old: a storm of votes renders
 * a page again at most that often, not at every view, and the page's client loads fresh counts
 * once live anyway. Counts are not worth failing a page for: when the store cannot give them,
 * the page shows none and its client loads them once live.
 */
import type { Logger } from "pino";
import type { Tallies } from "../../shared/engagement.js";
import type { TalliesReader } from "../engagement/tallies-reader.js";
import { logFailure } from "../errors.js";

/** How old the counts a page is rendered with may be: the tallies ticker's tick. */
export const PAGE_COUNTS_MAX_AGE_MS = 1_000;

/** A page's counts, and the ETag part that names them ("t-" when unknown). */
export interface PageTallies {
  tallies: Tallies | null;
  tag: string;
}

export function pageTallies(counts: Pick<TalliesReader, "recent">, log: Logger) {
  return async (blogId: string): Promise<PageTallies> => {
    try {
      const { version, polls, reactions } = await counts.recent(blogId, PAGE_COUNTS_MAX_AGE_MS);
      return { tallies: { blogId, polls, reactions }, tag: `t${version}` };
    } catch (err) {
      logFailure(log, err, { blogId }, "counts unavailable for a page");
      return { tallies: null, tag: "t-" };
    }
  };
}

/** The counts of the entries a page shows, of all it was given: the page carries no others. */
export function talliesOfEntries(
  tallies: Tallies | null,
  entries: readonly { id: string }[],
): Tallies | null {
  if (!tallies) return null;
  const shown: Tallies = { blogId: tallies.blogId, polls: {}, reactions: {} };
  for (const { id } of entries) {
    const poll = tallies.polls[id];
    const reactions = tallies.reactions[id];
    if (poll) shown.polls[id] = poll;
    if (reactions) shown.reactions[id] = reactions;
  }
  return shown;
}
