/**
 * Store-side metrics: events this instance publishes (counted where the HTTP services write),
 * and the store's Redis connection trouble.
 */
import type { BlogStore, DraftStore, Store } from "../store/port.js";
import type { Metrics } from "./metrics.js";

/** The same BlogStore, counting each write that published a live event. */
export function countPublished(blogs: BlogStore, metrics: Metrics): BlogStore {
  const published = (type: string) => metrics.eventsPublished.inc({ type });
  return {
    ...blogs,
    async createEntry(...args) {
      const result = await blogs.createEntry(...args);
      // A replayed Idempotency-Key writes nothing and publishes nothing.
      if (!result.replayed) published("entry.created");
      return result;
    },
    async updateEntry(...args) {
      const entry = await blogs.updateEntry(...args);
      published("entry.updated");
      return entry;
    },
    async deleteEntry(...args) {
      await blogs.deleteEntry(...args);
      published("entry.deleted");
    },
    async updateBlog(...args) {
      const blog = await blogs.updateBlog(...args);
      published("blog.updated");
      return blog;
    },
  };
}

/** The same DraftStore, counting the live events that publishing and unpublishing make. */
export function countPublishedDrafts(drafts: DraftStore, metrics: Metrics): DraftStore {
  const published = (type: string) => metrics.eventsPublished.inc({ type });
  return {
    ...drafts,
    async publishDraft(...args) {
      const entry = await drafts.publishDraft(...args);
      published("entry.created");
      return entry;
    },
    async unpublishEntry(...args) {
      const draft = await drafts.unpublishEntry(...args);
      published("entry.deleted");
      return draft;
    },
  };
}

/** Counts Redis connection errors and recoveries (the embedded store has none). */
export function observeStore(store: Store, metrics: Metrics): void {
  store.onConnection?.(({ connection, kind }) => {
    if (kind === "error") metrics.redisErrors.inc({ connection });
    else metrics.redisReconnects.inc({ connection });
  });
}
