/**
 * The one error type the server throws on purpose. Each carries an HTTP status and a stable
 * snake_case `code` (DESIGN.md error shape); the Express handler and the socket ack wrapper map
 * it to the wire. Anything else is a bug and reaches clients only as `internal_error`.
 */
import type { Logger } from "pino";
import type { ZodError } from "zod";
import type { ErrorCode } from "../shared/error-codes.js";
import type { ErrorBody } from "../shared/schemas.js";

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
  }
}

/** One issue as part of a sentence: its field, then what is wrong ("body is too long: ..."). */
function saidOf(issue: ZodError["issues"][number]): string {
  const message = issue.message.replace(/\.$/, "");
  const field = issue.path.join(".");
  if (field) return `${field} ${message}`;
  // The whole value: "The blog id is not valid: it must be ...".
  return /^(must|is|has|needs|does)\b/.test(message) ? `it ${message}` : message;
}

/**
 * `where` names what was parsed ("entry", "query"). The message reads as sentences, in the
 * words of server/http/validation-messages.ts; `details` keeps each issue's `path` (dotted, ""
 * for the whole value) and zod's `code`, plus the unknown `keys` of an unrecognized_keys issue.
 */
export const validationFailed = (error: ZodError, where = "request") =>
  new AppError(
    400,
    "validation_failed",
    `The ${where} is not valid: ${error.issues.map(saidOf).join("; ")}.`,
    error.issues.map((i) => ({
      path: i.path.join("."),
      code: i.code,
      message: i.message,
      ...(i.code === "unrecognized_keys" ? { keys: i.keys } : {}),
    })),
  );

/** A write whose body is not JSON (a form, text, or no Content-Type at all). */
export const unsupportedMediaType = (contentType: string | undefined) => {
  const type = contentType?.split(";")[0]?.trim().slice(0, 100);
  const sent = !type
    ? "The body has no Content-Type"
    : type === "application/x-www-form-urlencoded"
      ? `The body was sent as a form (${type}, what curl -d sends unless told otherwise)`
      : `The body was sent as ${type}`;
  return new AppError(
    415,
    "unsupported_media_type",
    `${sent}; this API reads JSON only: send it with the header Content-Type: application/json.`,
  );
};

export const badRequest = (code: ErrorCode, message: string) => new AppError(400, code, message);

export const unauthorized = (
  message = "Log in as an editor, or send Authorization: Bearer <ADMIN_TOKEN>.",
) => new AppError(401, "unauthorized", message);

export const forbidden = (message: string) => new AppError(403, "forbidden", message);

export const notFound = (what: string) => new AppError(404, "not_found", `${what} does not exist.`);

/** A well-formed request for something this server does not offer (oEmbed's XML format). */
export const notImplemented = (message: string) => new AppError(501, "not_implemented", message);

/** For /api paths that match no route, so a typo is not mistaken for a missing blog. */
export const noSuchRoute = (method: string, path: string) =>
  new AppError(404, "not_found", `There is no API route ${method} ${path}.`);

export const conflict = (code: ErrorCode, message: string, details?: unknown[]) =>
  new AppError(409, code, message, details);

/** The events after a `since` are no longer all kept. */
export const historyExpired = (seq: number, epoch: string) =>
  new AppError(
    410,
    "history_expired",
    `The events after this seq are no longer kept (the blog is at seq ${seq}); reload the entry list instead.`,
    [{ seq, epoch }],
  );

/** A `since` from another epoch, or beyond the log's end: the store lost or reset history. */
export const historyReset = (seq: number, epoch: string) =>
  new AppError(
    410,
    "history_reset",
    `This blog's history was reset (it is now at seq ${seq} of epoch ${epoch}); reload the entry list instead.`,
    [{ seq, epoch }],
  );

/** The same Idempotency-Key sent with a different request (IETF idempotency-key draft). */
export const idempotencyKeyReused = () =>
  new AppError(
    422,
    "idempotency_key_reused",
    "This Idempotency-Key was already used for a different entry. Use a new key for a new entry; resend the same body to retry.",
  );

export const tooManySubscriptions = (max: number) =>
  new AppError(
    429,
    "too_many_subscriptions",
    `A connection may follow at most ${max} blogs at once; unsubscribe from one first.`,
  );

export const subscriptionCancelled = () =>
  new AppError(
    409,
    "subscription_cancelled",
    "The subscription was cancelled (unsubscribed or disconnected) before it completed.",
  );

/** The instance's store answers but it is not subscribed to its blogs' channels (yet). */
export const subscriberDown = () =>
  new AppError(
    503,
    "subscriber_down",
    "This instance is not receiving live updates from Redis yet (it is reconnecting or subscribing again), so its readers would miss entries.",
  );

