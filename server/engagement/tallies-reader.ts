/**
 * A blog's counts as readers ask for them (GET .../tallies, the pages' HTML, where the tallies
 * ticker starts), at a cost that does not grow with the readers or the blog.
 *
 * Every entry's counts from the store are O(entries with counts): on Redis 0.4 ms for 100
 * entries, 2.3 ms for 1,000, 14 ms for 3,000 (docs/ARCHITECTURE.md). Every page view and every
 * reader's client once live (again after each reconnection) asks for them, so a reconnect storm
 * would cost that times the readers. Instead each instance keeps the counts of the blogs asked
 * for lately and brings them up to date with what changed since (`talliesSince`: two O(1) reads
 * when nothing did, else the changed entries only). Callers that ask while a read runs share one
 * next read, begun after they asked (coalesced.ts): `current` is as fresh as a read of its own.
 *
 * What changed does not say what the store forgot (an entry deleted or unpublished, a poll
 * removed or replaced): the kept counts are read whole again every FULL_READ_MS. Until then a
 * forgotten entry's counts stay in the copy, as they stay on the pages of readers who had them;
 * a replaced poll's are never shown (their poll id is not the entry's).
 */
import type { Tallies } from "../../shared/engagement.js";
import { AppError } from "../errors.js";
import { coalescedBy } from "../store/coalesced.js";
import type { EngagementStore } from "../store/port.js";

/** A blog's counts, and the store's counts version they are at. */
export type VersionedTallies = Tallies & { version: number };

/** How long an instance's copy of a blog's counts is updated by changes before it is read whole. */
export const FULL_READ_MS = 60_000;
/** Blogs whose counts an instance keeps (the ones asked for last). */
export const KEPT_BLOGS_MAX = 256;

interface Kept {
  tallies: VersionedTallies;
  /** When the read that gave them began. */
  readAt: number;
  /** When they were last read whole. */
  fullAt: number;
}

export function createTalliesReader(
  engagement: Pick<EngagementStore, "tallies" | "talliesSince">,
  { clock = Date.now, keptMax = KEPT_BLOGS_MAX } = {},
) {
  const kept = new Map<string, Kept>();

  const keep = (blogId: string, value: Kept) => {
    // Map order is the order of the last read: the first key is the one asked for longest ago.
    kept.delete(blogId);
    kept.set(blogId, value);
    if (kept.size > keptMax) kept.delete(kept.keys().next().value!);
    return value;
  };

  const readOf = coalescedBy(async (blogId: string): Promise<Kept> => {
    const readAt = clock();
    const known = kept.get(blogId);
    try {
      if (!known || readAt - known.fullAt >= FULL_READ_MS) {
        const tallies = await engagement.tallies(blogId);
        return keep(blogId, { tallies, readAt, fullAt: readAt });
      }
      const changed = await engagement.talliesSince(blogId, known.tallies.version);
      if (changed.version === known.tallies.version) return keep(blogId, { ...known, readAt });
      // A version below ours: the blog was made again, and `changed` holds all its counts.
      const tallies =
        changed.version < known.tallies.version
          ? changed
          : {
              ...changed,
              polls: { ...known.tallies.polls, ...changed.polls },
              reactions: { ...known.tallies.reactions, ...changed.reactions },
            };
      return keep(blogId, { tallies, readAt, fullAt: known.fullAt });
    } catch (err) {
      // A deleted blog: nothing to keep for it.
      if (err instanceof AppError && err.status === 404) kept.delete(blogId);
      throw err;
    }
  });

  return {
    /** Every entry's counts, read after this call (404 for an unknown blog). */
    current: async (blogId: string): Promise<VersionedTallies> => (await readOf(blogId)).tallies,
    /**
     * Every entry's counts as read at most `maxAgeMs` ago: for pages, whose client loads them
     * fresh once live. A storm of votes moves them at most once per `maxAgeMs` (and with them
     * the pages' ETag, which would otherwise make every page view a new render).
     */
    async recent(blogId: string, maxAgeMs: number): Promise<VersionedTallies> {
      const known = kept.get(blogId);
      if (known && clock() - known.readAt <= maxAgeMs) return known.tallies;
      return (await readOf(blogId)).tallies;
    },
  };
}

export type TalliesReader = ReturnType<typeof createTalliesReader>;
