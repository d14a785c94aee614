/**
 * A poll's life on its entry (issue 16), as pure steps from what an editor asks to the poll the
 * entry then has: attached with a new id, kept under its id while its options stay the same,
 * closed now, reopened. Readers' counts are the engagement store's; a change that gives the
 * entry another poll (or none) says so (`forgetCounts`), so that counts of one set of options
 * never show against another.
 */
import { randomBytes } from "node:crypto";
import type { Poll, PollInput } from "../../shared/schemas.js";
import { closesInPast } from "../errors.js";

/** A new poll id: 12 random base64url characters. */
export const newPollId = () => randomBytes(9).toString("base64url");

/** What an editor's `poll` makes of an entry's poll. */
export interface PollChange {
  poll: Poll | null;
  /** The entry had a poll that is gone now (removed or replaced): its counts must go too. */
  forgetCounts: boolean;
}

const sameOptions = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((option, i) => option === b[i]);

/** A time as the stores keep times (toISOString), so that equal times compare equal. */
const normalized = (time: string) => new Date(Date.parse(time)).toISOString();

/** 400 unless `closesAt` (normalized) is after `now`. */
function requireFuture(path: string, closesAt: string, now: Date) {
  if (Date.parse(closesAt) <= now.getTime()) throw closesInPast(path, closesAt, now.toISOString());
}

/**
 * The poll an entry gets from `input` (null: none) when it has `current`. The same options, in
 * the same order, keep the poll's id, counts and closedAt (the question and closing time may
 * change); other options make a new poll. A closing time must be in the future unless it is the
 * one the poll has already (an editor fixing the question of a poll that closed by itself).
 */
export function pollFromInput(
  input: PollInput | null,
  current: Poll | null | undefined,
  now: Date,
): PollChange {
  if (input === null) return { poll: null, forgetCounts: Boolean(current) };
  const closesAt = input.closesAt ? normalized(input.closesAt) : null;
  const kept = current && sameOptions(current.options, input.options) ? current : undefined;
  if (closesAt !== null && closesAt !== kept?.closesAt)
    requireFuture("poll.closesAt", closesAt, now);
  if (kept) return { poll: { ...kept, question: input.question, closesAt }, forgetCounts: false };
  return {
    poll: {
      id: newPollId(),
      question: input.question,
      options: [...input.options],
      closesAt,
      closedAt: null,
    },
    forgetCounts: Boolean(current),
  };
}

/** The poll closed `now` ("close now"), or null when it was closed already: nothing to change. */
export const closedPoll = (poll: Poll, now: Date): Poll | null =>
  poll.closedAt === null ? { ...poll, closedAt: now.toISOString() } : null;

/**
 * The poll open again, or null when it is open already with that closing time. `closesAt`: a new
 * closing time (in the future), null for none, or undefined to keep the poll's own unless it has
 * passed (a poll reopened after its time would be closed again at once).
 */
export function reopenedPoll(
  poll: Poll,
  closesAt: string | null | undefined,
  now: Date,
): Poll | null {
  let next: string | null;
  if (closesAt === undefined)
    next =
      poll.closesAt !== null && Date.parse(poll.closesAt) > now.getTime() ? poll.closesAt : null;
  else if (closesAt === null) next = null;
  else {
    next = normalized(closesAt);
    requireFuture("closesAt", next, now);
  }
  if (poll.closedAt === null && poll.closesAt === next) return null;
  return { ...poll, closesAt: next, closedAt: null };
}
