/**
 * The process: read the configuration, open the store, build the app, listen, and shut down
 * gracefully on SIGTERM/SIGINT (not ready -> stop accepting -> close sockets -> close the store).
 */
import { createApp } from "./app.js";
import { resolveSessionSecret } from "./auth/session-secret.js";
import { ConfigError, parseConfig, readEnvironment, type Config } from "./config.js";
import { seedDemo } from "./demo/seed.js";
import { createLogger } from "./logger.js";
import { startMetricsServer } from "./observability/metrics-server.js";
import { openStore } from "./store/index.js";

async function main(config: Config) {
  const log = createLogger(config);
  const store = await openStore(config, log);
  const sessionSecret = await resolveSessionSecret(store, config.sessionSecret, log);
  const app = createApp({ config, store, log, sessionSecret });

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

  await new Promise<void>((resolve) => app.httpServer.listen(config.port, config.host, resolve));
  const shown = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  log.info(`liveblog is running at http://${shown}:${config.port} (${store.kind} store)`);
  const metrics = await startMetricsServer(
    app.metrics,
    { port: config.metricsPort, host: config.host },
    log,
  );
  if (metrics) log.info(`Prometheus metrics at ${metrics.url} (METRICS_PORT; keep it private)`);

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
