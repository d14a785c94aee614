/**
 * liveblog keeps everything in Redis: a key Redis evicts to free memory is data lost without a
 * word (a whole blog, or one of its keys without the others). Only `maxmemory-policy
 * noeviction` makes a full Redis refuse writes instead (they answer 503), so the instance
 * checks the policy at start and after each reconnect, when it may be another server.
 */
import { ReplyError, type Redis } from "ioredis";
import type { Logger } from "pino";

/**
 * Logs an ERROR unless Redis' maxmemory-policy is `noeviction`. A Redis that does not let us
 * read its configuration (managed services often refuse CONFIG) gets a warning instead. Never
 * throws: the check must not stop an instance from starting.
 */
export async function checkEvictionPolicy(redis: Redis, log: Logger): Promise<void> {
  let policy: unknown;
  try {
    const reply = (await redis.call("CONFIG", "GET", "maxmemory-policy")) as unknown[];
    policy = reply[1];
  } catch (err) {
    const refused = err instanceof ReplyError;
    log.warn(
      { err },
      refused
        ? "could not check Redis' maxmemory-policy (CONFIG GET was refused); make sure it is noeviction, or Redis may delete blogs when it is full"
        : "could not check Redis' maxmemory-policy (no answer); it is checked again after the next reconnect",
    );
    return;
  }
  if (typeof policy !== "string") {
    log.warn("could not check Redis' maxmemory-policy (CONFIG GET did not return it)");
    return;
  }
  if (policy === "noeviction") {
    log.info({ policy }, "Redis' maxmemory-policy is noeviction: a full Redis refuses writes");
    return;
  }
  log.error(
    { policy },
    `Redis' maxmemory-policy is ${policy}, not noeviction: when Redis is full it deletes keys, so blogs can vanish or be left with some of their keys (entries without their log, a blog without its entries). Set maxmemory-policy noeviction (docs/DEPLOY.md).`,
  );
}
