/**
 * The Lua scripts that make each change ONE atomic step in Redis: bump the blog's seq, write,
 * append the LiveEvent to the capped log stream, and publish it (PUBLISH, or SPUBLISH on a
 * cluster: see the prelude). Redis runs a script alone, so
 * the published order is the seq order and nothing is logged without being published.
 * Results are arrays whose first element says what happened ("ok", "not_found", ...).
 * Every export is a script (client.ts defines each one as a command).
 */
import { LEGACY_EPOCH } from "../epoch.js";
import { opening, prelude } from "./lua-prelude.js";

/**
 * KEYS: blog, entries, order, pinned, keyEvents, log, idempotency, channel. ARGV: the prelude's four,
 * entry JSON, idempotency TTL ('' = no key), request digest. The idempotency record is
 * "<digest>\n<entry JSON>".
 */
export const createEntry = `${prelude}
local found, epoch = open(KEYS[1], KEYS[6], KEYS[2])
if not found then return {epoch} end
if ARGV[6] ~= '' then
  local replay, json = replayOf(KEYS[7], ARGV[7], ARGV[6])
  if replay then return {replay, json} end
end
local entry = cjson.decode(ARGV[5])
if redis.call('HEXISTS', KEYS[2], entry.id) == 1 then return {'exists'} end
local json = insertEntry(KEYS, ARGV[4], epoch, entry)
if ARGV[6] ~= '' then redis.call('SET', KEYS[7], ARGV[7] .. '\\n' .. json, 'EX', tonumber(ARGV[6])) end
return {'ok', json}
`;

/**
 * KEYS: blog, entries, order, pinned, keyEvents, log, channel. ARGV: the prelude's four, entry id, patch
 * JSON, expected version. An entry is found by its index (`order`): an entry indexed but without
 * its data is missing data, not an unknown entry.
 */
export const updateEntry = `${prelude}
local found, epoch = open(KEYS[1], KEYS[6], KEYS[2])
if not found then return {epoch} end
local created = redis.call('ZSCORE', KEYS[3], ARGV[5])
if not created then return {'not_found'} end
local current = redis.call('HGET', KEYS[2], ARGV[5])
if not current then return {'missing'} end
local entry = cjson.decode(current)
if entry.version ~= tonumber(ARGV[7]) then return {'conflict', current} end
for field, value in pairs(cjson.decode(ARGV[6])) do entry[field] = value end
local seq = bump(KEYS[1])
entry.seq = seq
entry.version = entry.version + 1
entry.updatedAt = at
local json = cjson.encode(entry)
redis.call('HSET', KEYS[2], entry.id, json)
flag(KEYS[4], entry.pinned, created, entry.id)
flag(KEYS[5], entry.keyEvent, created, entry.id)
record(KEYS[6], ARGV[4], epoch, seq, 'entry.updated', 'entry', json)
return {'ok', json}
`;

/** KEYS: blog, entries, order, pinned, keyEvents, log, channel. ARGV: the prelude's four, entry id. */
export const deleteEntry = `${prelude}
local found, epoch = open(KEYS[1], KEYS[6], KEYS[2])
if not found then return {epoch} end
local removed, refused = removeEntry(KEYS, ARGV[4], epoch, ARGV[5])
if not removed then return {refused} end
return {'ok'}
`;

/** KEYS: blog, log, entries, channel. ARGV: the prelude's four, then field/value pairs to set. */
export const updateBlog = `${prelude}
local found, epoch = open(KEYS[1], KEYS[2], KEYS[3])
if not found then return {epoch} end
for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
local seq = bump(KEYS[1])
local json = blogJson(KEYS[1])
record(KEYS[2], ARGV[4], epoch, seq, 'blog.updated', 'blog', json)
return {'ok', json}
`;

/**
 * KEYS: blog, log, entries. ARGV: id, title, description, status, createdAt, updatedAt, epoch,
 * cover ('' for none), language, timeZone.
 * The id is refused while any key of a lost blog remains: a new blog on top of an old log would
 * start below that log's seq, and every write to it would be refused.
 */
