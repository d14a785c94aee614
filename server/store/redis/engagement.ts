/**
 * EngagementStore on Redis (issue 16). Being written: every method answers 501 until then.
 */
import { notImplemented } from "../../errors.js";
import type { EngagementStore } from "../port.js";
import type { RedisClient } from "./client.js";

export function createRedisEngagement(_redis: RedisClient): EngagementStore {
  const missing = async (): Promise<never> => {
    throw notImplemented("Polls, reactions and numbers are not on the Redis store yet.");
  };
  return {
    vote: missing,
    react: missing,
    tallies: missing,
    talliesSince: missing,
    forget: missing,
    countDevice: missing,
    numbers: missing,
  };
}
