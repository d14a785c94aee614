/**
 * Reader counts on Redis: every instance reports, once a tick, its local count for each blog it
 * serves, and gets back the total over all live instances.
 *
 * The cost of a report does not grow with the number of instances. The first version kept one
 * "count:expiry" field per instance and summed all of them (HGETALL) on every report: with N
 * instances each reporting B blogs a second, Redis did N x N x B field reads a second. Now a report
 * changes its own count, moves a running total by the difference (HINCRBY), and refreshes its
 * expiry in a sorted set; instances whose report ran out are found by a range query that is empty
 * in the steady state, and each is subtracted once. Work per report is O(log N) plus the expired
 * instances it removes, each of which was added by one report: N x B a second in all.
 */
import { STATS_SERIES_MAX } from "../../../shared/engagement.js";
import type { RedisClient } from "./client.js";
import type { Presence } from "../port.js";
import { guarded } from "./errors.js";
import { blogKeys } from "./keys.js";

/**
 * How long an instance's reader count stands without being reported again. Instances report
 * every second, so this survives a few missed reports, while a killed instance's readers (who
 * reconnect elsewhere and are counted there) stop being counted twice within seconds.
 */
export const READER_COUNT_TTL_MS = 5_000;

/** The hash field holding the running total; instance ids cannot contain ':' (see config.ts). */
const TOTAL_FIELD = ":total";

/**
 * KEYS: counts (hash: instance id -> count, and the total), expiries (sorted set: instance id by
 * the time its report runs out, ms), the blog's hash, the readers series (list of "<minute ms>
 * <readers>") and peak (hash: readers, at ms). ARGV: instance id, local count, ttl ms.
 * Returns the total; 0 for a blog that does not exist (deleted while readers still had it open),
 * whose counts are not kept, so that a deletion leaves no key behind.
 *
 * The total is also kept over time, as memory-engagement.ts `recordReaders` does: the most seen
 * in each minute of Redis' clock (every instance's reports land in the same minutes), the series
 * begun by the first reader and capped at STATS_SERIES_MAX minutes, and the peak. Two O(1) reads
 * a report (the last minute, the peak), and a write only when either moves.
 */
export const reportReaders = `
local counts, expiries = KEYS[1], KEYS[2]
if redis.call('EXISTS', KEYS[3]) == 0 then
  redis.call('DEL', counts, expiries)
  return 0
end
local instance, count, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
-- Without its expiries the counts cannot be aged out (the pair was evicted or half expired):
-- start again; every live instance adds its count back on its next report, within a tick.
if redis.call('EXISTS', expiries) == 0 then redis.call('DEL', counts) end
local expired = redis.call('ZRANGEBYSCORE', expiries, '-inf', nowMs)
if #expired > 0 then
  local lost = 0
  for _, gone in ipairs(expired) do
    lost = lost + tonumber(redis.call('HGET', counts, gone) or 0)
    redis.call('HDEL', counts, gone)
  end
  redis.call('HINCRBY', counts, '${TOTAL_FIELD}', -lost)
  redis.call('ZREMRANGEBYSCORE', expiries, '-inf', nowMs)
end
local previous = tonumber(redis.call('HGET', counts, instance) or 0)
if count > 0 then
  redis.call('HSET', counts, instance, count)
  redis.call('ZADD', expiries, nowMs + ttl, instance)
else
  redis.call('HDEL', counts, instance)
  redis.call('ZREM', expiries, instance)
end
local total = redis.call('HINCRBY', counts, '${TOTAL_FIELD}', count - previous)
local series, minute = KEYS[4], nowMs - nowMs % 60000
local last = redis.call('LINDEX', series, -1)
local lastMinute, lastReaders = string.match(last or '', '^(%d+) (%d+)$')
if tonumber(lastMinute) == minute then
  if total > tonumber(lastReaders) then redis.call('LSET', series, -1, minute .. ' ' .. total) end
elseif total > 0 or last then
  redis.call('RPUSH', series, minute .. ' ' .. total)
  redis.call('LTRIM', series, -${STATS_SERIES_MAX}, -1)
end
if total > tonumber(redis.call('HGET', KEYS[5], 'readers') or 0) then
  redis.call('HSET', KEYS[5], 'readers', total, 'at', nowMs)
end
-- A blog nobody reads any more leaves nothing behind.
redis.call('PEXPIRE', counts, ttl * 2)
redis.call('PEXPIRE', expiries, ttl * 2)
return total
`;

type PresenceRedis = RedisClient & {
  reportReaders(
    counts: string,
    expiries: string,
    blog: string,
    series: string,
    peak: string,
    instanceId: string,
    localCount: number,
    ttlMs: number,
  ): Promise<number>;
};

/** Presence on `redis` (a command connection) for the instance `instanceId`. */
export function createRedisPresence(
  redis: RedisClient,
  instanceId: string,
  ttlMs = READER_COUNT_TTL_MS,
): Presence {
  redis.defineCommand("reportReaders", { lua: reportReaders, numberOfKeys: 5 });
  const scripted = redis as PresenceRedis;
  return {
    report: (blogId, localCount) =>
      guarded(async () => {
        const { readerCounts, readerExpiries, blog, readerSeries, readerPeak } = blogKeys(blogId);
        return Number(
          await scripted.reportReaders(
            readerCounts,
            readerExpiries,
            blog,
            readerSeries,
            readerPeak,
            instanceId,
            localCount,
            ttlMs,
          ),
        );
      }),
  };
}
