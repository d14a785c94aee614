/** Picks the store: Redis when REDIS_URL or REDIS_CLUSTER_NODES is set, else the embedded in-memory store. */
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { createMemoryStore } from "./memory.js";
import type { Store } from "./port.js";
import { createRedisStore } from "./redis/index.js";
import { describeTarget } from "./redis/target.js";

export async function openStore(config: Config, log: Logger): Promise<Store> {
  if (!config.redis) {
    log.warn(
      "Embedded mode: no REDIS_URL, so everything is kept in this process's memory. It is lost on restart and serves ONE instance only; set REDIS_URL (or REDIS_CLUSTER_NODES) for production.",
    );
    return createMemoryStore({ historyLimit: config.historyLimit });
  }
  const store = await createRedisStore({
    target: config.redis,
    historyLimit: config.historyLimit,
    commandTimeoutMs: config.redisCommandTimeoutMs,
    waitReplicas: config.redisWaitReplicas,
    instanceId: config.instanceId,
    log,
  });
  log.info({ redis: describeTarget(config.redis) }, "connected to Redis");
  return store;
}
