/** Picks the store: Redis when REDIS_URL is set, else the embedded in-memory store. */
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { createMemoryStore } from "./memory.js";
import type { Store } from "./port.js";
import { createRedisStore } from "./redis/index.js";

export async function openStore(config: Config, log: Logger): Promise<Store> {
  if (!config.redisUrl) {
    log.warn(
      "Embedded mode: no REDIS_URL, so everything is kept in this process's memory. It is lost on restart and serves ONE instance only; set REDIS_URL for production.",
    );
    return createMemoryStore({ historyLimit: config.historyLimit });
  }
  const store = await createRedisStore({
    url: config.redisUrl,
    historyLimit: config.historyLimit,
    commandTimeoutMs: config.redisCommandTimeoutMs,
    instanceId: config.instanceId,
    log,
  });
  log.info({ redis: redactUrl(config.redisUrl) }, "connected to Redis");
  return store;
}

/** A Redis URL fit for a log line: no password. */
export const redactUrl = (url: string) => {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
};
