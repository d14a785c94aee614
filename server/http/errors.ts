/** The Express end of error handling: every error leaves as the JSON shape of DESIGN.md. */
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import {
  AppError,
  badRequest,
  logFailure,
  noSuchRoute,
  payloadTooLarge,
  toErrorBody,
} from "../errors.js";

/** body-parser's and the router's own errors, said in our words. */
function fromBodyParser(err: {
  type?: string;
  status?: number;
  limit?: number;
}): AppError | undefined {
  // `limit` is the parser's, in bytes: 64 KB for the API, 1 KB for readers' votes and reactions.
  if (err.type === "entity.too.large")
    return payloadTooLarge(`${Math.round((err.limit ?? 65_536) / 1024)} KB`);
  if (err.type === "entity.parse.failed")
    return badRequest("invalid_json", "The request body is not valid JSON.");
  if (err.type === "encoding.unsupported" || err.type === "charset.unsupported") {
    return badRequest("unsupported_encoding", "Send the body as UTF-8 JSON.");
  }
  // The router's, for a path like /api/blogs/%E0%A4%A: a client error, not a server one.
  if (err instanceof URIError && err.status === 400)
    return badRequest("invalid_path", "The address contains a malformed %-escape.");
  return undefined;
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = err instanceof AppError ? err : fromBodyParser(err);
  const { status, body } = toErrorBody(known ?? err);
  logFailure(req.log, known ?? err, {}, "request failed");
  if (res.headersSent) return;
  res.status(status).json(body);
};

/**
 * Answers with an error without logging it: for answers that are expected and frequent (a load
 * balancer polling /readyz while the instance drains), where the error handler's log line is noise.
 */
export function sendError(res: Response, err: AppError): void {
  const { status, body } = toErrorBody(err);
  res.status(status).json(body);
}

export const apiNotFound: RequestHandler = (req, res) => {
  // req.path is relative to the router's mount (/api); the client asked for the whole path.
  sendError(res, noSuchRoute(req.method, req.originalUrl.split("?")[0] ?? req.path));
};
