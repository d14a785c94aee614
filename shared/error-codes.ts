/**
 * Every `code` the server sends in an error, over HTTP (`{error: {code, message}}`) and in socket
 * acks (`{ok: false, error}`): one list that the server's error factories (server/errors.ts) and
 * the browser client both type against, so that neither can send or expect a code the other does
 * not know. A code is stable once published; the message is for people and may change.
 * Constants and types only, so that the browser bundle can import it.
 */
export const ERROR_CODES = [
  // 400: the request cannot be understood; the message says which part and why.
  "validation_failed",
  "invalid_json",
  "unsupported_encoding",
  "invalid_path",
  // 401 and 403: who is asking, and whether they may.
  "unauthorized",
  "forbidden",
  // 404, and 409 for a write that contradicts what is stored.
  "not_found",
  "blog_exists",
  "entry_exists",
  "version_conflict",
  // POST /api/editors with a name that is taken.
  "person_exists",
  // PATCH /api/editors/:name that would leave nobody able to manage people (409).
  "last_admin",
  // Publishing, returning or scheduling what is not a draft (already published, or withdrawn).
  "not_a_draft",
  // A picture that an entry or a blog still shows cannot be deleted.
  "media_in_use",
  // A reader's `since` can no longer be served from the log: history_expired when it is older
  // than the kept events, history_reset when the log was recreated (another epoch).
  "history_expired",
  "history_reset",
  "payload_too_large",
  // A body sent without Content-Type: application/json.
  "unsupported_media_type",
  // An Idempotency-Key sent again with a different request.
  "idempotency_key_reused",
  // An upload (POST /api/media) whose bytes are not a picture type we take (415), are not a
  // whole picture (422), or decode to more pixels than MEDIA_MAX_PIXELS (422).
  "unsupported_image_type",
  "image_unreadable",
  "image_too_large",
  "rate_limited",
  // A reader's vote (issue 16): the entry has no such poll (404; it was removed or replaced), the
  // poll is closed (409), the option is not one of the poll's (400), or this device voted
  // already (409: a vote is not changed once cast).
  "poll_not_found",
  "poll_closed",
  "no_such_option",
  "already_voted",
  // A request for something this server does not do, e.g. oEmbed in XML (501).
  "not_implemented",
  // A socket asked to follow more blogs at once than an instance allows, or unsubscribed (or
  // disconnected) while its subscription was still being made.
  "too_many_subscriptions",
  "subscription_cancelled",
  // The server's side: a bug (logged), the store unreachable or missing data it should hold, the
  // media files' store (a bucket) unreachable, the instance not receiving live events, still
  // starting, or stopping.
  "internal_error",
  "store_unavailable",
  "store_data_missing",
  "media_store_unavailable",
  "subscriber_down",
  // Too many pictures waiting to be processed on this instance (503, try again shortly).
  "media_busy",
  "starting_up",
  "shutting_down",
] as const;

/** A code of the wire contract (ERROR_CODES). */
export type ErrorCode = (typeof ERROR_CODES)[number];

const known: ReadonlySet<string> = new Set(ERROR_CODES);

/** True for a code of the contract: for narrowing what arrived over the wire. */
export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === "string" && known.has(value);

/**
 * Codes the browser client gives failures the server did not name: `network` when no answer
 * arrived, `http_error` when the answer was not the contract's error shape (a proxy's 502 page).
 */
export type ClientErrorCode = ErrorCode | "network" | "http_error";
