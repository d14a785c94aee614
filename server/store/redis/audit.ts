/** A blog's audit trail on Redis: a list per blog, newest first, trimmed to LIMITS.auditMax. */
import type { Redis } from "ioredis";
import { LIMITS, type AuditRecord } from "../../../shared/schemas.js";
import type { AuditLog } from "../port.js";
import { guarded } from "./errors.js";
import { blogKeys } from "./keys.js";

export function createRedisAuditLog(redis: Redis): AuditLog {
  return {
    append: (record) =>
      guarded(async () => {
        const key = blogKeys(record.blogId).audit;
        // One round trip; MULTI keeps a reader from seeing the list before it is trimmed.
        await redis
          .multi()
          .lpush(key, JSON.stringify(record))
          .ltrim(key, 0, LIMITS.auditMax - 1)
          .exec();
      }),
    list: (blogId, limit) =>
      guarded(async () =>
        (await redis.lrange(blogKeys(blogId).audit, 0, limit - 1)).map(
          (json) => JSON.parse(json) as AuditRecord,
        ),
      ),
  };
}
