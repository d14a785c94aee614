/**
 * A liveblog instance inside the test process: the real app on a free port, with its own store
 * (embedded, or its own connections to the given Redis). Several may share one Redis.
 */
import type { AddressInfo } from "node:net";
import type { DestinationStream } from "pino";
import { createApp, type App } from "../../server/app.js";
import { resolveSessionSecret } from "../../server/auth/session-secret.js";
import { parseConfig, type Config } from "../../server/config.js";
import { createLogger } from "../../server/logger.js";
import { openStore } from "../../server/store/index.js";
import type { Store } from "../../server/store/port.js";

export const TEST_TOKEN = "test-admin-token-0123456789abcdef";
export const TEST_PASSWORD = "correct horse battery staple";
export const bearer = { Authorization: `Bearer ${TEST_TOKEN}` };

export interface TestInstance {
  url: string;
  app: App;
  store: Store;
  config: Config;
  close(): Promise<void>;
}

export async function startInstance(
  options: {
    redisUrl?: string;
    env?: Record<string, string>;
    /** Where the instance's log lines go (the server's own logger, redaction included). */
    logTo?: DestinationStream;
  } = {},
): Promise<TestInstance> {
  const config = parseConfig({
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ADMIN_TOKEN: TEST_TOKEN,
    ADMIN_PASSWORD: TEST_PASSWORD,
    SESSION_SECRET: "test-session-secret-0123456789abcdef",
    REDIS_URL: options.redisUrl,
    ...options.env,
  });
  const log = createLogger(config, options.logTo);
  const store = await openStore(config, log);
  const sessionSecret = await resolveSessionSecret(store, config.sessionSecret, log);
  const app = createApp({ config, store, log, sessionSecret });
  await app.auth.ensureAdmin();
  await new Promise<void>((resolve) => app.httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    store,
    config,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
