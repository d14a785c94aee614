/** Parsing at the edge: a zod schema applied to a request part, or 400 validation_failed. */
import type { z } from "zod";
import { validationFailed } from "../errors.js";

export function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(result.error, where);
  return result.data;
}
