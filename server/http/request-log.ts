/**
 * pino-http: one short line per request with its id (taken from X-Request-Id when the proxy
 * sent a sane one, so a request can be followed from nginx to the log). Headers, and the
 * secrets in them, stay out of the log.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
const QUIET_PATHS = new Set(["/livez", "/readyz", "/metrics"]);

export function requestLog(log: Logger) {
  return pinoHttp({
    logger: log.child({ module: "http" }),
    genReqId: (req, res) => {
      const given = req.headers["x-request-id"];
      const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : "info"),
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
      }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    autoLogging: { ignore: (req) => QUIET_PATHS.has(req.url ?? "") },
  });
}
