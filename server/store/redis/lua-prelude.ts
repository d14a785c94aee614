/**
 * The Lua shared by the store's scripts (scripts.ts, draft-scripts.ts): opening a blog's state
 * and the write scripts' prelude. Not scripts themselves, so kept out of the modules whose every
 * export client.ts defines as a command.
 */
import { LEGACY_EPOCH } from "../epoch.js";

/**
 * Shared by the write and read scripts. Redis does not roll a script back when a command in it
 * fails, so `open` checks what every script depends on before its first write, and each write
 * script checks the rest: a script that returns an error has changed nothing.
 */
export const opening = `
local function seqOf(id) return tonumber(string.match(id, '^(%d+)')) end
-- The blog's seq and epoch; or nil and the reason: 'not_found', or 'missing' when the blog's hash
-- is gone while its other keys remain, or its log is ahead of its seq (evicted, half-restored).
local function open(blogKey, logKey, ...)
  local state = redis.call('HMGET', blogKey, 'seq', 'epoch')
  local seq = tonumber(state[1])
  if not seq then
    if redis.call('EXISTS', logKey, ...) > 0 then return nil, 'missing' end
    return nil, 'not_found'
  end
  local last = redis.call('XREVRANGE', logKey, '+', '-', 'COUNT', 1)[1]
  if last and seqOf(last[1]) > seq then return nil, 'missing' end
  return seq, state[2] or '${LEGACY_EPOCH}'
end
-- A POST's idempotency record ("<digest>\\n<JSON>"): nil when there is none; else 'replayed' and
-- the JSON it made, or 'reused' when the key came with another request. A record kept from
-- before digests (plain JSON) replays as it always did.
-- A replay writes too: the record's expiry, set again to the same moment (or to ttl seconds if
-- it had none). Replicas get that write after the record itself, so a WAIT on the connection
-- that replayed counts only replicas that have the replayed result (durability.ts); a replay
-- that only read would be confirmed at once, on a connection that never wrote the record.
local function replayOf(key, digest, ttl)
  local previous = redis.call('GET', key)
  if not previous then return nil end
  local kept, json = string.match(previous, '^([^\\n]*)\\n(.*)$')
  if kept and kept ~= digest then return 'reused' end
  local left = redis.call('PTTL', key)
  redis.call('PEXPIRE', key, left > 0 and left or tonumber(ttl) * 1000)
  if not kept then return 'replayed', previous end
  return 'replayed', json
end
`;

/**
 * The write scripts' ARGV[1..4] are always: time, history limit, publish command, blog id; and
 * their last key is the blog's channel. The channel is a key so that Redis Cluster knows the
 * script's slot serves it; the command is PUBLISH on one Redis server and SPUBLISH on a cluster,
 * where PUBLISH would be broadcast to every node while SPUBLISH stays on the slot's shard.
 */
export const prelude = `${opening}
local at, limit, publishCommand, channel = ARGV[1], tonumber(ARGV[2]), ARGV[3], KEYS[#KEYS]
local function bump(blogKey)
  local seq = redis.call('HINCRBY', blogKey, 'seq', 1)
  redis.call('HSET', blogKey, 'updatedAt', at)
  return seq
end
local function record(logKey, blogId, epoch, seq, eventType, field, json)
  local event = '{"blogId":' .. cjson.encode(blogId) .. ',"seq":' .. seq .. ',"epoch":'
    .. cjson.encode(epoch) .. ',"at":' .. cjson.encode(at) .. ',"type":"' .. eventType .. '"'
  if field then event = event .. ',"' .. field .. '":' .. json end
  event = event .. '}'
  redis.call('XADD', logKey, 'MAXLEN', limit, seq .. '-0', 'e', event)
  redis.call(publishCommand, channel, event)
end
local function blogJson(blogKey)
  local h = redis.call('HGETALL', blogKey)
  local blog = {}
  for i = 1, #h, 2 do blog[h[i]] = h[i + 1] end
  blog.seq = tonumber(blog.seq)
  -- No cover is null on the wire, as in the memory store ("" in the hash, or no field at all).
  if blog.cover == nil or blog.cover == '' then blog.cover = cjson.null end
  if blog.endedAt == nil or blog.endedAt == '' then blog.endedAt = cjson.null end
  -- The epoch travels on every event, not inside the blog.
  blog.epoch = nil
  return cjson.encode(blog)
end
local function flag(key, on, score, id)
  if on then redis.call('ZADD', key, score, id) else redis.call('ZREM', key, id) end
end
-- k: the keys blog, entries, order, pinned, keyEvents, log (in that order, as KEYS are).
-- Creates the entry with the blog's next seq, logged and published as entry.created.
local function insertEntry(k, blogId, epoch, entry)
  local seq = bump(k[1])
  entry.seq = seq
  entry.version = 1
  entry.updatedAt = entry.createdAt
  local json = cjson.encode(entry)
  redis.call('HSET', k[2], entry.id, json)
  redis.call('ZADD', k[3], seq, entry.id)
  flag(k[4], entry.pinned, seq, entry.id)
  flag(k[5], entry.keyEvent, seq, entry.id)
  record(k[6], blogId, epoch, seq, 'entry.created', 'entry', json)
  return json
end
-- Removes the entry, logged and published as entry.deleted, and returns its JSON; or nil and the
-- reason. An entry is found by its index (order): indexed without its data is missing data.
local function removeEntry(k, blogId, epoch, id)
  if not redis.call('ZSCORE', k[3], id) then return nil, 'not_found' end
  local json = redis.call('HGET', k[2], id)
  if not json then return nil, 'missing' end
  redis.call('HDEL', k[2], id)
  redis.call('ZREM', k[3], id)
  redis.call('ZREM', k[4], id)
  redis.call('ZREM', k[5], id)
  local seq = bump(k[1])
  record(k[6], blogId, epoch, seq, 'entry.deleted', 'entryId', cjson.encode(id))
  return json
end
`;
