/**
 * The demo blog for `npm run cluster`, written into the cluster's Redis by the embedded mode's
 * own seeder, so both show the same story with the same times. Posting it through the API, as
 * before, stamped every entry with the moment of the request: ten entries all "just now".
 */
import { pino } from "pino";
import { parseConfig } from "../../server/config.js";
import { seedDemo } from "../../server/demo/seed.js";
import { openStore } from "../../server/store/index.js";

/**
 * Creates the demo blog in the Redis the instances use, unless it already holds a blog.
 * `redisEnv` is their Redis variables (`Cluster.redisEnv`): REDIS_URL, or REDIS_CLUSTER_NODES
 * and REDIS_PASSWORD; the store is opened as an instance opens it, so both modes seed alike.
 */
export async function seedClusterDemo(redisEnv: Record<string, string>): Promise<void> {
  const config = parseConfig(
    { ...redisEnv, INSTANCE_ID: "demo-seed", REDIS_COMMAND_TIMEOUT_MS: "5000" },
    // Like the editor CLI: it serves nothing, so it needs no PUBLIC_ORIGIN.
    { server: false },
  );
  // Only trouble is worth a line here; the CLI says itself what it started.
  const log = pino({ level: "warn" });
  const store = await openStore(config, log);
  try {
    await seedDemo(store.blogs, log);
  } finally {
    await store.close();
  }
}
