/**
 * The newsroom's numbers about one blog (GET /api/blogs/:blogId/stats, the desk's Numbers
 * panel): readers now and over time, the peak, distinct devices, reactions, polls and the entries
 * that drew most reactions. The store keeps the counts (EngagementStore); the entries give what
 * they are about (a poll's question and options, a headline). For the people on the blog's desk
 * only: the same rule as the desk's editors' channel (realtime/desk-channel.ts).
 */
import type { BlogStats, ReactionCounts } from "../../shared/engagement.js";
import { pollIsOpen } from "../../shared/polls.js";
import { noReactions, REACTIONS } from "../../shared/reactions.js";
import { LIMITS, type Entry } from "../../shared/schemas.js";
import { worksOn, type Identity } from "../auth/roles.js";
import type { BlogService } from "../blogs/service.js";
import { forbidden } from "../errors.js";
import type { Store } from "../store/port.js";

/** How many entries the numbers name as those that drew most reactions. */
export const TOP_ENTRIES = 5;

export interface StatsDeps {
  store: Pick<Store, "blogs" | "engagement">;
  blogs: Pick<BlogService, "requireBlog">;
  /** The live total of a blog's readers, as the realtime reader counts know it. */
  readersNow(blogId: string): Promise<number>;
}

const sum = (counts: ReactionCounts) => REACTIONS.reduce((total, r) => total + counts[r], 0);

export function createStatsService({ store, blogs, readersNow }: StatsDeps) {
  /** Every published entry, newest first, a page at a time (drafts' polls take no votes). */
  async function publishedEntries(blogId: string): Promise<Entry[]> {
    const entries: Entry[] = [];
    let before: number | undefined;
    do {
      const page = await store.blogs.listEntries(blogId, { limit: LIMITS.pageMax, before });
      entries.push(...page.entries);
      before = page.next ?? undefined;
    } while (before !== undefined);
    return entries;
  }

  /** 404 for no such blog, 403 for someone who is not on its desk. */
  async function requireDesk(blogId: string, who: Identity) {
    await blogs.requireBlog(blogId);
    if (!(await worksOn(who, blogId, store.blogs)))
      throw forbidden(
        `Only this blog's team, editors and admins may see its numbers; ask an editor to add you to the team of "${blogId}".`,
      );
  }

  return {
    async forDesk(blogId: string, who: Identity): Promise<BlogStats> {
      await requireDesk(blogId, who);
      // First: a total reported now is in the series and the peak read after it.
      const now = await readersNow(blogId);
      const [entries, tallies, numbers] = await Promise.all([
        publishedEntries(blogId),
        store.engagement.tallies(blogId),
        store.engagement.numbers(blogId),
      ]);
      const byReaction = noReactions();
      const reacted: BlogStats["topEntries"] = [];
      const polls: BlogStats["polls"] = [];
      const nowMs = Date.now();
      for (const entry of entries) {
        const reactions = tallies.reactions[entry.id];
        if (reactions) {
          for (const reaction of REACTIONS) byReaction[reaction] += reactions[reaction];
          const total = sum(reactions);
          if (total > 0)
            reacted.push({ entryId: entry.id, headline: entry.headline, reactions: total });
        }
        if (entry.poll) {
          const counted = tallies.polls[entry.id];
          // Counts of a poll since replaced are not this poll's.
          const tally =
            counted?.pollId === entry.poll.id
              ? counted
              : { pollId: entry.poll.id, counts: entry.poll.options.map(() => 0), total: 0 };
          polls.push({
            entryId: entry.id,
            question: entry.poll.question,
            options: entry.poll.options,
            tally,
            open: pollIsOpen(entry.poll, nowMs),
          });
        }
      }
      // Stable: among entries with as many reactions, the newer first (the order they came in).
      reacted.sort((a, b) => b.reactions - a.reactions);
      return {
        blogId,
        readersNow: now,
        peak: numbers.peak,
        series: numbers.series,
        distinctDevices: numbers.distinctDevices,
        reactions: { total: sum(byReaction), byReaction },
        polls,
        topEntries: reacted.slice(0, TOP_ENTRIES),
      };
    },

    /** The readers-per-minute series, for the CSV download. */
    async series(blogId: string, who: Identity) {
      await requireDesk(blogId, who);
      return (await store.engagement.numbers(blogId)).series;
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
