/**
 * `blog:readers`: how many people read a blog, over all instances. Once a tick, each instance
 * reports its local count for every blog it serves (which also keeps its report fresh) and emits
 * the total when it changed; the store sums the reports that are still fresh, so a killed
 * instance's readers fade out within the report TTL instead of haunting the count.
 */
import type { Logger } from "pino";
import type { Presence } from "../store/port.js";

export interface ReaderCountOptions {
  presence: Presence;
  localReaders: (blogId: string) => number;
  emit: (blogId: string, count: number) => void;
  log: Logger;
  /** How often counts are reported; a change shows everywhere within about one tick. */
  tickMs?: number;
}

export function startReaderCounts({
  presence,
  localReaders,
  emit,
  log,
  tickMs = 1_000,
}: ReaderCountOptions) {
  const known = new Map<string, number>();
  const dirty = new Set<string>();
  let running = false;

  const report = async (blogId: string) => {
    const local = localReaders(blogId);
    const total = await presence.report(blogId, local);
    if (local === 0) known.delete(blogId);
    else if (known.get(blogId) !== total) {
      known.set(blogId, total);
      emit(blogId, total);
    }
  };

  const tick = async () => {
    if (running) return;
    running = true;
    const due = new Set([...known.keys(), ...dirty]);
    dirty.clear();
    try {
      await Promise.all([...due].map((blogId) => report(blogId)));
    } catch (err) {
      log.warn({ err }, "could not update reader counts");
    } finally {
      running = false;
    }
  };

  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();

  return {
    /** A reader came or went on this instance. */
    changed: (blogId: string) => void dirty.add(blogId),
    /** The last total emitted for a blog, for a reader who just joined. */
    current: (blogId: string) => known.get(blogId),
    stop: () => clearInterval(timer),
  };
}
