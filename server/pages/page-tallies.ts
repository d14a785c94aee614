/**
 * The votes and reactions a blog's pages show as they are rendered (the reader page, an entry's
 * page, the embed page). Their version is part of the pages' ETag: a page revalidated after a
 * vote is rendered again rather than answered 304 with old counts. One read serves both, since
 * the store has no cheaper way to the version alone (talliesSince from a version above the
 * blog's answers everything). Counts are not worth failing a page for: when the store cannot
 * give them, the page shows none and its client loads them once live.
 */
import type { Logger } from "pino";
import type { Tallies } from "../../shared/engagement.js";
import { logFailure } from "../errors.js";
import type { EngagementStore } from "../store/port.js";

/** A page's counts, and the ETag part that names them ("t-" when unknown). */
export interface PageTallies {
  tallies: Tallies | null;
  tag: string;
}

export function pageTallies(engagement: Pick<EngagementStore, "tallies">, log: Logger) {
  return async (blogId: string): Promise<PageTallies> => {
    try {
      const { version, polls, reactions } = await engagement.tallies(blogId);
      return { tallies: { blogId, polls, reactions }, tag: `t${version}` };
    } catch (err) {
      logFailure(log, err, { blogId }, "counts unavailable for a page");
      return { tallies: null, tag: "t-" };
    }
  };
}
