/** A blog's audit trail on Redis: a list per blog, newest first, trimmed to LIMITS.auditMax. */
import type { RedisClient } from "./client.js";
import type { AuditRecord } from "../../../shared/schemas.js";
import type { AuditLog } from "../port.js";
import { guarded } from "./errors.js";
import { blogKeys } from "./keys.js";
import { withLifecycleScripts } from "./lifecycle-scripts.js";

export function createRedisAuditLog(redis: RedisClient): AuditLog {
  const scripted = withLifecycleScripts(redis);
  return {
    // One script: pushed and trimmed at once, and kept only while the blog exists (as in memory).
    append: (record) =>
      guarded(async () => {
        const k = blogKeys(record.blogId);
        await scripted.appendAudit(k.blog, k.audit, JSON.stringify(record));
      }),
    list: (blogId, limit) =>
      guarded(async () =>
        (await redis.lrange(blogKeys(blogId).audit, 0, limit - 1)).map(
          (json) => JSON.parse(json) as AuditRecord,
        ),
      ),
  };
}
