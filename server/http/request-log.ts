/**
 * pino-http: ONE line per request, `GET /api/blogs 200 3ms`, with its id (taken from
 * X-Request-Id when the proxy sent a sane one, so a request can be followed from nginx to the
 * log). Headers, and the secrets in them, stay out of the log. Built assets and the probes a load
 * balancer or Prometheus polls are logged at debug: at info they would bury everything else.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Level, Logger } from "pino";
import { pinoHttp } from "pino-http";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
const PROBES = new Set(["/livez", "/readyz"]);
const ASSETS = "/assets/";

/** The path asked for, without the query: `originalUrl`, since a router strips its mount from `url`. */
export const pathOf = (req: IncomingMessage): string =>
  ((req as { originalUrl?: string }).originalUrl ?? req.url ?? "").split("?")[0] ?? "";

/**
 * Probes at debug whatever they answer (a balancer polls /readyz every second while the instance
 * drains); assets at debug unless missing (a page that links a missing asset is worth seeing);
 * failures of the server at error; everything else at info.
 */
export function requestLevel(req: IncomingMessage, res: ServerResponse, err?: Error): Level {
  const path = pathOf(req);
  if (PROBES.has(path)) return "debug";
  if (err || res.statusCode >= 500) return "error";
  return path.startsWith(ASSETS) && res.statusCode < 400 ? "debug" : "info";
}

/** The fields of a request's line, each a key of its own so that log tools can filter on them. */
function fields(req: IncomingMessage, res: ServerResponse, ms: number) {
  return { req: { method: req.method, path: pathOf(req) }, res: { status: res.statusCode }, ms };
}

const summary = (req: IncomingMessage, res: ServerResponse, ms: number) =>
  `${req.method} ${pathOf(req)} ${res.statusCode} ${Math.round(ms)}ms`;

export function requestLog(log: Logger) {
  return pinoHttp({
    logger: log.child({ module: "http" }),
    genReqId: (req, res) => {
      const given = req.headers["x-request-id"];
      const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    // req.log and the request's own line carry only the request id, never the whole request.
    quietReqLogger: true,
    quietResLogger: true,
    // `req` and `res` below are already the few fields logged, not Node's objects to serialize.
    wrapSerializers: false,
    // pino-http still binds every request to a child logger nobody logs with (quiet above); pino
    // serializes such bindings at once, and without this the whole IncomingMessage (socket and
    // all, then redacted): a fifth of a vote's CPU in the vote storm's profile.
    // The request's own line passes `fields` through (already small).
    serializers: {
      req: (req: IncomingMessage | ReturnType<typeof fields>["req"]) =>
        "headers" in req ? { method: req.method, path: pathOf(req) } : req,
    },
    customLogLevel: requestLevel,
    customSuccessMessage: (req, res, ms) => summary(req, res, ms),
    customSuccessObject: (req, res, value: { responseTime: number }) =>
      fields(req, res, value.responseTime),
    // pino-http passes the response time here too, though its types leave it out.
    customErrorMessage: (req, res, _err, ms: number = 0) => summary(req, res, ms),
    // The error itself is logged once, with its stack, by the error handler (logFailure).
    customErrorObject: (req, res, _err, value: { responseTime: number }) =>
      fields(req, res, value.responseTime),
  });
}
