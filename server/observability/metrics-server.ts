/**
 * Prometheus' own listener: GET /metrics on METRICS_PORT (9464 by default), apart from the
 * public app. The metrics name blogs, count readers and show Redis trouble; on the app port they
 * were public whenever no nginx hid them. A port of their own is closed to the public by the
 * firewall or the container network, the way the Redis port is, whatever proxy is in front.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Metrics } from "./metrics.js";

export interface MetricsServer {
  /** Where Prometheus scrapes, e.g. http://0.0.0.0:9464/metrics. */
  url: string;
  close(): Promise<void>;
}

function listener(metrics: Metrics): Server {
  return createServer((req, res) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cache-Control", "no-store");
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { "Content-Type": metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
}

/**
 * Listens on `port` of `host` (0: any free port); resolves with null when `port` is null
 * (METRICS_PORT=off). A port in use is logged as an error and leaves the instance running
 * without metrics: readers matter more, and Prometheus shows the target down.
 */
export async function startMetricsServer(
  metrics: Metrics,
  { port, host }: { port: number | null; host: string },
  log: Logger,
): Promise<MetricsServer | null> {
  if (port === null) return null;
  const server = listener(metrics);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    log.error(
      { code },
      `metrics could not listen on ${host}:${port} (${code}); this instance serves no metrics. Set METRICS_PORT to a free port, or to off.`,
    );
    return null;
  }
  const address = server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
