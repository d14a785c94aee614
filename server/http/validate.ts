/**
 * Parsing at the edge: a zod schema applied to a request part, or 400 validation_failed said in
 * a newcomer's words; and a write's body refused with 415 unless it is JSON.
 */
import type { RequestHandler } from "express";
import type { z } from "zod";
import { unsupportedMediaType, validationFailed } from "../errors.js";
import { newcomerMessage } from "./validation-messages.js";

export function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value, { error: newcomerMessage });
  if (!result.success) throw validationFailed(result.error, where);
  return result.data;
}

const WRITES = new Set(["POST", "PATCH", "PUT"]);

/**
 * Put before express.json(): a write that carries a body in another type would otherwise reach
 * its schema as no body at all ("expected an object"), which hides what to fix.
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody =
    req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"]) > 0;
  if (WRITES.has(req.method) && hasBody && !req.is("application/json"))
    throw unsupportedMediaType(req.get("content-type"));
  next();
};
