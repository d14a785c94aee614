/**
 * HTTP request durations by route pattern ("/api/blogs/:blogId/entries", never the raw URL), so
 * the label set stays bounded however many blogs and entries there are.
 */
import type { Request, RequestHandler } from "express";
import type { Histogram } from "prom-client";

// Express forgets a router's mount path (req.baseUrl) once a handler throws; remember it here.
const mounts = new WeakMap<Request, string>();

/** Put first in a router mounted under a path, so that its routes are labelled with the full pattern. */
export const rememberMount: RequestHandler = (req, _res, next) => {
  mounts.set(req, req.baseUrl);
  next();
};

/** Times every request that reaches Express; unmatched paths share one label. */
export function timeRequests(histogram: Histogram<"method" | "route" | "status">): RequestHandler {
  return (req, res, next) => {
    const stop = histogram.startTimer();
    res.once("finish", () => {
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      const route =
        typeof pattern === "string" ? `${mounts.get(req) ?? req.baseUrl}${pattern}` : "unmatched";
      stop({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
