/**
 * The error codes of the contract (shared/error-codes.ts) and the server's factories for them
 * (server/errors.ts). The types keep a call site from inventing a code; this keeps the list
 * itself well-formed and checks that every factory's wire form parses as the contract says.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as errors from "../../server/errors.js";
import { ERROR_CODES, isErrorCode } from "../../shared/error-codes.js";
import { errorBodySchema } from "../../shared/schemas.js";

describe("the list of error codes", () => {
  it("has only snake_case codes", () => {
    expect(ERROR_CODES.filter((code) => !/^[a-z]+(_[a-z]+)*$/.test(code))).toEqual([]);
  });

  it("names each code once", () => {
    expect(ERROR_CODES.filter((code, i) => ERROR_CODES.indexOf(code) !== i)).toEqual([]);
  });

  it("tells a code of the contract from any other string", () => {
    expect(isErrorCode("version_conflict")).toBe(true);
    expect(isErrorCode("Version_Conflict")).toBe(false);
    expect(isErrorCode("http_error")).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
  });
});

describe("the server's error factories", () => {
  /** One call of each factory; a factory added to server/errors.ts needs a line here. */
  const calls: Record<string, () => errors.AppError> = {
    validationFailed: () => errors.validationFailed(z.string().safeParse(1).error!, "entry"),
    badRequest: () => errors.badRequest("invalid_json", "The request body is not valid JSON."),
    unauthorized: () => errors.unauthorized(),
    forbidden: () => errors.forbidden("No."),
    notFound: () => errors.notFound('Blog "x"'),
    noSuchRoute: () => errors.noSuchRoute("GET", "/nothing"),
    notImplemented: () => errors.notImplemented("No XML here."),
    conflict: () => errors.conflict("version_conflict", "Changed meanwhile.", [{}]),
    pollNotFound: () => errors.pollNotFound("e1"),
    pollClosed: () => errors.pollClosed(),
    noSuchOption: () => errors.noSuchOption(3),
    alreadyVoted: () => errors.alreadyVoted(1),
    closesInPast: () =>
      errors.closesInPast("poll.closesAt", "2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z"),
    historyExpired: () => errors.historyExpired(7, "epoch-1"),
    historyReset: () => errors.historyReset(7, "epoch-2"),
    idempotencyKeyReused: () => errors.idempotencyKeyReused(),
    tooManySubscriptions: () => errors.tooManySubscriptions(50),
    subscriptionCancelled: () => errors.subscriptionCancelled(),
    dataMissing: () => errors.dataMissing("b1"),
    subscriberDown: () => errors.subscriberDown(),
    payloadTooLarge: () => errors.payloadTooLarge("64 KB"),
    unsupportedMediaType: () => errors.unsupportedMediaType("text/plain"),
    rateLimited: () => errors.rateLimited("Slow down."),
    storeUnavailable: () => errors.storeUnavailable(new Error("timeout")),
    notReplicated: () => errors.notReplicated(0, 1),
    mediaStoreUnavailable: () => errors.mediaStoreUnavailable(new Error("ECONNREFUSED")),
    mediaInUse: () =>
      errors.mediaInUse("Picture x is shown by 1 entry.", [{ kind: "entry", blogId: "b" }]),
    startingUp: () => errors.startingUp(),
    shuttingDown: () => errors.shuttingDown(),
    notMultipart: () => errors.notMultipart("application/json"),
    pictureTooLarge: () => errors.pictureTooLarge(15 * 1024 * 1024),
    unsupportedImageType: () => errors.unsupportedImageType("svg"),
    imageUnreadable: () => errors.imageUnreadable(new Error("premature end")),
    imageTooLarge: () => errors.imageTooLarge(20_000, 20_000, 1, 70_000_000),
    imageTooSlow: () => errors.imageTooSlow(30),
    mediaBusy: () => errors.mediaBusy(),
    deletionNotConfirmed: () => errors.deletionNotConfirmed("b1"),
    unknownPeople: () => errors.unknownPeople(["nobody"]),
    notADraft: () => errors.notADraft("e1"),
    draftConflict: () => errors.draftConflict({ id: "e1", version: 3 }),
  };

  it("are each called below", () => {
    const exported = Object.entries(errors)
      .filter(([name, value]) => typeof value === "function" && /^[a-z]/.test(name))
      .map(([name]) => name)
      .filter((name) => !["toErrorBody", "logFailure"].includes(name));
    expect(Object.keys(calls).sort()).toEqual(exported.sort());
  });

  it.each(Object.entries(calls))("%s answers with a code of the contract", (_name, make) => {
    const err = make();
    const { status, body } = errors.toErrorBody(err);
    expect(status).toBe(err.status);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(errorBodySchema.parse(body)).toEqual(body);
    expect(ERROR_CODES).toContain(body.error.code);
  });

  it("turns anything else into internal_error, without its message", () => {
    const { status, body } = errors.toErrorBody(new Error("secret detail"));
    expect(status).toBe(500);
    expect(errorBodySchema.parse(body).error.code).toBe("internal_error");
    expect(body.error.message).not.toContain("secret");
  });
});
