/**
 * Bounds what many callers of one read cost: listBlogs is one command per blog, asked by every
 * anonymous page load of `/`, `/archive` and GET /api/blogs. The callers that arrive while a run
 * is in flight share ONE next run, which starts when the current one ends, so each caller still
 * gets a read begun after it asked (what was saved before its call is in it), and at most two
 * runs are open at once per instance, however many readers ask.
 */
const ignore = () => {};

export function coalesced<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  let next: Promise<T> | undefined;
  const start = (): Promise<T> => {
    const run: Promise<T> = read().finally(() => {
      if (running === run) running = undefined;
    });
    running = run;
    return run;
  };
  return () => {
    if (!running) return start();
    next ??= running.then(ignore, ignore).then(() => {
      next = undefined;
      return start();
    });
    return next;
  };
}
