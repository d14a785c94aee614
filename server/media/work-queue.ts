/**
 * Runs jobs a few at a time and keeps a bounded line of the others. For picture processing:
 * sharp works in libuv's thread pool (four threads, shared with file reads, zlib and scrypt),
 * so unbounded uploads would make a live server's readers wait; and each upload waiting here
 * holds its bytes in memory, so the line is short and the rest are refused (503 media_busy).
 */
import { mediaBusy } from "../errors.js";

export interface WorkQueue {
  run<T>(job: () => Promise<T>): Promise<T>;
}

export function createWorkQueue({
  concurrency,
  maxWaiting,
}: {
  concurrency: number;
  maxWaiting: number;
}): WorkQueue {
  let running = 0;
  const waiting: (() => void)[] = [];

  return {
    async run(job) {
      if (running < concurrency) running++;
      else if (waiting.length >= maxWaiting) throw mediaBusy();
      // A finishing job hands its place over to the first in line (running stays the same).
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await job();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
  };
}

/**
 * The instance's line for picture work (uploads and cover crops). One at a time keeps
 * processing to one core of a live server (docs/MEDIA.md, "Load"); four waiting is more than a
 * newsroom's desk sends at once, and bounds the memory their bytes hold.
 */
export const pictureWork = () => createWorkQueue({ concurrency: 1, maxWaiting: 4 });
