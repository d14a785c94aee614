/**
 * The fixed set of reactions and when a poll takes votes: the parts of the engagement contract
 * (engagement.ts, schemas.ts) that the browser bundles need. Zod-free, like events.ts, so that
 * the pages' scripts can import them (tests/security/browser-bundles.test.ts).
 */
import type { Poll } from "./schemas.js";

/** The fixed set of reactions, in the order they are shown; names on the wire, emoji on screen. */
export const REACTIONS = ["like", "love", "wow", "sad", "clap"] as const;
export type Reaction = (typeof REACTIONS)[number];
export const REACTION_EMOJI: Record<Reaction, string> = {
  like: "👍",
  love: "❤️",
  wow: "😮",
  sad: "😢",
  clap: "👏",
};

/** An entry's counts when nobody reacted yet. */
export const noReactions = (): Record<Reaction, number> =>
  Object.fromEntries(REACTIONS.map((reaction) => [reaction, 0])) as Record<Reaction, number>;

export const isReaction = (value: unknown): value is Reaction =>
  (REACTIONS as readonly unknown[]).includes(value);

/** Whether a poll takes votes at `now` (ms): not closed, and not past its closing time. */
export const pollIsOpen = (poll: Poll, now: number) =>
  poll.closedAt === null && (poll.closesAt === null || now < Date.parse(poll.closesAt));
