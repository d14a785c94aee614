/** BlogStore on Redis: thin calls to the atomic scripts in scripts.ts. */
import { blogSchema, type Blog, type Entry, type LiveEvent } from "../../../shared/schemas.js";
import { conflict, notFound } from "../../errors.js";
import { IDEMPOTENCY_TTL_SECONDS, type BlogStore } from "../port.js";
import type { ScriptedRedis } from "./client.js";
import { guarded } from "./errors.js";
import { BLOG_INDEX_KEY, blogKeys } from "./keys.js";

const parseBlog = (hash: Record<string, string>): Blog =>
  blogSchema.parse({ ...hash, seq: Number(hash.seq) });
const parseEntry = (json: unknown) => JSON.parse(String(json)) as Entry;

export function createRedisBlogStore(redis: ScriptedRedis, historyLimit: number): BlogStore {
  /** The ARGV every write script starts with (see the prelude in scripts.ts). */
  const writeArgs = (blogId: string, at: string) => [
    at,
    historyLimit,
    blogKeys(blogId).channel,
    blogId,
  ];
  const entryKeys = (blogId: string) => {
    const k = blogKeys(blogId);
    return [k.blog, k.entries, k.order, k.pinned, k.keyEvents, k.log];
  };
  const missingBlog = (blogId: string) => notFound(`Blog "${blogId}"`);

  return {
    createBlog: (blog) =>
      guarded(async () => {
        await redis.sadd(BLOG_INDEX_KEY, blog.id);
        const [status] = await redis.createBlog(
          blogKeys(blog.id).blog,
          blog.id,
          blog.title,
          blog.description,
          blog.status,
          blog.createdAt,
          blog.updatedAt,
        );
        if (status === "exists")
          throw conflict("blog_exists", `A blog with id "${blog.id}" already exists.`);
        return { ...blog, seq: 0 };
      }),

    getBlog: (blogId) =>
      guarded(async () => {
        const hash = await redis.hgetall(blogKeys(blogId).blog);
        return hash.id ? parseBlog(hash) : null;
      }),

    listBlogs: () =>
      guarded(async () => {
        const ids = await redis.smembers(BLOG_INDEX_KEY);
        const pipeline = redis.pipeline();
        for (const id of ids) pipeline.hgetall(blogKeys(id).blog);
        const replies = (await pipeline.exec()) ?? [];
        return replies
          .map(([err, hash]) => {
            if (err) throw err;
            return hash as Record<string, string>;
          })
          .filter((hash) => hash.id)
          .map(parseBlog);
      }),

    updateBlog: (blogId, patch, at) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        const fields = Object.entries(patch).flatMap(([field, value]) => [field, String(value)]);
        const [status, json] = await redis.updateBlog(
          k.blog,
          k.log,
          ...writeArgs(blogId, at),
          ...fields,
        );
        if (status === "not_found") throw missingBlog(blogId);
        const blog = parseBlog(JSON.parse(String(json)));
        return { blogId, seq: blog.seq, at, type: "blog.updated", blog } satisfies LiveEvent;
      }),

    createEntry: (blogId, entry, idempotencyKey) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        const [status, json] = await redis.createEntry(
          ...entryKeys(blogId),
          k.idempotency(idempotencyKey ?? "none"),
          ...writeArgs(blogId, entry.createdAt),
          JSON.stringify(entry),
          idempotencyKey ? IDEMPOTENCY_TTL_SECONDS : "",
        );
        if (status === "not_found") throw missingBlog(blogId);
        if (status === "exists")
          throw conflict("entry_exists", `Entry "${entry.id}" already exists.`);
        return { entry: parseEntry(json), replayed: status === "replayed" };
      }),

    updateEntry: (blogId, entryId, patch, version, at) =>
      guarded(async () => {
        const [status, json] = await redis.updateEntry(
          ...entryKeys(blogId),
          ...writeArgs(blogId, at),
          entryId,
          JSON.stringify(patch),
          version,
        );
        if (status === "not_found") throw notFound(`Entry "${entryId}"`);
        if (status === "conflict") {
          const current = parseEntry(json);
          throw conflict(
            "version_conflict",
            `Entry "${entryId}" was changed by someone else (now version ${current.version}).`,
            [current],
          );
        }
        return parseEntry(json);
      }),

    deleteEntry: (blogId, entryId, at) =>
      guarded(async () => {
        const [status] = await redis.deleteEntry(
          ...entryKeys(blogId),
          ...writeArgs(blogId, at),
          entryId,
        );
        if (status === "not_found") throw notFound(`Entry "${entryId}"`);
      }),

    getEntry: (blogId, entryId) =>
      guarded(async () => {
        const json = await redis.hget(blogKeys(blogId).entries, entryId);
        return json ? parseEntry(json) : null;
      }),

    listEntries: (blogId, query) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        const index =
          query.only === "pinned" ? k.pinned : query.only === "keyEvents" ? k.keyEvents : k.order;
        const [status, seq, next, ...entries] = await redis.listEntries(
          k.blog,
          k.entries,
          index,
          query.before ?? "+inf",
          query.limit,
        );
        if (status === "not_found") throw missingBlog(blogId);
        return {
          entries: entries.map(parseEntry),
          seq: Number(seq),
          next: next ? Number(next) : null,
        };
      }),

    readLog: (blogId, since) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        const [status, seq, oldest, ...events] = await redis.readLog(k.blog, k.log, since);
        if (status === "not_found") throw missingBlog(blogId);
        const current = Number(seq);
        const first = Number(oldest) || current + 1;
        if (since + 1 < first && since < current)
          return { expired: true, oldest: first, seq: current };
        return { events: events.map((e) => JSON.parse(String(e)) as LiveEvent), seq: current };
      }),
  };
}
