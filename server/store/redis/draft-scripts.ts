/**
 * The Lua scripts of drafts (redis/drafts.ts). A blog's drafts are one hash under its hash tag,
 * apart from its entries, seq and log. Each script also PUBLISHes the change's DeskEvent on the
 * desk channel, so that desks hear changes in the order they were made. On a Redis Cluster too it
 * is a classic PUBLISH, which the cluster broadcasts to every node: the desk channel is global, a
 * per-blog script cannot name it as a key of another slot, and desk traffic is what editors do,
 * small next to readers' events (docs/ARCHITECTURE.md, "Redis Cluster"). Publishing a draft and
 * unpublishing an entry are each ONE script: the draft goes and the entry comes (or the reverse)
 * with the blog's next seq, so two instances publishing the same draft make one entry.
 * Every export is a script (client.ts defines each one as a command).
 */
import { opening, prelude } from "./lua-prelude.js";

/** The DeskEvents, as shared/events.ts types them. */
const desk = `
local function deskSaved(deskChannel, blogId, json)
  redis.call('PUBLISH', deskChannel, '{"blogId":' .. cjson.encode(blogId)
    .. ',"type":"draft.saved","draft":' .. json .. '}')
end
local function deskRemoved(deskChannel, blogId, entryId, reason)
  redis.call('PUBLISH', deskChannel, '{"blogId":' .. cjson.encode(blogId)
    .. ',"type":"draft.removed","entryId":' .. cjson.encode(entryId)
    .. ',"reason":"' .. reason .. '"}')
end
`;

/**
 * KEYS: blog, log, entries, drafts, idempotency. ARGV: draft JSON, desk channel, idempotency TTL
 * ('' = no key), request digest. The idempotency record is "<digest>\n<draft JSON>".
 */
export const createDraft = `${opening}${desk}
local found, reason = open(KEYS[1], KEYS[2], KEYS[3])
if not found then return {reason} end
if ARGV[3] ~= '' then
  local replay, json = replayOf(KEYS[5], ARGV[4], ARGV[3])
  if replay then return {replay, json} end
end
local draft = cjson.decode(ARGV[1])
if redis.call('HEXISTS', KEYS[3], draft.id) == 1 or redis.call('HEXISTS', KEYS[4], draft.id) == 1 then
  return {'exists'}
end
draft.version = 1
draft.updatedAt = draft.createdAt
local json = cjson.encode(draft)
redis.call('HSET', KEYS[4], draft.id, json)
deskSaved(ARGV[2], draft.blogId, json)
if ARGV[3] ~= '' then redis.call('SET', KEYS[5], ARGV[4] .. '\\n' .. json, 'EX', tonumber(ARGV[3])) end
return {'ok', json}
`;

/** KEYS: drafts. ARGV: entry id, patch JSON, expected version, time, desk channel, blog id. */
export const updateDraft = `${desk}
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return {'not_found'} end
local draft = cjson.decode(current)
if draft.version ~= tonumber(ARGV[3]) then return {'conflict', current} end
for field, value in pairs(cjson.decode(ARGV[2])) do draft[field] = value end
draft.version = draft.version + 1
draft.updatedAt = ARGV[4]
local json = cjson.encode(draft)
redis.call('HSET', KEYS[1], ARGV[1], json)
deskSaved(ARGV[5], ARGV[6], json)
return {'ok', json}
`;

/** KEYS: drafts. ARGV: entry id, desk channel, blog id. Returns {'ok'} or {'not_found'}. */
export const deleteDraft = `${desk}
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return {'not_found'} end
deskRemoved(ARGV[2], ARGV[3], ARGV[1], 'withdrawn')
return {'ok'}
`;

/**
 * KEYS: blog, entries, order, pinned, keyEvents, log, drafts, channel. ARGV: the prelude's four,
 * entry id, expected version ('' = any), due by ('' = not asked: an ISO time, compared as a string, which
 * is right for times made by toISOString), desk channel. The entry is created `at` (the time of
 * publication), version 1: readers cannot tell it was ever a draft.
 */
export const publishDraft = `${prelude}${desk}
local found, epoch = open(KEYS[1], KEYS[6], KEYS[2])
if not found then return {epoch} end
local current = redis.call('HGET', KEYS[7], ARGV[5])
if not current then return {'not_a_draft'} end
local draft = cjson.decode(current)
if ARGV[6] ~= '' and draft.version ~= tonumber(ARGV[6]) then return {'conflict', current} end
if ARGV[7] ~= '' and (draft.status ~= 'scheduled' or type(draft.publishAt) ~= 'string'
    or draft.publishAt > ARGV[7]) then
  return {'not_due'}
end
if redis.call('HEXISTS', KEYS[2], ARGV[5]) == 1 then return {'exists'} end
redis.call('HDEL', KEYS[7], ARGV[5])
local entry = draft
entry.createdBy = nil
entry.review = nil
entry.status = 'published'
entry.publishAt = cjson.null
entry.createdAt = at
local json = insertEntry(KEYS, ARGV[4], epoch, entry)
deskRemoved(ARGV[8], ARGV[4], ARGV[5], 'published')
return {'ok', json}
`;

/**
 * KEYS: blog, entries, order, pinned, keyEvents, log, drafts, channel. ARGV: the prelude's four,
 * entry id, who takes it back, desk channel. Readers get entry.deleted; the desk gets a new draft made `at`.
 */
export const unpublishEntry = `${prelude}${desk}
local found, epoch = open(KEYS[1], KEYS[6], KEYS[2])
if not found then return {epoch} end
if not redis.call('ZSCORE', KEYS[3], ARGV[5]) then return {'not_found'} end
if redis.call('HEXISTS', KEYS[7], ARGV[5]) == 1 then return {'exists'} end
local current, refused = removeEntry(KEYS, ARGV[4], epoch, ARGV[5])
if not current then return {refused} end
local draft = cjson.decode(current)
draft.seq = nil
draft.status = 'draft'
draft.publishAt = cjson.null
draft.createdAt = at
draft.updatedAt = at
draft.version = 1
draft.createdBy = ARGV[6]
draft.review = cjson.null
local json = cjson.encode(draft)
redis.call('HSET', KEYS[7], ARGV[5], json)
deskSaved(ARGV[7], ARGV[4], json)
return {'ok', json}
`;
