/**
 * The Lua scripts of a blog's lifecycle: its deletion, its team and its audit trail. Each writes
 * only while the blog's hash exists, so that nothing done after a deletion (an edit's audit
 * record, a team saved from a desk that had the blog open) brings one of its keys back.
 * Every key a script names carries the blog's hash tag: the scripts stay legal on Redis Cluster.
 */
import type { RedisClient } from "./client.js";
import { LIMITS } from "../../../shared/schemas.js";
import { LEGACY_EPOCH } from "../epoch.js";
import { blogKeys } from "./keys.js";

/**
 * KEYS: the blog's hash, then every other key of the blog whose name is known (perBlogKeys), then
 * its channel. ARGV: time, publish command (PUBLISH or SPUBLISH, as in lua-prelude.ts), blog id. Deletes them all and publishes one `blog.deleted` event at the
 * next seq, in the blog's epoch, logged nowhere (the log is gone with the rest). Returns
 * {'ok', event JSON} or {'not_found'}.
 */
const deleteBlog = `
local state = redis.call('HMGET', KEYS[1], 'seq', 'epoch')
local seq = tonumber(state[1])
if not seq then return {'not_found'} end
redis.call('DEL', unpack(KEYS, 1, #KEYS - 1))
local event = '{"blogId":' .. cjson.encode(ARGV[3]) .. ',"seq":' .. (seq + 1) .. ',"epoch":'
  .. cjson.encode(state[2] or '${LEGACY_EPOCH}') .. ',"at":' .. cjson.encode(ARGV[1])
  .. ',"type":"blog.deleted"}'
redis.call(ARGV[2], KEYS[#KEYS], event)
return {'ok', event}
`;

/** KEYS: blog, team. ARGV: the members. Returns 1, or 0 when there is no such blog. */
const setTeam = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('DEL', KEYS[2])
if #ARGV > 0 then redis.call('SADD', KEYS[2], unpack(ARGV)) end
return 1
`;

/** KEYS: blog, audit. ARGV: record JSON. Returns 1, or 0 when there is no such blog. */
const appendAudit = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('LPUSH', KEYS[2], ARGV[1])
redis.call('LTRIM', KEYS[2], 0, ${LIMITS.auditMax - 1})
return 1
`;

/** Every key of a blog that has a fixed name, its hash first (what deleteBlog takes). */
export const perBlogKeys = (blogId: string): string[] => {
  const k = blogKeys(blogId);
  return [
    k.blog,
    k.entries,
    k.order,
    k.pinned,
    k.keyEvents,
    k.log,
    k.readerCounts,
    k.readerExpiries,
    k.team,
    k.audit,
    k.drafts,
    k.pollTallies,
    k.reactionTallies,
    k.talliesVersion,
    k.talliesChanged,
    k.readerSeries,
    k.readerPeak,
    k.devices,
  ];
};

export type LifecycleRedis = RedisClient & {
  deleteBlog(...args: (string | number)[]): Promise<string[]>;
  setTeam(blogKey: string, teamKey: string, ...members: string[]): Promise<number>;
  appendAudit(blogKey: string, auditKey: string, json: string): Promise<number>;
};

/** Defines the scripts as commands on `redis` (EVALSHA, EVAL on NOSCRIPT). */
export function withLifecycleScripts(redis: RedisClient): LifecycleRedis {
  redis.defineCommand("deleteBlog", {
    lua: deleteBlog,
    numberOfKeys: perBlogKeys("x").length + 1,
  });
  redis.defineCommand("setTeam", { lua: setTeam, numberOfKeys: 2 });
  redis.defineCommand("appendAudit", { lua: appendAudit, numberOfKeys: 2 });
  return redis as LifecycleRedis;
}
