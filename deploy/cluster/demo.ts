/**
 * The demo blog for `npm run cluster`, written into the cluster's Redis by the embedded mode's
 * own seeder, so both show the same story with the same times. Posting it through the API, as
 * before, stamped every entry with the moment of the request: ten entries all "just now".
 */
import { pino } from "pino";
import { seedDemo } from "../../server/demo/seed.js";
import { createRedisStore } from "../../server/store/redis/index.js";
import { redisTarget } from "../../server/store/redis/target.js";

/** Creates the demo blog in the Redis at `redisUrl`, unless it already holds a blog. */
export async function seedClusterDemo(redisUrl: string): Promise<void> {
  // Only trouble is worth a line here; the CLI says itself what it started.
  const log = pino({ level: "warn" });
  const store = await createRedisStore({
    target: redisTarget({ url: redisUrl })!,
    // The instances' default; ten entries are far from it, and a write trims only beyond it.
    historyLimit: 1000,
    commandTimeoutMs: 5_000,
    instanceId: "demo-seed",
    log,
  });
  try {
    await seedDemo(store.blogs, log);
  } finally {
    await store.close();
  }
}
