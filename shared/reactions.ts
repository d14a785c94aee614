/**
 * The fixed set of reactions: the part of the engagement contract (engagement.ts) that the
 * browser bundles need, and its one home. Zod-free, like events.ts, so that the pages' scripts
 * can import it (tests/security/browser-bundles.test.ts).
 */

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
