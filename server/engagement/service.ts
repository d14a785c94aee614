/**
 * What readers do with polls and reactions (issue 16), independent of HTTP: a vote or a reaction
 * of a device, and the counts. The store checks and counts each in one atomic step; nothing here
 * broadcasts (readers get counts from the tallies ticker, server/realtime/tallies.ts).
 */
import type {
  ReactInput,
  ReactResult,
  Tallies,
  VoteInput,
  VoteResult,
} from "../../shared/engagement.js";
import type { DeviceKey, EngagementStore } from "../store/port.js";
import type { TalliesReader } from "./tallies-reader.js";

export function createEngagementService(
  engagement: Pick<EngagementStore, "vote" | "react">,
  counts: Pick<TalliesReader, "current">,
) {
  return {
    /** Counts the device's vote; 404/409/400 as EngagementStore.vote says. */
    async vote(
      blogId: string,
      entryId: string,
      { pollId, option }: Omit<VoteInput, "device">,
      device: DeviceKey,
    ): Promise<VoteResult> {
      const tally = await engagement.vote(blogId, entryId, { pollId, option, device });
      return { tally, option };
    },

    /** Sets or clears one reaction of the device (a retried request changes nothing twice). */
    react(
      blogId: string,
      entryId: string,
      { reaction, on }: Omit<ReactInput, "device">,
      device: DeviceKey,
    ): Promise<ReactResult> {
      return engagement.react(blogId, entryId, { reaction, on, device });
    },

    /** Every entry's counts, read after this call (404 for an unknown blog, as the store says). */
    async tallies(blogId: string): Promise<Tallies> {
      const { polls, reactions } = await counts.current(blogId);
      return { blogId, polls, reactions };
    },
  };
}

export type EngagementService = ReturnType<typeof createEngagementService>;
