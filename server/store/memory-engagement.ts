/**
 * Votes, reactions and the readers-over-time series of the embedded store (memory.ts): the
 * reference semantics of EngagementStore, which the Redis scripts repeat. Every step here is
 * synchronous, which is what makes it atomic in one process.
 */
import {
  STATS_SERIES_MAX,
  type PollTally,
  type ReactionCounts,
  type ReaderMinute,
  type Tallies,
} from "../../shared/engagement.js";
import { pollIsOpen } from "../../shared/polls.js";
import { noReactions, REACTIONS, type Reaction } from "../../shared/reactions.js";
import type { Entry } from "../../shared/schemas.js";
import { alreadyVoted, noSuchOption, notFound, pollClosed, pollNotFound } from "../errors.js";
import { HyperLogLog } from "./hyperloglog.js";
import type { DeviceKey, EngagementStore } from "./port.js";

/** What a blog's state keeps of its readers (BlogState.engagement): it goes with the blog. */
export interface EngagementState {
  /** Moves with every change of counts; `changedAt` says which entries changed at which version. */
  version: number;
  changedAt: Map<string, number>;
  polls: Map<string, { pollId: string; counts: number[]; voters: Map<DeviceKey, number> }>;
  reactions: Map<string, { counts: ReactionCounts; by: Map<DeviceKey, Set<Reaction>> }>;
  series: ReaderMinute[];
  peak: { readers: number; at: string } | null;
  devices: HyperLogLog;
}

export const newEngagementState = (): EngagementState => ({
  version: 0,
  changedAt: new Map(),
  polls: new Map(),
  reactions: new Map(),
  series: [],
  peak: null,
  devices: new HyperLogLog(),
});

const tallyOf = (poll: { pollId: string; counts: number[] }): PollTally => ({
  pollId: poll.pollId,
  counts: [...poll.counts],
  total: poll.counts.reduce((sum, n) => sum + n, 0),
});

/** The minute `at` falls in, as the series names it. */
export const minuteOf = (at: Date) => {
  const minute = new Date(at);
  minute.setUTCSeconds(0, 0);
  return minute.toISOString();
};

/**
 * Keeps `total` in the series (the most seen in its minute) and the peak; called with every
 * reader-count report.
 */
export function recordReaders(state: EngagementState, total: number, now = new Date()) {
  const minute = minuteOf(now);
  const last = state.series.at(-1);
  if (last?.minute === minute) last.readers = Math.max(last.readers, total);
  else if (total > 0 || last) state.series.push({ minute, readers: total });
  if (state.series.length > STATS_SERIES_MAX) state.series.shift();
  if (total > 0 && total > (state.peak?.readers ?? 0))
    state.peak = { readers: total, at: now.toISOString() };
}

/**
 * The engagement store over blogs' states. `stateOf` throws 404 for an unknown blog; `entryOf`
 * gives the published entry or undefined.
 */
export function createMemoryEngagement(
  stateOf: (blogId: string) => EngagementState,
  entryOf: (blogId: string, entryId: string) => Entry | undefined,
): EngagementStore {
  const changed = (state: EngagementState, entryId: string) => {
    state.version += 1;
    state.changedAt.set(entryId, state.version);
  };

  const talliesOf = (
    blogId: string,
    state: EngagementState,
    since: number,
  ): Tallies & { version: number } => {
    const tallies: Tallies & { version: number } = {
      blogId,
      polls: {},
      reactions: {},
      version: state.version,
    };
    // A version above the blog's: its counts started again (the blog was deleted and made again).
    const after = since > state.version ? 0 : since;
    for (const [entryId, at] of state.changedAt) {
      if (at <= after) continue;
      const poll = state.polls.get(entryId);
      if (poll) tallies.polls[entryId] = tallyOf(poll);
      const reactions = state.reactions.get(entryId);
      if (reactions) tallies.reactions[entryId] = { ...reactions.counts };
    }
    return tallies;
  };

  return {
    async vote(blogId, entryId, { pollId, option, device }) {
      const state = stateOf(blogId);
      const entry = entryOf(blogId, entryId);
      if (!entry) throw notFound(`Entry "${entryId}"`);
      if (!entry.poll || entry.poll.id !== pollId) throw pollNotFound(entryId);
      if (!pollIsOpen(entry.poll, Date.now())) throw pollClosed();
      if (option >= entry.poll.options.length) throw noSuchOption(entry.poll.options.length);
      let poll = state.polls.get(entryId);
      if (poll?.pollId !== pollId) {
        poll = { pollId, counts: entry.poll.options.map(() => 0), voters: new Map() };
        state.polls.set(entryId, poll);
      }
      const chosen = poll.voters.get(device);
      if (chosen !== undefined) throw alreadyVoted(chosen);
      poll.voters.set(device, option);
      poll.counts[option]! += 1;
      changed(state, entryId);
      return tallyOf(poll);
    },

    async react(blogId, entryId, { reaction, on, device }) {
      const state = stateOf(blogId);
      if (!entryOf(blogId, entryId)) throw notFound(`Entry "${entryId}"`);
      let reactions = state.reactions.get(entryId);
      if (!reactions) {
        reactions = { counts: noReactions(), by: new Map() };
        state.reactions.set(entryId, reactions);
      }
      const mine = reactions.by.get(device) ?? new Set<Reaction>();
      if (mine.has(reaction) !== on) {
        if (on) mine.add(reaction);
        else mine.delete(reaction);
        reactions.counts[reaction] += on ? 1 : -1;
        if (mine.size > 0) reactions.by.set(device, mine);
        else reactions.by.delete(device);
        changed(state, entryId);
      }
      return {
        reactions: { ...reactions.counts },
        mine: REACTIONS.filter((r) => mine.has(r)),
      };
    },

    async tallies(blogId) {
      return talliesOf(blogId, stateOf(blogId), 0);
    },

    async talliesSince(blogId, version) {
      return talliesOf(blogId, stateOf(blogId), version);
    },

    async forget(blogId, entryId, only) {
      const state = stateOf(blogId);
      // Counts of the poll the entry has now can only be votes cast after the change that made
      // the caller forget the one before: they stay.
      const current = entryOf(blogId, entryId)?.poll?.id;
      if (only !== "poll" || state.polls.get(entryId)?.pollId !== current)
        state.polls.delete(entryId);
      if (only !== "poll") {
        state.reactions.delete(entryId);
        state.changedAt.delete(entryId);
      }
    },

    async countDevice(blogId, device) {
      stateOf(blogId).devices.add(device);
    },

    async numbers(blogId) {
      const state = stateOf(blogId);
      return {
        series: state.series.map((minute) => ({ ...minute })),
        peak: state.peak && { ...state.peak },
        distinctDevices: state.devices.count(),
      };
    },
  };
}
