/**
 * The Lua scripts of readers' votes and reactions (engagement.ts). Each is ONE atomic step that
 * checks against the blog's published entry as stored, de-duplicates by device and counts; every
 * key it names carries the blog's hash tag (keys.ts), so that on Redis Cluster the entry and the
 * counts are in one slot and the check cannot go stale before the count.
 *
 * The scripts answer `{status, ...}` like the blog's scripts (scripts.ts); a refusal writes
 * nothing. They refuse a blog without its hash ('no_blog'), so that nothing done after a deletion
 * brings one of its keys back.
 */
import { REACTIONS } from "../../../shared/reactions.js";
import type { RedisClient } from "./client.js";

/**
 * Milliseconds since the epoch of a time as the entry schema keeps it (`z.iso.datetime()`:
 * YYYY-MM-DDTHH:MM:SS[.fraction]Z, always UTC), or nil; the days by Howard Hinnant's
 * days_from_civil. Lua in Redis has no os.time, and the poll's closing time must be read from
 * the entry as stored, in the same step as the vote.
 */
export const timeOf = `
local function msOf(iso)
  local y, m, d, h, mi, s, fraction =
    string.match(iso, '^(%d%d%d%d)-(%d%d)-(%d%d)T(%d%d):(%d%d):(%d%d)%.?(%d*)Z$')
  if not y then return nil end
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  if m <= 2 then y = y - 1 end
  local era = math.floor(y / 400)
  local yearOfEra = y - era * 400
  local dayOfYear = math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1
  local dayOfEra = yearOfEra * 365 + math.floor(yearOfEra / 4) - math.floor(yearOfEra / 100)
    + dayOfYear
  local days = era * 146097 + dayOfEra - 719468
  local seconds = ((days * 24 + tonumber(h)) * 60 + tonumber(mi)) * 60 + tonumber(s)
  return seconds * 1000 + tonumber(string.sub(fraction .. '000', 1, 3))
end
local function nowMs()
  local now = redis.call('TIME')
  return tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
end
`;

/**
 * The poll of an entry as stored (the JSON cjson made in the entry scripts), or nil: only the
 * poll is decoded, not the whole entry, whose body and html can be 40 KB (decoding them too
 * doubled a vote's Redis time for the longest entries: docs/ARCHITECTURE.md). Every '"' inside a
 * JSON string is escaped, so '"poll":' can only be a key, and the entry has no other "poll" key
 * (schemas.ts); the object ends at the brace that closes it, outside strings.
 */
export const pollOf = `
local function stringEnd(json, from)
  local at = from + 1
  while true do
    at = string.find(json, '["\\\\]', at)
    if string.sub(json, at, at) == '"' then return at end
    at = at + 2
  end
end
local function pollOf(json)
  local key = string.find(json, '"poll":{', 1, true)
  if not key then return nil end
  local from = key + 7
  local depth, at = 0, from
  while true do
    at = string.find(json, '[{}"]', at)
    local char = string.sub(json, at, at)
    if char == '"' then at = stringEnd(json, at)
    elseif char == '{' then depth = depth + 1
    else
      depth = depth - 1
      if depth == 0 then return cjson.decode(string.sub(json, from, at)) end
    end
    at = at + 1
  end
end
`;

/** Moves the blog's counts version and records which entry changed at it (talliesSince). */
const changes = `
local function changed(versionKey, changedKey, entryId)
  redis.call('ZADD', changedKey, redis.call('INCR', versionKey), entryId)
end
local function isSet(value) return value ~= nil and value ~= cjson.null end
`;

/**
 * KEYS: blog, entries, pollTallies, voters (of this entry), talliesVersion, talliesChanged.
 * ARGV: entry id, poll id, option, device. Returns {'ok', PollTally JSON}, or a refusal:
 * {'no_blog'}, {'not_found'} (no such published entry: drafts are in another hash),
 * {'poll_not_found'}, {'poll_closed'} (closed, or its closesAt is not later than Redis' clock),
 * {'no_such_option', options}, {'already_voted', the option this device chose}.
 */
export const castVote = `${timeOf}${changes}${pollOf}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'no_blog'} end
local entryId, pollId, option, device = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local json = redis.call('HGET', KEYS[2], entryId)
if not json then return {'not_found'} end
local poll = pollOf(json)
if not poll or poll.id ~= pollId then return {'poll_not_found'} end
if isSet(poll.closedAt) then return {'poll_closed'} end
if isSet(poll.closesAt) then
  local closesAt = msOf(poll.closesAt)
  if not closesAt or nowMs() >= closesAt then return {'poll_closed'} end
end
if option >= #poll.options then return {'no_such_option', #poll.options} end
local stored = redis.call('HGET', KEYS[3], entryId)
local tally = stored and cjson.decode(stored)
if not tally or tally.pollId ~= pollId then
  -- The counts (and voters) of a poll this entry no longer has: this one starts from nothing.
  tally = {pollId = pollId, counts = {}, total = 0}
  for i = 1, #poll.options do tally.counts[i] = 0 end
  redis.call('UNLINK', KEYS[4])
end
if redis.call('HSETNX', KEYS[4], device, option) == 0 then
  return {'already_voted', redis.call('HGET', KEYS[4], device)}
end
tally.counts[option + 1] = tally.counts[option + 1] + 1
tally.total = tally.total + 1
stored = cjson.encode(tally)
redis.call('HSET', KEYS[3], entryId, stored)
changed(KEYS[5], KEYS[6], entryId)
return {'ok', stored}
`;

