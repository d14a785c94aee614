/** The AppError a store or service call is refused with (failing the test when it succeeds). */
import { expect } from "vitest";
import { AppError } from "../../server/errors.js";

export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}
