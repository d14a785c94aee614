/**
 * Engagement (issue 16): readers' votes in polls and reactions to entries, their counts
 * ("tallies"), and the newsroom's numbers about a blog. A poll's definition is part of its entry
 * (`pollSchema` in schemas.ts); everything here changes with readers, not with editors, and so
 * never enters the blog's seq-numbered log.
 *
 * Readers have no account: a device is a random id, in an HttpOnly signed cookie on the reader
 * page, or a random token kept in the embed frame's own storage (the embed sets no cookie). The
 * server de-duplicates by it; it is never linked to a person, an address or anything else.
 */
import { z } from "zod";
import { REACTIONS, type Reaction } from "./reactions.js";

/**
 * A device token as the embed frame sends it (and the value inside the device cookie): 22 to 43
 * characters of base64url, i.e. 128 to 256 random bits.
 */
export const deviceTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22,43}$/, "must be 22-43 characters of A-Z, a-z, 0-9, _ and -");

/**
 * POST /api/blogs/:blogId/entries/:entryId/poll/votes. `pollId` is the poll the reader saw (a
 * vote for a poll that was since replaced is refused, not counted against other options);
 * `device` only from the embed frame, which has no device cookie.
 */
export const voteSchema = z.strictObject({
  pollId: z.string().regex(/^[A-Za-z0-9_-]{8,32}$/, "is not a valid poll id"),
  option: z.number().int().nonnegative(),
  device: deviceTokenSchema.optional(),
});
export type VoteInput = z.infer<typeof voteSchema>;

/**
 * POST /api/blogs/:blogId/entries/:entryId/reactions: sets (`on: true`) or clears one reaction of
 * this device. Explicit rather than a toggle, so that a retried request changes nothing twice.
 */
export const reactSchema = z.strictObject({
  reaction: z.enum(REACTIONS),
  on: z.boolean(),
  device: deviceTokenSchema.optional(),
});
export type ReactInput = z.infer<typeof reactSchema>;

/** A poll's counts: `counts[i]` votes for option i; `total` their sum. */
export interface PollTally {
  pollId: string;
  counts: number[];
  total: number;
}

/** An entry's reaction counts (a reaction nobody chose is 0). */
export type ReactionCounts = Record<Reaction, number>;

/**
 * Counts per entry: GET /api/blogs/:blogId/tallies (every entry that has any), and the socket's
 * `blog:tallies` (only the entries whose counts changed since the last one, at most about once a
 * second per blog however fast votes arrive).
 */
export interface Tallies {
  blogId: string;
  /** Entry id -> its poll's counts. */
  polls: Record<string, PollTally>;
  /** Entry id -> its reaction counts. */
  reactions: Record<string, ReactionCounts>;
}

/** The answer to a vote: the poll's counts after it, and the option this device chose. */
export interface VoteResult {
  tally: PollTally;
  option: number;
}

/** The answer to a reaction: the entry's counts after it, and this device's reactions on it. */
export interface ReactResult {
  reactions: ReactionCounts;
  mine: Reaction[];
}

/** One minute of the readers-over-time series: the most readers counted in it. */
export interface ReaderMinute {
  /** The minute's start, ISO 8601 UTC (seconds 00). */
  minute: string;
  readers: number;
}

/**
 * The newsroom's numbers, GET /api/blogs/:blogId/stats (the desk; CSV at .../stats.csv). No
 * identities: distinct devices is a HyperLogLog estimate (about 1 % off).
 */
export interface BlogStats {
  blogId: string;
  readersNow: number;
  /** The most readers at once, and when; null before anyone read. */
  peak: { readers: number; at: string } | null;
  /** Per minute, oldest first, at most STATS_SERIES_MAX minutes (older ones are dropped). */
  series: ReaderMinute[];
  distinctDevices: number;
  reactions: { total: number; byReaction: ReactionCounts };
  polls: {
    entryId: string;
    question: string;
    options: string[];
    tally: PollTally;
    open: boolean;
  }[];
  /** The entries that drew most reactions, most first (at most 5). */
  topEntries: { entryId: string; headline: string | null; reactions: number }[];
}

/** Minutes of the readers-over-time series kept per blog: 14 days of minutes. */
export const STATS_SERIES_MAX = 14 * 24 * 60;
