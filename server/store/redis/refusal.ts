/** How the stores on Redis (blogs.ts, drafts.ts) turn a script's refusal into the caller's error. */
import type { Logger } from "pino";
import {
  alreadyVoted,
  conflict,
  dataMissing,
  idempotencyKeyReused,
  noSuchOption,
  notFound,
  pollClosed,
  pollNotFound,
} from "../../errors.js";

/** How many blogs with missing data are remembered, so that each is logged once, not per request. */
const REPORTED_MAX = 1_000;

/**
 * 'not_found' is 404 for `what`; 'missing' is data the store lost (an eviction policy, a
 * half-restored backup): said plainly, and logged once per blog. Anything else: undefined.
 */
export function createRefusal(log: Logger) {
  const reported = new Set<string>();
  return (status: unknown, blogId: string, what = `Blog "${blogId}"`) => {
    if (status === "not_found") return notFound(what);
    if (status === "missing") {
      if (!reported.has(blogId)) {
        if (reported.size >= REPORTED_MAX) reported.clear();
        reported.add(blogId);
        log.error(
          { blogId },
          "part of a blog's data is missing from Redis (evicted or lost); its readers and editors get 503 store_data_missing",
        );
      }
      return dataMissing(blogId);
    }
    return undefined;
  };
}

/**
 * What a creating script (an entry's or a draft's) answers besides a refusal: the idempotency
 * key sent again with another request, or the id taken. Anything else: undefined.
 */
export function creationRefusal(status: unknown, entryId: string) {
  if (status === "reused") return idempotencyKeyReused();
  if (status === "exists") return conflict("entry_exists", `Entry "${entryId}" already exists.`);
  return undefined;
}

/**
 * What a vote's or a reaction's script (engagement-scripts.ts) answers instead of 'ok':
 * `[status, detail]`, the detail being the poll's number of options or the option chosen before.
 * Anything else: undefined.
 */
export function engagementRefusal(reply: unknown[], blogId: string, entryId: string) {
  const [status, detail] = reply;
  if (status === "no_blog") return notFound(`Blog "${blogId}"`);
  if (status === "not_found") return notFound(`Entry "${entryId}"`);
  if (status === "poll_not_found") return pollNotFound(entryId);
  if (status === "poll_closed") return pollClosed();
  if (status === "no_such_option") return noSuchOption(Number(detail));
  if (status === "already_voted") return alreadyVoted(Number(detail));
  return undefined;
}

/**
 * The statuses with which the write scripts refuse a change before writing anything: there is
 * nothing for the replicas to confirm (durability.ts), and the editor gets the refusal itself.
 */
const REFUSED_UNWRITTEN = new Set([
  "not_found",
  "missing",
  "conflict",
  "exists",
  "reused",
  "not_a_draft",
  "not_due",
]);

/** Whether a write script's reply (`[status, ...]`) is a refusal that wrote nothing. */
export const refusedUnwritten = (reply: unknown) =>
  Array.isArray(reply) && REFUSED_UNWRITTEN.has(String(reply[0]));
