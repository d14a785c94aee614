/** BlogStore on Redis: thin calls to the atomic scripts in scripts.ts. */
import type { Logger } from "pino";
import { blogSchema, type Blog, type Entry, type LiveEvent } from "../../../shared/schemas.js";
import { conflict, notFound } from "../../errors.js";
import { newEpoch } from "../epoch.js";
import {
  CATCH_UP_MAX_BYTES,
  IDEMPOTENCY_TTL_SECONDS,
  type BlogStore,
  type LogPosition,
} from "../port.js";
import { publishCommandOf, type ScriptedRedis } from "./client.js";
import type { ReplicaWait } from "./durability.js";
import { coalesced } from "../coalesced.js";
import { guarded } from "./errors.js";
import { deleteRedisBlog } from "./delete-blog.js";
import { BLOG_INDEX_KEY, blogKeys } from "./keys.js";
import { createRefusal, creationRefusal } from "./refusal.js";

const parseBlog = (hash: Record<string, string>): Blog =>
  blogSchema.parse({ ...hash, seq: Number(hash.seq) });
const parseEntry = (json: unknown) => JSON.parse(String(json)) as Entry;
const parseEvent = (json: unknown) => JSON.parse(String(json)) as LiveEvent;

export function createRedisBlogStore(
  redis: ScriptedRedis,
  written: ReplicaWait,
  historyLimit: number,
  log: Logger,
): BlogStore {
  /** The ARGV every write script starts with (see the prelude in lua-prelude.ts). */
  const writeArgs = (blogId: string, at: string) => [
    at,
    historyLimit,
    publishCommandOf(redis),
    blogId,
  ];
  const entryKeys = (blogId: string) => {
    const k = blogKeys(blogId);
    return [k.blog, k.entries, k.order, k.pinned, k.keyEvents, k.log];
  };
  /** The keys `open` in scripts.ts checks, for the read scripts. */
  const stateKeys = (blogId: string) => {
    const k = blogKeys(blogId);
    return [k.blog, k.log, k.entries];
  };

  const refusal = createRefusal(log);
  const position = (seq: unknown, epoch: unknown): LogPosition => ({
    seq: Number(seq),
    epoch: String(epoch),
  });
  /** A blog that is not there: unknown, or lost in part (its other keys remain). */
  const absent = async (blogId: string, what = `Blog "${blogId}"`) => {
    const k = blogKeys(blogId);
    return (await redis.exists(k.log, k.entries, k.order)) > 0
      ? refusal("missing", blogId)!
      : notFound(what);
  };

  /** Shared by the callers that ask while it runs (coalesced.ts): readers ask it anonymously. */
  const listAll = coalesced(() =>
    guarded(async () => {
      const ids = await redis.smembers(BLOG_INDEX_KEY);
      // One command per blog, all sent at once: on a cluster each goes to its blog's node (a
      // pipeline must stay on one), and ioredis writes them without waiting for each answer.
      const hashes = await Promise.all(ids.map((id) => redis.hgetall(blogKeys(id).blog)));
      return hashes.filter((hash) => hash.id).map(parseBlog);
    }),
  );

  return {
    createBlog: (blog) =>
      guarded(async () => {
        // The index is global (another Cluster slot than the blog's), so it is a step of its
        // own, first: a blog cut short after it is an id without a hash, which listBlogs skips.
        await redis.sadd(BLOG_INDEX_KEY, blog.id);
        const k = blogKeys(blog.id);
        const [status] = await written(k.blog, (writer) =>
          writer.createBlog(
            k.blog,
            k.log,
            k.entries,
            blog.id,
            blog.title,
            blog.description,
            blog.status,
            blog.createdAt,
            blog.updatedAt,
            newEpoch(),
            blog.cover ?? "",
            blog.language,
            blog.timeZone,
          ),
        );
        if (status === "exists")
          throw conflict("blog_exists", `A blog with id "${blog.id}" already exists.`);
        const refused = refusal(status, blog.id);
        if (refused) throw refused;
        return { ...blog, seq: 0 };
      }),

    getBlog: (blogId) =>
      guarded(async () => {
        const hash = await redis.hgetall(blogKeys(blogId).blog);
        if (hash.id) return parseBlog(hash);
        const missing = await absent(blogId);
        if (missing.code === "store_data_missing") throw missing;
        return null;
      }),

    // Each caller gets its own array: the service sorts it in place.
    listBlogs: async () => [...(await listAll())],

    updateBlog: (blogId, patch, at) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        // A hash holds strings only: a removed cover is "" (read back as null).
        const fields = Object.entries(patch).flatMap(([field, value]) => [
          field,
          String(value ?? ""),
        ]);
        const [status, json] = await written(k.blog, (writer) =>
          writer.updateBlog(
            k.blog,
            k.log,
            k.entries,
            k.channel,
            ...writeArgs(blogId, at),
            ...fields,
          ),
        );
        const refused = refusal(status, blogId);
        if (refused) throw refused;
        return parseBlog(JSON.parse(String(json)));
      }),

    createEntry: (blogId, entry, idempotency) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        const [status, json] = await written(k.blog, (writer) =>
          writer.createEntry(
            ...entryKeys(blogId),
            k.idempotency(idempotency?.key ?? "none"),
            k.channel,
            ...writeArgs(blogId, entry.createdAt),
            JSON.stringify(entry),
            idempotency ? IDEMPOTENCY_TTL_SECONDS : "",
            idempotency?.digest ?? "",
          ),
        );
        const refused = refusal(status, blogId) ?? creationRefusal(status, entry.id);
        if (refused) throw refused;
        return { entry: parseEntry(json), replayed: status === "replayed" };
      }),

    updateEntry: (blogId, entryId, patch, version, at) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        const [status, json] = await written(k.blog, (writer) =>
          writer.updateEntry(
            ...entryKeys(blogId),
            k.channel,
            ...writeArgs(blogId, at),
            entryId,
            JSON.stringify(patch),
            version,
          ),
        );
        const refused = refusal(status, blogId, `Entry "${entryId}"`);
        if (refused) throw refused;
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
        const k = blogKeys(blogId);
        const [status] = await written(k.blog, (writer) =>
          writer.deleteEntry(...entryKeys(blogId), k.channel, ...writeArgs(blogId, at), entryId),
        );
        const refused = refusal(status, blogId, `Entry "${entryId}"`);
        if (refused) throw refused;
      }),

    getEntry: (blogId, entryId) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        const json = await redis.hget(k.entries, entryId);
        if (json) return parseEntry(json);
        // Indexed but without its data: lost, not unknown.
        if ((await redis.zscore(k.order, entryId)) !== null) throw refusal("missing", blogId)!;
        return null;
      }),

    entryOrder: (blogId, entryId) =>
      guarded(async () => {
        const score = await redis.zscore(blogKeys(blogId).order, entryId);
        return score === null ? null : Number(score);
      }),

    listEntries: (blogId, query) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        const index =
          query.only === "pinned" ? k.pinned : query.only === "keyEvents" ? k.keyEvents : k.order;
        const [status, seq, epoch, next, ...entries] = await redis.listEntries(
          k.blog,
          k.entries,
          index,
          k.log,
          query.before ?? "+inf",
          query.limit,
        );
        const refused = refusal(status, blogId);
        if (refused) throw refused;
        return {
          entries: entries.map(parseEntry),
          ...position(seq, epoch),
          next: next ? Number(next) : null,
        };
      }),

    readLog: (blogId, { since, epoch, limit }) =>
      guarded(async () => {
        const [status, seq, current, more, ...events] = await redis.readLog(
          ...stateKeys(blogId),
          since,
          epoch ?? "",
          limit,
          CATCH_UP_MAX_BYTES,
        );
        const refused = refusal(status, blogId);
        if (refused) throw refused;
        if (status !== "ok")
          return { ...position(seq, current), resync: status as "expired" | "ahead" | "epoch" };
        return { ...position(seq, current), events: events.map(parseEvent), more: more === 1 };
      }),

    position: (blogId) =>
      guarded(async () => {
        const [status, seq, epoch, at] = await redis.position(...stateKeys(blogId));
        if (status === "not_found") return null;
        const refused = refusal(status, blogId);
        if (refused) throw refused;
        return { ...position(seq, epoch), at: String(at) };
      }),

    renewEpoch: (blogId, expected) =>
      guarded(async () => {
        const [status, seq, epoch, at] = await redis.renewEpoch(
          blogKeys(blogId).blog,
          expected,
          newEpoch(),
        );
        if (status === "not_found") throw await absent(blogId);
        return { ...position(seq, epoch), at: String(at) };
      }),
    deleteBlog: (blogId, at) =>
      guarded(
        async () =>
          void (await written(blogKeys(blogId).blog, (writer) =>
            deleteRedisBlog(writer, blogId, at),
          )),
      ),
    getTeam: (blogId) => guarded(async () => (await redis.smembers(blogKeys(blogId).team)).sort()),
    setTeam: (blogId, members) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        if (!(await written(k.blog, (writer) => writer.setTeam(k.blog, k.team, ...members))))
          throw notFound(`Blog "${blogId}"`);
      }),
  };
}
