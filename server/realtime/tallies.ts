/**
 * `blog:tallies`: readers' votes and reactions, live (issue 16). Counts are not in the blog's log:
 * a vote is no editor's change, and a storm of them would push entries out of the kept history
 * and cost every reader one message per vote. Instead, once a tick, each instance asks the store
 * what changed since the version it last sent for every blog followed on it (`talliesSince`: one
 * cheap read when nothing did) and sends the changed entries' counts, whole, as ONE message to
 * the blog's readers and desk. However fast votes arrive, a reader hears at most one a tick, and
 * the store is read once a tick per blog and instance, whatever the number of readers.
 *
 * Where a blog's sends start on an instance is read when its first follower there subscribes,
 * before that follower's ack: what changes after the ack is sent, and a page that loads the
 * counts (GET .../tallies) after its ack has all that came before. Nothing older is sent. Each
 * send carries the changed entries' whole counts, so an entry's next change also corrects
 * whatever a reader missed of it (a page that loaded counts a CDN kept for a few seconds).
 */
import type { Logger } from "pino";
import type { Tallies } from "../../shared/engagement.js";
import { AppError } from "../errors.js";
import type { TalliesReader } from "../engagement/tallies-reader.js";
import type { EngagementStore } from "../store/port.js";

export interface TalliesOptions {
  engagement: Pick<EngagementStore, "talliesSince">;
  /** Where a blog's sends start: its counts' version, read after the first follower came. */
  counts: Pick<TalliesReader, "current">;
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

export function startTallies({
  engagement,
  counts,
  followed,
  emit,
  log,
  tickMs = 1_000,
}: TalliesOptions) {
  /** Blogs followed here, and the version their followers were brought to (null: not read yet). */
  const versions = new Map<string, number | null>();
  /** Reads of where a blog's sends start, under way. */
  const starts = new Map<string, Promise<void>>();
  let running = false;

  /** Reads the version a blog's sends start from (once, however many ask meanwhile). */
  const start = (blogId: string) => {
    let reading = starts.get(blogId);
    if (!reading) {
      reading = counts
        .current(blogId)
        .then(({ version }) => {
          if (versions.get(blogId) === null) versions.set(blogId, version);
        })
        .finally(() => starts.delete(blogId));
      starts.set(blogId, reading);
    }
    return reading;
  };

  const pull = async (blogId: string) => {
    // A follower whose start is being read is not in the blog's room yet.
    if (!followed(blogId) && !starts.has(blogId)) {
      versions.delete(blogId);
      return;
    }
    const since = versions.get(blogId);
    if (since === undefined) return;
    if (since === null) return start(blogId);
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
    /**
     * Someone here follows the blog: resolves once its sends' start is known (at once unless it
     * is the first follower here). Never rejects: with the store away, the next tick reads it.
     */
    follow(blogId: string): Promise<void> {
      if (!versions.has(blogId)) versions.set(blogId, null);
      if (versions.get(blogId) !== null) return Promise.resolve();
      return start(blogId).catch(() => {});
    },
    stop: () => clearInterval(timer),
  };
}
