/**
 * The reactions readers can give an entry (issue 16), zod-free so that browser bundles may use
 * them (tests/security/browser-bundles.test.ts); shared/engagement.ts, which validates with zod,
 * re-exports them.
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
