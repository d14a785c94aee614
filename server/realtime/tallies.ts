/**
 * `blog:tallies`: readers' votes and reactions, live (issue 16). Counts are not in the blog's log:
 * a vote is no editor's change, and a storm of them would push entries out of the kept history
 * and cost every reader one message per vote. Instead, once a tick, each instance asks the store
 * what changed since the version it last sent for every blog followed on it (`talliesSince`: one
 * cheap read when nothing did) and sends the changed entries' counts, whole, as ONE message to
 * the blog's readers and desk. However fast votes arrive, a reader hears at most one a tick, and
 * the store is read once a tick per blog and instance, whatever the number of readers.
 *
 * A blog's first tick on an instance starts from the counts as they are (its readers have those
 * from the page and GET .../tallies): from then on, every entry whose counts change is sent, and
 * since each send carries an entry's whole counts, the next change of an entry corrects whatever
 * a reader missed of it.
 */
import type { Logger } from "pino";
import type { Tallies } from "../../shared/engagement.js";
import { AppError } from "../errors.js";
import type { EngagementStore } from "../store/port.js";

export interface TalliesOptions {
  engagement: Pick<EngagementStore, "tallies" | "talliesSince">;
  /** Whether anyone here follows the blog (readers or desk). */
  followed: (blogId: string) => boolean;
  /** Sends the changes to the blog's followers here; called at most once a tick per blog. */
  emit: (tallies: Tallies) => void;
  log: Logger;
  /** How often the store is asked; counts move for readers about this often. */
  tickMs?: number;
}

const isEmpty = ({ polls, reactions }: Tallies) =>
  Object.keys(polls).length === 0 && Object.keys(reactions).length === 0;

export function startTallies({ engagement, followed, emit, log, tickMs = 1_000 }: TalliesOptions) {
  /** Blogs followed here, and the version their followers were brought to (null: not read yet). */
  const versions = new Map<string, number | null>();
  let running = false;

  const pull = async (blogId: string) => {
    if (!followed(blogId)) {
      versions.delete(blogId);
      return;
    }
    const since = versions.get(blogId);
    if (since === undefined) return;
    if (since === null) {
      versions.set(blogId, (await engagement.tallies(blogId)).version);
      return;
    }
    // A blog made anew under the same id starts its version again: the store then answers with
    // every entry's counts, all of which are news to readers.
    const changed = await engagement.talliesSince(blogId, since);
    // Unfollowed while the store was asked: nobody here to tell, or to keep a version for.
    if (!versions.has(blogId)) return;
    versions.set(blogId, changed.version);
    const { polls, reactions } = changed;
    const tallies = { blogId, polls, reactions };
    if (!isEmpty(tallies)) emit(tallies);
  };

  const tick = async () => {
    if (running) return;
    running = true;
    const blogIds = [...versions.keys()];
    try {
      const results = await Promise.allSettled(blogIds.map(pull));
      let warned = false;
      results.forEach((result, i) => {
        if (result.status === "fulfilled") return;
        const err: unknown = result.reason;
        // A blog deleted under its readers (the relay tells them): nothing left to count.
        if (err instanceof AppError && err.code === "not_found") versions.delete(blogIds[i]!);
        else if (!warned) {
          warned = true;
          log.warn({ err, blogId: blogIds[i] }, "could not update tallies");
        }
      });
    } finally {
      running = false;
    }
  };

  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();

  return {
    /** Someone here began to follow the blog: its counts are followed from the next tick. */
    follow(blogId: string) {
      if (!versions.has(blogId)) versions.set(blogId, null);
    },
    stop: () => clearInterval(timer),
  };
}
