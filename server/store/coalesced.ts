/**
 * Bounds what many callers of one read cost: listBlogs is one command per blog, asked by every
 * anonymous page load of `/`, `/archive` and GET /api/blogs; a blog's counts are asked by every
 * reader's page (server/engagement/tallies-reader.ts). The callers that arrive while a run
 * is in flight share ONE next run, which starts when the current one ends, so each caller still
 * gets a read begun after it asked (what was saved before its call is in it), and at most two
 * runs are open at once per instance, however many readers ask.
 */
const ignore = () => {};

/** The same, for a read of one of many things (a blog's): each key is shared on its own. */
export function coalescedBy<K, T>(read: (key: K) => Promise<T>): (key: K) => Promise<T> {
  // Only keys with a run open are held, so keys nobody asks for any more cost nothing.
  const running = new Map<K, Promise<T>>();
  const next = new Map<K, Promise<T>>();
  const start = (key: K): Promise<T> => {
    const run: Promise<T> = read(key).finally(() => {
      if (running.get(key) === run) running.delete(key);
    });
    running.set(key, run);
    return run;
  };
  return (key) => {
    const current = running.get(key);
    if (!current) return start(key);
    let queued = next.get(key);
    if (!queued) {
      queued = current.then(ignore, ignore).then(() => {
        next.delete(key);
        return start(key);
      });
      next.set(key, queued);
    }
    return queued;
  };
}

export function coalesced<T>(read: () => Promise<T>): () => Promise<T> {
  const shared = coalescedBy<undefined, T>(read);
  return () => shared(undefined);
}
