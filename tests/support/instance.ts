/**
 * A liveblog instance inside the test process: the real app on a free port, with its own store
 * (embedded, or its own connections to the given Redis). Several may share one Redis.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DestinationStream } from "pino";
import { createApp, type App } from "../../server/app.js";
import { resolveSessionSecret } from "../../server/auth/session-secret.js";
import { parseConfig, type Config } from "../../server/config.js";
import { createLogger } from "../../server/logger.js";
import { startMetricsServer } from "../../server/observability/metrics-server.js";
import { openMediaFiles } from "../../server/media/index.js";
import type { MediaFiles } from "../../server/media/port.js";
import { openStore } from "../../server/store/index.js";
import type { Store } from "../../server/store/port.js";
import { freePort } from "./ports.js";

export const TEST_TOKEN = "test-admin-token-0123456789abcdef";
export const TEST_PASSWORD = "correct horse battery staple";
export const bearer = { Authorization: `Bearer ${TEST_TOKEN}` };

export interface TestInstance {
  url: string;
  /** Its Prometheus endpoint, on a port of its own as METRICS_PORT gives it in production. */
  metricsUrl: string;
  app: App;
  store: Store;
  /** Where its uploaded pictures' files are (a folder of its own unless MEDIA_* says otherwise). */
  mediaFiles: MediaFiles;
  config: Config;
  close(): Promise<void>;
}

export interface StartOptions {
  redisUrl?: string;
  env?: Record<string, string>;
  /** Where the instance's log lines go (the server's own logger, redaction included). */
  logTo?: DestinationStream;
}

/**
 * Starts an instance on a port that was free a moment ago (tried again if another process took
 * it meanwhile): the port must be known before the configuration is, for PUBLIC_ORIGIN.
 */
export async function startInstance(options: StartOptions = {}): Promise<TestInstance> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnPort(await freePort(), options);
    } catch (err) {
      if (attempt === 3 || (err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
    }
  }
}

async function startOnPort(port: number, options: StartOptions): Promise<TestInstance> {
  const url = `http://127.0.0.1:${port}`;
  const config = parseConfig({
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ADMIN_TOKEN: TEST_TOKEN,
    ADMIN_PASSWORD: TEST_PASSWORD,
    SESSION_SECRET: "test-session-secret-0123456789abcdef",
    REDIS_URL: options.redisUrl,
    // Required with Redis, as in production (an `env` of the test's own replaces it). Its own
    // address keeps what the tests send from the instance's origin allowed (sockets, cookies).
    ...(options.redisUrl || options.env?.REDIS_CLUSTER_NODES ? { PUBLIC_ORIGIN: url } : {}),
    // Each instance its own folder, unless the test shares one between instances.
    MEDIA_DIR: await mkdtemp(join(tmpdir(), "liveblog-media-")),
    ...options.env,
  });
  const log = createLogger(config, options.logTo);
  const store = await openStore(config, log);
  const sessionSecret = await resolveSessionSecret(store, config.sessionSecret, log);
  const mediaFiles = await openMediaFiles(config.media, log);
  const app = createApp({ config, store, log, sessionSecret, mediaFiles });
  try {
    await app.auth.ensureAdmin();
    await new Promise<void>((resolve, reject) => {
      app.httpServer.once("error", reject);
      app.httpServer.listen(port, "127.0.0.1", () => {
        app.httpServer.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    await app.close().catch(() => {});
    await store.close().catch(() => {});
    throw err;
  }
  const metrics = await startMetricsServer(app.metrics, { port: 0, host: "127.0.0.1" }, log);
  if (!metrics) throw new Error("the metrics listener did not start");
  return {
    url,
    metricsUrl: metrics.url,
    app,
    store,
    mediaFiles,
    config,
    async close() {
      await metrics.close();
      await app.close();
      await store.close();
      await mediaFiles.close();
    },
  };
}
