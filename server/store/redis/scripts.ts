/**
 * The Lua scripts that make each change ONE atomic step in Redis: bump the blog's seq, write,
 * append the LiveEvent to the capped log stream, and PUBLISH it. Redis runs a script alone, so
 * the published order is the seq order and nothing is logged without being published.
 * Results are arrays whose first element says what happened ("ok", "not_found", ...).
 */

/** Shared by the write scripts. ARGV[1..3] are always: time, history limit, channel. */
const prelude = `
local at, limit, channel = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local function bump(blogKey)
  local seq = redis.call('HINCRBY', blogKey, 'seq', 1)
  redis.call('HSET', blogKey, 'updatedAt', at)
  return seq
end
local function record(logKey, blogId, seq, eventType, field, json)
  local event = '{"blogId":' .. cjson.encode(blogId) .. ',"seq":' .. seq .. ',"at":' .. cjson.encode(at)
    .. ',"type":"' .. eventType .. '"'
  if field then event = event .. ',"' .. field .. '":' .. json end
  event = event .. '}'
  redis.call('XADD', logKey, 'MAXLEN', limit, seq .. '-0', 'e', event)
  redis.call('PUBLISH', channel, event)
end
local function blogJson(blogKey)
  local h = redis.call('HGETALL', blogKey)
  local blog = {}
  for i = 1, #h, 2 do blog[h[i]] = h[i + 1] end
  blog.seq = tonumber(blog.seq)
  return cjson.encode(blog)
end
local function flag(key, on, score, id)
  if on then redis.call('ZADD', key, score, id) else redis.call('ZREM', key, id) end
end
`;

/** KEYS: blog, entries, order, pinned, keyEvents, log, idempotency. ARGV: at, limit, channel, blogId, entry JSON, idempotency TTL ('' = no key). */
export const createEntry = `${prelude}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'not_found'} end
if ARGV[6] ~= '' then
  local previous = redis.call('GET', KEYS[7])
  if previous then return {'replayed', previous} end
end
local entry = cjson.decode(ARGV[5])
if redis.call('HEXISTS', KEYS[2], entry.id) == 1 then return {'exists'} end
local seq = bump(KEYS[1])
entry.seq = seq
entry.version = 1
entry.updatedAt = entry.createdAt
local json = cjson.encode(entry)
redis.call('HSET', KEYS[2], entry.id, json)
redis.call('ZADD', KEYS[3], seq, entry.id)
flag(KEYS[4], entry.pinned, seq, entry.id)
flag(KEYS[5], entry.keyEvent, seq, entry.id)
record(KEYS[6], ARGV[4], seq, 'entry.created', 'entry', json)
if ARGV[6] ~= '' then redis.call('SET', KEYS[7], json, 'EX', tonumber(ARGV[6])) end
return {'ok', json}
`;

/** KEYS: blog, entries, order, pinned, keyEvents, log. ARGV: at, limit, channel, blogId, entry id, patch JSON, expected version. */
export const updateEntry = `${prelude}
local current = redis.call('HGET', KEYS[2], ARGV[5])
if not current then return {'not_found'} end
local entry = cjson.decode(current)
if entry.version ~= tonumber(ARGV[7]) then return {'conflict', current} end
for field, value in pairs(cjson.decode(ARGV[6])) do entry[field] = value end
local seq = bump(KEYS[1])
entry.seq = seq
entry.version = entry.version + 1
entry.updatedAt = at
local json = cjson.encode(entry)
redis.call('HSET', KEYS[2], entry.id, json)
local created = redis.call('ZSCORE', KEYS[3], entry.id)
flag(KEYS[4], entry.pinned, created, entry.id)
flag(KEYS[5], entry.keyEvent, created, entry.id)
record(KEYS[6], ARGV[4], seq, 'entry.updated', 'entry', json)
return {'ok', json}
`;

/** KEYS: blog, entries, order, pinned, keyEvents, log. ARGV: at, limit, channel, blogId, entry id. */
export const deleteEntry = `${prelude}
if redis.call('HDEL', KEYS[2], ARGV[5]) == 0 then return {'not_found'} end
redis.call('ZREM', KEYS[3], ARGV[5])
redis.call('ZREM', KEYS[4], ARGV[5])
redis.call('ZREM', KEYS[5], ARGV[5])
local seq = bump(KEYS[1])
record(KEYS[6], ARGV[4], seq, 'entry.deleted', 'entryId', cjson.encode(ARGV[5]))
return {'ok'}
`;

/** KEYS: blog, log. ARGV: at, limit, channel, blogId, then field/value pairs to set. */
export const updateBlog = `${prelude}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'not_found'} end
for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
local seq = bump(KEYS[1])
local json = blogJson(KEYS[1])
record(KEYS[2], ARGV[4], seq, 'blog.updated', 'blog', json)
return {'ok', json}
`;

/** KEYS: blog. ARGV: id, title, description, status, createdAt, updatedAt. */
export const createBlog = `
if redis.call('EXISTS', KEYS[1]) == 1 then return {'exists'} end
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'title', ARGV[2], 'description', ARGV[3], 'status', ARGV[4],
  'createdAt', ARGV[5], 'updatedAt', ARGV[6], 'seq', 0)
return {'ok'}
`;

/** KEYS: blog, log. ARGV: since. Returns {'ok', seq, oldest kept seq or 0, event JSON...}. */
export const readLog = `
local seq = redis.call('HGET', KEYS[1], 'seq')
if not seq then return {'not_found'} end
local first = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)[1]
local oldest = first and tonumber(string.match(first[1], '^(%d+)')) or 0
local result = {'ok', tonumber(seq), oldest}
for _, item in ipairs(redis.call('XRANGE', KEYS[2], (tonumber(ARGV[1]) + 1) .. '-0', '+')) do
  result[#result + 1] = item[2][2]
end
return result
`;

/** KEYS: blog, entries, index. ARGV: exclusive max score ('+inf' for the first page), limit. Returns {'ok', seq, next cursor or '', entry JSON...}. */
export const listEntries = `
local seq = redis.call('HGET', KEYS[1], 'seq')
if not seq then return {'not_found'} end
local max = ARGV[1] == '+inf' and '+inf' or '(' .. ARGV[1]
local limit = tonumber(ARGV[2])
local ids = redis.call('ZREVRANGEBYSCORE', KEYS[3], max, '-inf', 'WITHSCORES', 'LIMIT', 0, limit + 1)
local result = {'ok', tonumber(seq), ''}
local count = math.min(#ids / 2, limit)
if #ids / 2 > limit then result[3] = ids[count * 2] end
for i = 1, count do result[#result + 1] = redis.call('HGET', KEYS[2], ids[i * 2 - 1]) end
return result
`;