const reactionList = REACTIONS.map((reaction) => `'${reaction}'`).join(", ");

/**
 * KEYS: blog, entries, reactionTallies, reacted (of this entry), talliesVersion, talliesChanged.
 * ARGV: entry id, reaction, '1' to set or '0' to clear, device. Setting one that is set, or
 * clearing one that is not, writes nothing. Returns {'ok', ReactionCounts JSON, the device's
 * reactions...}, or {'no_blog'}, {'not_found'}.
 */
export const setReaction = `${changes}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'no_blog'} end
local entryId, reaction, on, device = ARGV[1], ARGV[2], ARGV[3] == '1', ARGV[4]
if redis.call('HEXISTS', KEYS[2], entryId) == 0 then return {'not_found'} end
local moved
if on then moved = redis.call('HSETNX', KEYS[4], device .. '/' .. reaction, 1)
else moved = redis.call('HDEL', KEYS[4], device .. '/' .. reaction) end
local stored = redis.call('HGET', KEYS[3], entryId)
local counts = stored and cjson.decode(stored) or {}
local reactions = {${reactionList}}
for _, name in ipairs(reactions) do counts[name] = counts[name] or 0 end
if moved == 1 then
  counts[reaction] = math.max(0, counts[reaction] + (on and 1 or -1))
  redis.call('HSET', KEYS[3], entryId, cjson.encode(counts))
  changed(KEYS[5], KEYS[6], entryId)
end
local result = {'ok', cjson.encode(counts)}
for _, name in ipairs(reactions) do
  if redis.call('HEXISTS', KEYS[4], device .. '/' .. name) == 1 then
    result[#result + 1] = name
  end
end
return result
`;

/**
 * KEYS: blog, talliesVersion, talliesChanged, pollTallies, reactionTallies. ARGV: version.
 * Returns {'ok', version now, then entry id, PollTally JSON or '', ReactionCounts JSON or '' for
 * each entry changed after ARGV's version}, or {'no_blog'}. When nothing changed: two O(1) reads.
 * A version above the blog's means its counts started again (the blog was deleted and made
 * again): then every entry's.
 */
export const talliesAfter = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'no_blog'} end
local version = tonumber(redis.call('GET', KEYS[2]) or 0)
local since = tonumber(ARGV[1])
if since == version then return {'ok', version} end
if since > version then since = 0 end
local result = {'ok', version}
for _, entryId in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. since, '+inf')) do
  result[#result + 1] = entryId
  result[#result + 1] = redis.call('HGET', KEYS[4], entryId) or ''
  result[#result + 1] = redis.call('HGET', KEYS[5], entryId) or ''
end
return result
`;

/**
 * KEYS: blog, entries, pollTallies, reactionTallies, voters, reacted (of the entry),
 * talliesChanged. ARGV: entry id, 'poll' (only the poll's counts) or ''. Returns {'ok'} or
 * {'no_blog'}. The counts of the poll the entry has now are kept: they can only be votes for it,
 * cast after the change that made the caller forget the poll before.
 */
export const forgetCounts = `${pollOf}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'no_blog'} end
local entryId = ARGV[1]
if ARGV[2] == 'poll' then
  local stored = redis.call('HGET', KEYS[3], entryId)
  if not stored then return {'ok'} end
  local json = redis.call('HGET', KEYS[2], entryId)
  local poll = json and pollOf(json)
  if poll and poll.id == cjson.decode(stored).pollId then return {'ok'} end
  redis.call('HDEL', KEYS[3], entryId)
  redis.call('UNLINK', KEYS[5])
  if redis.call('HEXISTS', KEYS[4], entryId) == 0 then redis.call('ZREM', KEYS[7], entryId) end
  return {'ok'}
end
redis.call('HDEL', KEYS[3], entryId)
redis.call('HDEL', KEYS[4], entryId)
redis.call('UNLINK', KEYS[5], KEYS[6])
redis.call('ZREM', KEYS[7], entryId)
return {'ok'}
`;

/** KEYS: blog, devices. ARGV: device. Returns {'ok'} or {'no_blog'}. */
export const addDevice = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'no_blog'} end
redis.call('PFADD', KEYS[2], ARGV[1])
return {'ok'}
`;

type ScriptReply = (string | number | null)[];
type ScriptCall = (...args: (string | number)[]) => Promise<ScriptReply>;

const scripts = { castVote, setReaction, talliesAfter, forgetCounts, addDevice };
const KEY_COUNTS: Record<keyof typeof scripts, number> = {
  castVote: 6,
  setReaction: 6,
  talliesAfter: 5,
  forgetCounts: 7,
  addDevice: 2,
};

export type EngagementRedis = RedisClient & Record<keyof typeof scripts, ScriptCall>;

/** Defines the scripts as commands on `redis` (EVALSHA, EVAL on NOSCRIPT). */
export function withEngagementScripts(redis: RedisClient): EngagementRedis {
  for (const [name, lua] of Object.entries(scripts))
    redis.defineCommand(name, { lua, numberOfKeys: KEY_COUNTS[name as keyof typeof scripts] });
  return redis as EngagementRedis;
}
