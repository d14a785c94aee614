/**
 * The process: read the configuration, open the store, build the app, bind the port, then create
 * the admin and the demo blog (a taken port stops it before it says or stores anything), and shut
 * down gracefully on SIGTERM/SIGINT (not ready -> stop accepting -> close sockets -> close the store).
 */
import { createApp } from "./app.js";
import { firstPasswordNotice } from "./auth/first-password.js";
import { resolveSessionSecret } from "./auth/session-secret.js";
import { ConfigError, parseConfig, readEnvironment, type Config } from "./config.js";
import { seedDemo } from "./demo/seed.js";
import { listen } from "./http/listen.js";
import { createLogger, prettyLogs } from "./logger.js";
import { startMetricsServer } from "./observability/metrics-server.js";
import { openMediaFiles } from "./media/index.js";
import { openStore } from "./store/index.js";

async function main(config: Config) {
  const log = createLogger(config);
  const store = await openStore(config, log);
  const sessionSecret = await resolveSessionSecret(store, config.sessionSecret, log);
  const mediaFiles = await openMediaFiles(config.media, log.child({ module: "media" }));
  const app = createApp({ config, store, log, sessionSecret, mediaFiles });

  const ready = app.holdReadiness();
  await listen(app.httpServer, config.port, config.host);
  // Before readiness, so that whatever sees the instance ready can scrape it.
  const metrics = await startMetricsServer(
    app.metrics,
    { port: config.metricsPort, host: config.host },
    log,
  );
  if (metrics) log.info(`Prometheus metrics at ${metrics.url} (METRICS_PORT; keep it private)`);
  const { generatedPassword, adminPasswordIgnored } = await app.auth.ensureAdmin();
  if (generatedPassword) {
    log.warn(
      `Editor "admin" was created with the password ${generatedPassword} (shown once; set ADMIN_PASSWORD to choose it).`,
    );
  }
  if (adminPasswordIgnored) {
    log.info(
      'ADMIN_PASSWORD is not the password of "admin", which was changed since; it only creates the account, so it was ignored.',
    );
  }
  if (store.kind === "memory" && config.demo) await seedDemo(store.blogs, log);
  ready();
  const shown = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = `http://${shown}:${config.port}`;
  log.info(`liveblog is running at ${url} (${store.kind} store)`);
  if (generatedPassword)
    log.warn(firstPasswordNotice(generatedPassword, `${url}/admin`, prettyLogs(config)));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const deadline = setTimeout(() => {
      log.error("shutdown took longer than SHUTDOWN_GRACE_MS; exiting anyway");
      process.exit(1);
    }, config.shutdownGraceMs);
    deadline.unref();
    app.drain();
    await app.close();
    await metrics?.close();
    await store.close();
    await mediaFiles.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

try {
  await main(parseConfig(readEnvironment()));
} catch (err) {
  // The logger may not exist yet (bad configuration), so this goes straight to stderr.
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`,
  );
  if (!(err instanceof ConfigError) && err instanceof Error && err.cause)
    process.stderr.write(`  cause: ${String(err.cause)}\n`);
  process.exit(1);
}
