/**
 * A blog's deletion on Redis. The blog itself goes in ONE script (lifecycle-scripts.ts): every
 * key of its hash tag whose name is known, and the `blog.deleted` event, so that no reader and no
 * write sees half a blog. What the script cannot name goes after it, and nothing can add to it
 * meanwhile, since every write script refuses a blog without its hash:
 * - the blog's id in the index and its members of the scheduler's set: global keys, in another
 *   Cluster slot than the blog's;
 * - its idempotency keys, named by clients, and its entries' voters and reactions by device,
 *   named by entry (keys.ts `sweptPrefixes`): found by one SCAN under the hash tag, a batch at a
 *   time, so that a blog with many never blocks Redis for long (on a cluster, SCAN of the master
 *   that serves the blog's slot: SCAN walks one node's keys). Only those prefixes are removed, so
 *   that a blog made again with the same id meanwhile keeps its blog, entries and log.
 * A deletion cut short after the script (Redis gone) leaves only those, which nothing reads:
 * listBlogs skips an id without its hash, the scheduler finds no draft, and the keys expire.
 */
import type { LiveEvent } from "../../../shared/schemas.js";
import { notFound } from "../../errors.js";
import { masterOfKey, publishCommandOf } from "./client.js";
import { BLOG_INDEX_KEY, blogKeys, SCHEDULED_KEY } from "./keys.js";
import { perBlogKeys, type LifecycleRedis } from "./lifecycle-scripts.js";

/** How many keys one SCAN call looks at (and so at most how many one UNLINK deletes). */
export const SCAN_BATCH = 500;

export async function deleteRedisBlog(
  redis: LifecycleRedis,
  blogId: string,
  at: string,
): Promise<LiveEvent> {
  const k = blogKeys(blogId);
  const [status, json] = await redis.deleteBlog(
    ...perBlogKeys(blogId),
    k.channel,
    at,
    publishCommandOf(redis),
    blogId,
  );
  if (status !== "ok") throw notFound(`Blog "${blogId}"`);
  await redis.srem(BLOG_INDEX_KEY, blogId);
  await sweep(
    (cursor) => redis.zscan(SCHEDULED_KEY, cursor, "MATCH", `${blogId}/*`, "COUNT", SCAN_BATCH),
    // ZSCAN answers member, score, member, score...
    (pairs) => redis.zrem(SCHEDULED_KEY, ...pairs.filter((_, i) => i % 2 === 0)),
  );
  const node = masterOfKey(redis, k.blog);
  await sweep(
    async (cursor) => {
      const [next, keys] = await node.scan(cursor, "MATCH", k.tagPattern, "COUNT", SCAN_BATCH);
      const swept = keys.filter((key) => k.sweptPrefixes.some((prefix) => key.startsWith(prefix)));
      return [next, swept];
    },
    // UNLINK frees a large hash (an entry's voters) in the background, not in Redis' main thread.
    (keys) => redis.unlink(...keys),
  );
  return JSON.parse(String(json)) as LiveEvent;
}

/** Walks a SCAN cursor to its end, handing each non-empty batch to `remove` as it comes. */
async function sweep(
  scan: (cursor: string) => Promise<[string, string[]]>,
  remove: (batch: string[]) => Promise<unknown>,
): Promise<void> {
  let cursor = "0";
  do {
    const [next, batch] = await scan(cursor);
    if (batch.length > 0) await remove(batch);
    cursor = next;
  } while (cursor !== "0");
}