export const createBlog = `
if redis.call('EXISTS', KEYS[1]) == 1 then return {'exists'} end
if redis.call('EXISTS', KEYS[2], KEYS[3]) > 0 then return {'missing'} end
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'title', ARGV[2], 'description', ARGV[3], 'status', ARGV[4],
  'createdAt', ARGV[5], 'updatedAt', ARGV[6], 'seq', 0, 'epoch', ARGV[7], 'cover', ARGV[8],
  'language', ARGV[9], 'timeZone', ARGV[10])
return {'ok'}
`;

/**
 * KEYS: blog, log, entries. ARGV: since, expected epoch ('' = any), limit, byte budget. Returns
 * {'ok', seq, epoch, more (0/1), event JSON...}, or {reason, seq, epoch} with reason 'epoch',
 * 'ahead' or 'expired': decided from the blog's hash and the log's first id alone, before any
 * event is read. Events are read a few at a time, so a log of large entries costs no more than
 * the budget. Reads only.
 */
export const readLog = `${opening}
local seq, epoch = open(KEYS[1], KEYS[2], KEYS[3])
if not seq then return {epoch} end
local since = tonumber(ARGV[1])
if ARGV[2] ~= '' and ARGV[2] ~= epoch then return {'epoch', seq, epoch} end
if since > seq then return {'ahead', seq, epoch} end
if since == seq then return {'ok', seq, epoch, 0} end
local first = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)[1]
local oldest = first and seqOf(first[1]) or seq + 1
if since + 1 < oldest then return {'expired', seq, epoch} end
local wanted, budget = tonumber(ARGV[3]), tonumber(ARGV[4])
local result = {'ok', seq, epoch, 0}
local from, taken, bytes, lastSeq = string.format('%d-0', since + 1), 0, 0, since
while taken < wanted do
  local batch = redis.call('XRANGE', KEYS[2], from, '+', 'COUNT', math.min(16, wanted - taken))
  if #batch == 0 then break end
  for _, item in ipairs(batch) do
    local json = item[2][2]
    if taken > 0 and bytes + #json > budget then
      result[4] = 1
      return result
    end
    taken, bytes, lastSeq = taken + 1, bytes + #json, seqOf(item[1])
    result[#result + 1] = json
  end
  from = '(' .. batch[#batch][1]
end
if lastSeq < seq then result[4] = 1 end
return result
`;

/**
 * KEYS: blog, log, entries. Returns {'ok', seq, epoch, updatedAt (the time of the change at seq)}
 * or {reason}. Reads only.
 */
export const position = `${opening}
local seq, epoch = open(KEYS[1], KEYS[2], KEYS[3])
if not seq then return {epoch} end
return {'ok', seq, epoch, redis.call('HGET', KEYS[1], 'updatedAt')}
`;

/** KEYS: blog. ARGV: expected epoch, new epoch. Returns {'ok', seq, epoch, updatedAt} or {'not_found'}. */
export const renewEpoch = `
local state = redis.call('HMGET', KEYS[1], 'seq', 'epoch', 'updatedAt')
if not state[1] then return {'not_found'} end
if (state[2] or '${LEGACY_EPOCH}') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'epoch', ARGV[2])
  state[2] = ARGV[2]
end
return {'ok', tonumber(state[1]), state[2] or '${LEGACY_EPOCH}', state[3]}
`;

/**
 * KEYS: blog, entries, index, log. ARGV: exclusive max score ('+inf' for the first page), limit.
 * Returns {'ok', seq, epoch, next cursor or '', entry JSON...}, or {'missing'} when the index
 * names an entry whose data is gone. Reads only.
 */
export const listEntries = `${opening}
local seq, epoch = open(KEYS[1], KEYS[4], KEYS[2])
if not seq then return {epoch} end
local max = ARGV[1] == '+inf' and '+inf' or '(' .. ARGV[1]
local wanted = tonumber(ARGV[2])
local ids = redis.call('ZREVRANGEBYSCORE', KEYS[3], max, '-inf', 'WITHSCORES', 'LIMIT', 0, wanted + 1)
local result = {'ok', seq, epoch, ''}
local count = math.min(#ids / 2, wanted)
if #ids / 2 > wanted then result[4] = ids[count * 2] end
for i = 1, count do
  local json = redis.call('HGET', KEYS[2], ids[i * 2 - 1])
  if not json then return {'missing'} end
  result[#result + 1] = json
end
return result
`;
