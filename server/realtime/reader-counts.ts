/**
 * `blog:readers`: how many people read a blog, over all instances. Once a tick, each instance
 * reports its local count for every blog it serves (which also keeps its report fresh) and gets
 * the total back; the store sums the reports that are still fresh, so a killed instance's readers
 * fade out within the report TTL instead of haunting the count.
 *
 * Whether a new total is sent to the room follows `shouldSendCount`: a small room hears every
 * change within about a tick, a large one only a change worth its cost. A reader who joins gets
 * the latest total at once (`current`), whatever was last sent to the room.
 */
import type { Logger } from "pino";
import type { Presence } from "../store/port.js";

/**
 * Above this many readers a room's count is sent sparingly. Sending a count costs one socket
 * write per reader; a room of 100 costs little at one send a second, while readers trickling
 * into a room of 100,000 would cost 100,000 writes a second for a number nobody reads that closely.
 */
export const LARGE_ROOM_READERS = 100;

/**
 * A large room hears a new total once it moved this fraction from the last one sent: 5 % is the
 * smallest change a reader notices in "2,000 reading" (100 more) and keeps sends rare.
 */
export const LARGE_ROOM_CHANGE = 0.05;

/**
 * ...or once this long passed since the last send, so a slow drift still shows: "every 10 s"
 * is fresh enough for a number that is an impression, and a tenth of the small rooms' rate.
 */
export const LARGE_ROOM_REFRESH_MS = 10_000;

/** The last count sent to a room, and when (ms, monotonic). */
export interface SentCount {
  count: number;
  at: number;
}

/**
 * Whether a room should hear `total` now. A small room (the last count it was sent at most
 * LARGE_ROOM_READERS) hears every change; a large one a change of LARGE_ROOM_CHANGE or more, or
 * any change LARGE_ROOM_REFRESH_MS after the last send. A room that was never sent a count hears it.
 */
export function shouldSendCount(last: SentCount | undefined, total: number, now: number): boolean {
  if (!last) return true;
  if (total === last.count) return false;
  if (last.count <= LARGE_ROOM_READERS) return true;
  return (
    Math.abs(total - last.count) >= last.count * LARGE_ROOM_CHANGE ||
    now - last.at >= LARGE_ROOM_REFRESH_MS
  );
}

export interface ReaderCountOptions {
  presence: Presence;
  /** The readers of a blog on this instance: what this instance reports. */
  localReaders: (blogId: string) => number;
  /** Whether anyone here follows the blog (readers, or editors who are not counted). */
  followed: (blogId: string) => boolean;
  emit: (blogId: string, count: number) => void;
  log: Logger;
  /** How often counts are reported; a change shows everywhere within about one tick. */
  tickMs?: number;
}

export function startReaderCounts({
  presence,
  localReaders,
  followed,
  emit,
  log,
  tickMs = 1_000,
}: ReaderCountOptions) {
  /** The latest total per blog followed here, for those who join. */
  const latest = new Map<string, number>();
  const sent = new Map<string, SentCount>();
  const dirty = new Set<string>();
  let running = false;

  const report = async (blogId: string) => {
    const local = localReaders(blogId);
    const total = await presence.report(blogId, local);
    if (!followed(blogId)) {
      latest.delete(blogId);
      sent.delete(blogId);
      return;
    }
    latest.set(blogId, total);
    const now = performance.now();
    if (shouldSendCount(sent.get(blogId), total, now)) {
      sent.set(blogId, { count: total, at: now });
      emit(blogId, total);
    }
  };

  const tick = async () => {
    if (running) return;
    running = true;
    const due = new Set([...latest.keys(), ...dirty]);
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
    /** The latest total for a blog, for a reader who just joined. */
    current: (blogId: string) => latest.get(blogId),
    /**
     * The total now, for the newsroom's numbers: the latest for a blog followed here; for one
     * that is not, this instance's count (none) is reported, which answers the total over all.
     */
    total: async (blogId: string): Promise<number> =>
      latest.get(blogId) ?? presence.report(blogId, localReaders(blogId)),
    stop: () => clearInterval(timer),
  };
}
