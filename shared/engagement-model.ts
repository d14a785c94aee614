/**
 * What a page knows of its entries' votes and reactions: the counts (from GET /tallies, from
 * `blog:tallies`, and from the answers to this device's own votes and reactions), what this
 * device chose (remembered per blog on the device), and what is on its way. DOM-free, so that
 * the reader page, the embed frame and the desk share it and it is unit-tested without a browser;
 * the renderer (engagement-markup.ts) draws an entry from `of(entry)`.
 *
 * Counts carry no version on the wire, so arrivals are ordered by what they are:
 * - a poll's counts only grow while its id stays, so a smaller total of the same poll is older;
 * - a full load (GET /tallies) may cross a `blog:tallies` in flight. For an entry the socket
 *   spoke of meanwhile the socket's counts are kept: were they older than the load, the change
 *   between them was made after the server's last tick and reaches us with its next one, whereas
 *   a load that overwrote newer counts would never be corrected.
 */
import type { PollTally, ReactionCounts, ReactResult, Tallies } from "./engagement.js";
import type { TextKey } from "./i18n/catalog.js";
import { noReactions, REACTIONS, type Reaction } from "./reactions.js";
import type { ReaderEntry } from "./schemas.js";

/** What the renderer shows of one entry's engagement. */
export interface EntryEngagement {
  /** The counts of the entry's current poll; null while none were counted (or known). */
  tally: PollTally | null;
  reactions: ReactionCounts;
  /** The option this device chose in the entry's current poll, or null. */
  myVote: number | null;
  /** This device's reactions on the entry, the ones on their way included. */
  myReactions: readonly Reaction[];
  /** The server refused a vote as closed before the entry's own event said so. */
  refusedClosed: boolean;
  /** A vote is on its way: the options wait for its answer. */
  voting: boolean;
  /** Reactions on their way: their buttons wait. */
  reacting: readonly Reaction[];
  /** What to tell the reader under the poll, and under the reactions, after their own action. */
  pollNotice: TextKey | null;
  reactionsNotice: TextKey | null;
}

/** An entry nobody voted on or reacted to, seen by a device that did nothing yet. */
export const noEngagement = (): EntryEngagement => ({
  tally: null,
  reactions: noReactions(),
  myVote: null,
  myReactions: [],
  refusedClosed: false,
  voting: false,
  reacting: [],
  pollNotice: null,
  reactionsNotice: null,
});

/** An entry's counts in a Tallies (the server's render, the desk): nothing of any device. */
export function engagementIn(
  tallies: Pick<Tallies, "polls" | "reactions"> | null | undefined,
  entry: Pick<ReaderEntry, "id" | "poll">,
): EntryEngagement {
  const tally = tallies?.polls[entry.id];
  return {
    ...noEngagement(),
    tally: tally && entry.poll && tally.pollId === entry.poll.id ? tally : null,
    reactions: { ...noReactions(), ...tallies?.reactions[entry.id] },
  };
}

/**
 * What this device chose in one blog: votes by poll id (a replaced poll is a new one), reactions
 * by entry. Kept on the device (client/common/engagement-memory.ts), newest last, capped.
 */
export interface Remembered {
  votes: Map<string, number>;
  reactions: Map<string, Reaction[]>;
}

/** Polls and entries remembered per blog; the oldest are forgotten first. */
export const REMEMBERED_MAX = 500;

export const emptyRemembered = (): Remembered => ({ votes: new Map(), reactions: new Map() });

/** The remembered choices as stored: pairs, newest last, at most REMEMBERED_MAX of each. */
export function serializeRemembered(remembered: Remembered): string {
  const newest = <T>(map: Map<string, T>) => [...map].slice(-REMEMBERED_MAX);
  return JSON.stringify({ v: newest(remembered.votes), r: newest(remembered.reactions) });
}

/** What was stored, or nothing for anything unreadable (another version, a hand edit). */
export function parseRemembered(stored: string | null): Remembered {
  const remembered = emptyRemembered();
  try {
    const value = JSON.parse(stored ?? "null") as { v?: unknown; r?: unknown } | null;
    for (const pair of Array.isArray(value?.v) ? value.v : []) {
      if (Array.isArray(pair) && typeof pair[0] === "string" && Number.isInteger(pair[1]))
        remembered.votes.set(pair[0], pair[1] as number);
    }
    for (const pair of Array.isArray(value?.r) ? value.r : []) {
      if (Array.isArray(pair) && typeof pair[0] === "string" && Array.isArray(pair[1])) {
        const mine = REACTIONS.filter((reaction) => (pair[1] as unknown[]).includes(reaction));
        if (mine.length > 0) remembered.reactions.set(pair[0], mine);
      }
    }
  } catch {
    // Unreadable: start from nothing.
  }
  return remembered;
}