/** Part of a blog's data is gone from the store (evicted, half-restored): nothing was changed. */
export const dataMissing = (blogId: string) =>
  new AppError(
    503,
    "store_data_missing",
    `Part of blog "${blogId}" is missing from the store, so it cannot be shown or changed safely; nothing was changed. An operator must restore it (see docs/DEPLOY.md, "Redis must not evict").`,
  );

/** DELETE /api/blogs/:blogId without `confirm` naming the blog: nothing is deleted. */
export const deletionNotConfirmed = (blogId: string) =>
  new AppError(
    400,
    "validation_failed",
    `Deleting a blog cannot be undone: to delete this one, send {"confirm": "${blogId}"} (its id, as in its address). Nothing was deleted.`,
  );

/** People named where existing people are expected (a blog's team, a byline). */
export const unknownPeople = (names: readonly string[], field = "members") =>
  new AppError(
    400,
    "validation_failed",
    `No person is named ${names.map((name) => `"${name}"`).join(", ")}. Use log-in names of people on the desk (an admin adds people).`,
    names.map((name) => ({ path: field, code: "unknown_person", name })),
  );

export const payloadTooLarge = (limit: string) =>
  new AppError(413, "payload_too_large", `The request body is larger than ${limit}.`);

export const rateLimited = (message: string) => new AppError(429, "rate_limited", message);

/**
 * `sent`: whether the request may have reached the store before it went away. Then a change
 * may have been saved though its acknowledgement was lost, and the message must not say "not
 * saved": an editor who believed it would post the entry again without its Idempotency-Key.
 */
export const storeUnavailable = (cause: unknown, sent = true) =>
  new AppError(
    503,
    "store_unavailable",
    sent
      ? "The store did not answer in time, so this may not have been saved. Try again in a moment; a new entry retried with the same Idempotency-Key is never saved twice."
      : "The store is unreachable right now, so nothing was saved. Try again in a moment.",
    undefined,
    { cause },
  );

/**
 * A change the store made but could not copy to REDIS_WAIT_REPLICAS replicas in time: a failover
 * now could lose it, so the editor is not told it is saved.
 */
export const notReplicated = (acknowledged: number, wanted: number) =>
  new AppError(
    503,
    "store_unavailable",
    `The store kept this change but only ${acknowledged} of ${wanted} replicas confirmed it in time, so it may not have been saved. Try again in a moment; a new entry retried with the same Idempotency-Key is never saved twice.`,
  );

/** The bucket that holds media files did not answer in time, or refused (logged with its cause). */
export const mediaStoreUnavailable = (cause: unknown) =>
  new AppError(
    503,
    "media_store_unavailable",
    "The storage that holds pictures is unreachable right now; try again in a moment.",
    undefined,
    { cause },
  );

/** A picture that entries or blogs still show: `details` lists each of them. */
export const mediaInUse = (message: string, details: unknown[]) =>
  new AppError(409, "media_in_use", message, details);

/** /readyz between binding the port and the end of start-up (the admin, the demo blog). */
export const startingUp = () =>
  new AppError(
    503,
    "starting_up",
    "This instance is still starting (creating the admin account and the demo blog).",
  );

/** /readyz while the instance drains: the load balancer stops sending it requests. */
export const shuttingDown = () =>
  new AppError(503, "shutting_down", "This instance is shutting down.");

