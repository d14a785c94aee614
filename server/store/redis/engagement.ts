/**
 * EngagementStore on Redis (issue 16): thin calls to engagement-scripts.ts, and the reads of the
 * newsroom's numbers (the series and peak are written by the presence script, presence.ts).
 *
 * Votes and reactions run on the command connection, not on the `written` one that waits for
 * replicas (REDIS_WAIT_REPLICAS, durability.ts): a vote is one of thousands a second at the peak
 * of a live event, the reader's retry is refused as already_voted when the first one was kept,
 * and a vote lost in a master's crash is one count, not an editor's entry (docs/DEPLOY.md).
 */
import type { PollTally, ReactionCounts, Tallies } from "../../../shared/engagement.js";
import { isReaction } from "../../../shared/reactions.js";
import { notFound } from "../../errors.js";
import type { EngagementStore } from "../port.js";
import type { RedisClient } from "./client.js";
import { withEngagementScripts } from "./engagement-scripts.js";
import { guarded } from "./errors.js";
import { blogKeys } from "./keys.js";
import { engagementRefusal } from "./refusal.js";

const isoOf = (ms: number) => new Date(ms).toISOString();

export function createRedisEngagement(client: RedisClient): EngagementStore {
  const redis = withEngagementScripts(client);
  /** The reply, once it is not a refusal. */
  const accepted = (reply: unknown[], blogId: string, entryId = "") => {
    const refused = engagementRefusal(reply, blogId, entryId);
    if (refused) throw refused;
    return reply;
  };

  const talliesAfter = (blogId: string, version: number) =>
    guarded(async () => {
      const k = blogKeys(blogId);
      const [, now, ...changed] = accepted(
        await redis.talliesAfter(
          k.blog,
          k.talliesVersion,
          k.talliesChanged,
          k.pollTallies,
          k.reactionTallies,
          version,
        ),
        blogId,
      );
      const tallies: Tallies & { version: number } = {
        blogId,
        polls: {},
        reactions: {},
        version: Number(now),
      };
      for (let i = 0; i + 2 < changed.length; i += 3) {
        const [entryId, poll, reactions] = [String(changed[i]), changed[i + 1], changed[i + 2]];
        if (poll) tallies.polls[entryId] = JSON.parse(String(poll)) as PollTally;
        if (reactions) tallies.reactions[entryId] = JSON.parse(String(reactions)) as ReactionCounts;
      }
      return tallies;
    });

  return {
    vote: (blogId, entryId, { pollId, option, device }) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        const [, tally] = accepted(
          await redis.castVote(
            k.blog,
            k.entries,
            k.pollTallies,
            k.voters(entryId),
            k.talliesVersion,
            k.talliesChanged,
            entryId,
            pollId,
            option,
            device,
          ),
          blogId,
          entryId,
        );
        return JSON.parse(String(tally)) as PollTally;
      }),

    react: (blogId, entryId, { reaction, on, device }) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        const [, counts, ...mine] = accepted(
          await redis.setReaction(
            k.blog,
            k.entries,
            k.reactionTallies,
            k.reacted(entryId),
            k.talliesVersion,
            k.talliesChanged,
            entryId,
            reaction,
            on ? "1" : "0",
            device,
          ),
          blogId,
          entryId,
        );
        return {
          reactions: JSON.parse(String(counts)) as ReactionCounts,
          mine: mine.filter(isReaction),
        };
      }),

    tallies: (blogId) => talliesAfter(blogId, 0),
    talliesSince: talliesAfter,

    forget: (blogId, entryId, only) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        accepted(
          await redis.forgetCounts(
            k.blog,
            k.entries,
            k.pollTallies,
            k.reactionTallies,
            k.voters(entryId),
            k.reacted(entryId),
            k.talliesChanged,
            entryId,
            only ?? "",
          ),
          blogId,
          entryId,
        );
      }),

    countDevice: (blogId, device) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        accepted(await redis.addDevice(k.blog, k.devices, device), blogId);
      }),

    numbers: (blogId) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        // One round trip; every key is in the blog's slot, so a pipeline is legal on a cluster.
        const replies = await redis
          .pipeline()
          .exists(k.blog)
          .lrange(k.readerSeries, 0, -1)
          .hmget(k.readerPeak, "readers", "at")
          .pfcount(k.devices)
          .exec();
        const [exists, series, peak, devices] = (replies ?? []).map(([err, value]) => {
          if (err) throw err;
          return value;
        }) as [number, string[], (string | null)[], number];
        if (!exists) throw notFound(`Blog "${blogId}"`);
        const [readers, at] = peak;
        return {
          series: series.map((item) => {
            const [minute, count] = item.split(" ");
            return { minute: isoOf(Number(minute)), readers: Number(count) };
          }),
          peak: readers && at ? { readers: Number(readers), at: isoOf(Number(at)) } : null,
          distinctDevices: devices,
        };
      }),
  };
}