/** Why a vote was not counted, as the client read the server's answer. */
export type VoteRefusal =
  | { kind: "alreadyVoted"; option: number }
  | { kind: "closed" }
  | { kind: "gone" }
  | { kind: "rateLimited" }
  | { kind: "failed" };

const REFUSAL_NOTICE: Record<VoteRefusal["kind"], TextKey> = {
  alreadyVoted: "poll.alreadyVoted",
  closed: "poll.closedRefused",
  gone: "poll.gone",
  rateLimited: "poll.rateLimited",
  failed: "poll.failed",
};

interface LocalState {
  voting: boolean;
  /** Reaction -> the state asked for, while its request is on its way. */
  reacting: Map<Reaction, boolean>;
  /** The poll id the server called closed. */
  refusedClosed: string | null;
  pollNotice: TextKey | null;
  reactionsNotice: TextKey | null;
}

export function createEngagementModel(remembered: Remembered = emptyRemembered()) {
  const polls = new Map<string, PollTally>();
  const reactions = new Map<string, ReactionCounts>();
  const local = new Map<string, LocalState>();
  /** Entries the socket spoke of while the newest full load was under way. */
  let spokenDuringLoad: Set<string> | null = null;
  let loads = 0;

  const localOf = (entryId: string): LocalState => {
    let state = local.get(entryId);
    if (!state) {
      state = {
        voting: false,
        reacting: new Map(),
        refusedClosed: null,
        pollNotice: null,
        reactionsNotice: null,
      };
      local.set(entryId, state);
    }
    return state;
  };

  /** Keeps a poll's counts unless they are older than what is known; says whether they changed. */
  const takePoll = (entryId: string, tally: PollTally): boolean => {
    const known = polls.get(entryId);
    if (known && known.pollId === tally.pollId && known.total >= tally.total) return false;
    polls.set(entryId, { pollId: tally.pollId, counts: [...tally.counts], total: tally.total });
    return true;
  };
  const takeReactions = (entryId: string, counts: ReactionCounts): boolean => {
    const known = reactions.get(entryId);
    if (known && REACTIONS.every((reaction) => known[reaction] === counts[reaction])) return false;
    reactions.set(entryId, { ...noReactions(), ...counts });
    return true;
  };
  /** Newest last: a choice made again moves to the end, so the oldest are forgotten first. */
  const remember = <T>(map: Map<string, T>, key: string, value: T | null) => {
    map.delete(key);
    if (value !== null) map.set(key, value);
  };

  return {
    of(entry: Pick<ReaderEntry, "id" | "poll">): EntryEngagement {
      const tally = polls.get(entry.id);
      const state = local.get(entry.id);
      const poll = entry.poll ?? null;
      const myReactions = new Set(remembered.reactions.get(entry.id) ?? []);
      for (const [reaction, on] of state?.reacting ?? []) {
        if (on) myReactions.add(reaction);
        else myReactions.delete(reaction);
      }
      return {
        tally: tally && poll && tally.pollId === poll.id ? tally : null,
        reactions: reactions.get(entry.id) ?? noReactions(),
        myVote: poll ? (remembered.votes.get(poll.id) ?? null) : null,
        myReactions: REACTIONS.filter((reaction) => myReactions.has(reaction)),
        refusedClosed: !!poll && state?.refusedClosed === poll.id,
        voting: state?.voting ?? false,
        reacting: [...(state?.reacting.keys() ?? [])],
        pollNotice: state?.pollNotice ?? null,
        reactionsNotice: state?.reactionsNotice ?? null,
      };
    },

    /** `blog:tallies`: the entries whose counts changed. Returns the ids whose counts moved here. */
    received(tallies: Pick<Tallies, "polls" | "reactions">): string[] {
      const changed = new Set<string>();
      for (const [entryId, tally] of Object.entries(tallies.polls)) {
        spokenDuringLoad?.add(entryId);
        if (takePoll(entryId, tally)) changed.add(entryId);
      }
      for (const [entryId, counts] of Object.entries(tallies.reactions)) {
        spokenDuringLoad?.add(entryId);
        if (takeReactions(entryId, counts)) changed.add(entryId);
      }
      return [...changed];
    },

    /**
     * A full load (GET /tallies) starts; call the returned function with its answer, or with null
     * when it failed. An answer overtaken by a later load is dropped. Returns the ids whose counts
     * moved.
     */
    beginLoad(): (tallies: Pick<Tallies, "polls" | "reactions"> | null) => string[] {
      const round = ++loads;
      const spoken = new Set<string>();
      spokenDuringLoad = spoken;
      return (tallies) => {
        if (round !== loads) return [];
        spokenDuringLoad = null;
        if (!tallies) return [];
        const changed = new Set<string>();
        for (const entryId of new Set([...polls.keys(), ...reactions.keys()])) {
          if (spoken.has(entryId)) continue;
          // Counted no more: the entry was deleted, or its poll replaced or removed.
          if (!(entryId in tallies.polls) && polls.delete(entryId)) changed.add(entryId);
          if (!(entryId in tallies.reactions) && reactions.delete(entryId)) changed.add(entryId);
        }
        for (const [entryId, tally] of Object.entries(tallies.polls)) {
          if (!spoken.has(entryId) && takePoll(entryId, tally)) changed.add(entryId);
        }
        for (const [entryId, counts] of Object.entries(tallies.reactions)) {
          if (!spoken.has(entryId) && takeReactions(entryId, counts)) changed.add(entryId);
        }
        return [...changed];
      };
    },

    /** A vote leaves: the options wait, and what was said before goes. */
    voteSent(entryId: string) {
      const state = localOf(entryId);
      state.voting = true;
      state.pollNotice = null;
    },

    /** The server counted the vote: results show, with this device's choice. */
    voted(entryId: string, pollId: string, answer: { tally: PollTally; option: number }) {
      const state = localOf(entryId);
      state.voting = false;
      state.pollNotice = "poll.thanks";
      remember(remembered.votes, pollId, answer.option);
      takePoll(entryId, answer.tally);
    },

    /** The vote was not counted; already_voted still tells which option this device chose. */
    voteRefused(entryId: string, pollId: string, refusal: VoteRefusal) {
      const state = localOf(entryId);
      state.voting = false;
      state.pollNotice = REFUSAL_NOTICE[refusal.kind];
      if (refusal.kind === "alreadyVoted") remember(remembered.votes, pollId, refusal.option);
      if (refusal.kind === "closed") state.refusedClosed = pollId;
    },

    /** A reaction leaves: its button shows the state asked for while it waits. */
    reactionSent(entryId: string, reaction: Reaction, on: boolean) {
      const state = localOf(entryId);
      state.reacting.set(reaction, on);
      state.reactionsNotice = null;
    },

    /** The server's answer: the entry's counts and this device's reactions on it. */
    reacted(entryId: string, reaction: Reaction, answer: ReactResult) {
      localOf(entryId).reacting.delete(reaction);
      remember(remembered.reactions, entryId, answer.mine.length > 0 ? [...answer.mine] : null);
      reactions.set(entryId, { ...noReactions(), ...answer.reactions });
    },

    /** Not taken: the button goes back, and the reader is told why. */
    reactionFailed(entryId: string, reaction: Reaction, notice: TextKey) {
      const state = localOf(entryId);
      state.reacting.delete(reaction);
      state.reactionsNotice = notice;
    },

    /** Whether a reaction of this entry is on its way (a second click waits for it). */
    isReacting(entryId: string, reaction: Reaction): boolean {
      return local.get(entryId)?.reacting.has(reaction) ?? false;
    },

    /** What this device chose, to keep on it. */
    get remembered(): Remembered {
      return remembered;
    },
  };
}

export type EngagementModel = ReturnType<typeof createEngagementModel>;

/** The soonest time (ms) after `nowMs` at which one of these entries' polls closes by itself. */
export function nextPollClosing(
  entries: Iterable<Pick<ReaderEntry, "poll">>,
  nowMs: number,
): number | null {
  let soonest: number | null = null;
  for (const { poll } of entries) {
    if (!poll?.closesAt || poll.closedAt !== null) continue;
    const at = Date.parse(poll.closesAt);
    if (at > nowMs && (soonest === null || at < soonest)) soonest = at;
  }
  return soonest;
}