/** A byte count as people say it: "15 MB", "1.5 MB", "900 KB". */
const sizeInWords = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${Number((bytes / 1024 / 1024).toFixed(1))} MB`
    : `${Math.ceil(bytes / 1024)} KB`;

/** POST /api/media sent as something other than a multipart form. */
export const notMultipart = (contentType: string | undefined) => {
  const type = contentType?.split(";")[0]?.trim().slice(0, 100);
  return new AppError(
    415,
    "unsupported_media_type",
    `${type ? `The body was sent as ${type}` : "The body has no Content-Type"}; send the picture as multipart/form-data, in a field called file (curl -F file=@photo.jpg).`,
  );
};

/** An upload over MEDIA_MAX_BYTES, by its Content-Length or once that much has arrived. */
export const pictureTooLarge = (maxBytes: number) =>
  new AppError(
    413,
    "payload_too_large",
    `The picture is larger than ${sizeInWords(maxBytes)}, the most this server takes (MEDIA_MAX_BYTES). Send a smaller file: export it at most 4000 pixels wide, or at a lower JPEG quality.`,
  );

/** Sniffed from the bytes; `format` is what they are (sharp's name), when known. */
export const unsupportedImageType = (format?: string) => {
  const what =
    format === "svg"
      ? "an SVG drawing, which can carry scripts, so it is not taken"
      : format === "heic"
        ? "a HEIC photo, which browsers cannot show"
        : format
          ? `a ${format.toUpperCase()} file`
          : "not a picture this server recognizes (whatever its name says)";
  return new AppError(
    415,
    "unsupported_image_type",
    `The file is ${what}. Send a JPEG, PNG, WebP, AVIF or GIF picture.`,
  );
};

/** Recognized, but not a whole picture: cut short or damaged. */
export const imageUnreadable = (cause?: unknown) =>
  new AppError(
    422,
    "image_unreadable",
    "The picture cannot be read: it is damaged or incomplete (an upload cut short?). Open it on your computer to check it, and send it again.",
    undefined,
    { cause },
  );

/** More decoded pixels than MEDIA_MAX_PIXELS (all frames of an animation counted). */
export const imageTooLarge = (width: number, height: number, frames: number, maxPixels: number) =>
  new AppError(
    422,
    "image_too_large",
    `The picture is ${width} x ${height} pixels${frames > 1 ? ` in ${frames} frames` : ""}, more than the ${(maxPixels / 1e6).toFixed(0)} million this server processes (MEDIA_MAX_PIXELS). Resize it and send it again.`,
  );

/** A picture whose processing ran past its time limit (a huge animation, say). */
export const imageTooSlow = (seconds: number) =>
  new AppError(
    422,
    "image_too_large",
    `The picture took longer than ${seconds} seconds to process, the most allowed. Send a smaller picture, or an animation with fewer frames.`,
  );

/** More uploads waiting on this instance than it queues; the editor retries in a moment. */
export const mediaBusy = () =>
  new AppError(
    503,
    "media_busy",
    "Many pictures are being processed right now; nothing was stored. Send this one again in a few seconds.",
  );

/**
 * How a failure is logged. A bug (anything but an AppError) at ERROR, with its stack. An AppError
 * is an answer the server meant (a client's mistake, the store away, data missing): one short
 * line, since its cause is logged once where it arises, and an ERROR with a stack per request
 * would let anyone fill the log.
 */
export function logFailure(
  log: Logger,
  err: unknown,
  context: Record<string, unknown>,
  what: string,
) {
  if (!(err instanceof AppError)) log.error({ err, ...context }, what);
  else if (err.status >= 500) log.warn({ code: err.code, ...context }, err.message);
  // The request log's line already carries the status; the code is for whoever debugs.
  else log.debug({ code: err.code, ...context }, err.message);
}

/** Wire form of an error: AppErrors as they are, anything else as a bare internal_error. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) {
    const error = {
      code: err.code,
      message: err.message,
      ...(err.details ? { details: err.details } : {}),
    };
    return { status: err.status, body: { error } };
  }
  return {
    status: 500,
    body: {
      error: {
        code: "internal_error",
        message: "Something went wrong on the server; it has been logged.",
      },
    },
  };
}

/** Publishing, returning or scheduling an entry that is not (or no longer) a draft. */
export const notADraft = (entryId: string, why = "it was published or withdrawn already") =>
  new AppError(
    409,
    "not_a_draft",
    `Entry "${entryId}" is not a draft waiting on the desk: ${why}. Reload the drafts list.`,
  );

/** A draft saved by someone else since the asker read it (the current one is in details). */
export const draftConflict = (current: { id: string; version: number }) =>
  new AppError(
    409,
    "version_conflict",
    `Draft "${current.id}" was changed by someone else (now version ${current.version}).`,
    [current],
  );

/** A vote for a poll the entry does not have (removed, or replaced by another since). */
export const pollNotFound = (entryId: string) =>
  new AppError(
    404,
    "poll_not_found",
    `Entry "${entryId}" has no such poll: it was removed or replaced. Reload to see the current one.`,
  );

export const pollClosed = () =>
  new AppError(409, "poll_closed", "This poll is closed: votes are no longer counted.");

export const noSuchOption = (options: number) =>
  new AppError(
    400,
    "no_such_option",
    `The poll has no such option: choose one from 0 to ${options - 1}.`,
  );

/** details: [{ option }], the option this device chose, so the page can show it. */
export const alreadyVoted = (option: number) =>
  new AppError(
    409,
    "already_voted",
    "You have voted in this poll already; a vote cannot be changed.",
    [{ option }],
  );

/** A poll's closing time that has passed already (`path`: where the request gave it). */
export const closesInPast = (path: string, closesAt: string, now: string) => {
  const message = `must be in the future (it is ${now} now); give a later time, or null to keep the poll open until it is closed`;
  return new AppError(400, "validation_failed", `The ${path} ${closesAt} ${message}.`, [
    { path, code: "too_small", message },
  ]);
};
