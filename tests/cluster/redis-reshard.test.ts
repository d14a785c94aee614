/**
 * One blog's slot moved to another master (IMPORTING/MIGRATING, MIGRATE, SETSLOT NODE: what
 * `redis-cli --cluster reshard` does for each slot it moves) while its readers on every
 * instance follow it and an editor keeps posting, with a post answered while the slot is half
 * moved: no gap, no duplicate, nobody reconnects.
 */
import { describe, expect, it } from "vitest";
import { blogKeys } from "../../server/store/redis/keys.js";
import { waitFor } from "../support/wait.js";
import { oneTo, seqsOf, useRedisClusterSite } from "./cluster-helpers.js";
import { postSteadily } from "./editor.js";
import {
  blogsOnEveryShard,
  clientOf,
  moveSlot,
  readersOnEveryInstance,
  shardSubscribers,
} from "./shards.js";

const site = useRedisClusterSite();

// Generous: the whole suite shares two cores; nothing here asserts on time.
describe("resharding a blog's slot", { timeout: 120_000 }, () => {
  it("moves the slot to another master while readers follow the blog and posts continue: no gap, no duplicate", async () => {
    const { cluster, editor } = site;
    const [moving, destination] = await blogsOnEveryShard(cluster.redis, editor, "Reshard");
    const { blog, slot, master: source } = moving!;
    const fleet = site.track(await readersOnEveryInstance(cluster, blog.id, { subnet: 40 }));
    const posting = postSteadily(editor, blog.id, 50);
    await waitFor(() => posting.posted.length >= 5, { what: "5 posts before the move" });

    const path = `/api/blogs/${blog.id}/entries`;
    const started = performance.now();
    let halfMovedMs = 0;
    const { keys } = await moveSlot(cluster.redis, slot, destination!.master, async () => {
      // A post meets the half-moved slot: its script's keys are on two nodes (TRYAGAIN).
      const since = performance.now();
      await waitFor(() => editor.answers.some((a) => a.path === path && a.sentAt > since), {
        what: "a post sent and answered while the slot is half moved",
      });
      halfMovedMs = Math.round(performance.now() - since);
    });
    const movedMs = Math.round(performance.now() - started);
    expect((await cluster.redis.masterOf(slot)).port).toBe(destination!.master.port);

    const after = posting.posted.length;
    await waitFor(() => posting.posted.length >= after + 5, { what: "5 posts after the move" });
    await posting.stop();
    expect(posting.failures).toEqual([]);

    // Everything is on the new master, nothing left on the old one.
    expect(await clientOf(destination!.master).exists(blogKeys(blog.id).entries)).toBe(1);
    expect(await clientOf(source).call("CLUSTER", "COUNTKEYSINSLOT", slot)).toBe(0);
    // The instances follow the channel to its new shard.
    await waitFor(
      async () =>
        (await shardSubscribers(destination!.master, blog.id)) === cluster.instances.length,
      { what: "every instance to subscribe on the new master" },
    );

    const ids = posting.posted.map((post) => post.entry.id);
    for (const reader of fleet) {
      await reader.waitForSeq(ids.length, 30_000);
      expect(seqsOf(reader)).toEqual(oneTo(ids.length));
      expect(reader.applied.map((event) => event.entry?.id)).toEqual(ids);
      expect(reader.stats.connects).toBe(1);
    }
    const retried = posting.posted.filter((post) => post.attempts > 1).length;
    const notCreated = editor.answers.filter((a) => a.path === path && a.status !== 201).length;
    process.stdout.write(
      `[redis-cluster] reshard: ${keys} keys moved in ${movedMs} ms (half moved for ${halfMovedMs} ms) under ${ids.length} posts: ${retried} retried, ${notCreated} answers not 201; reader catch-ups ${fleet.reduce((n, r) => n + r.stats.catchUps, 0)}, duplicates dropped ${fleet.reduce((n, r) => n + r.stats.duplicates, 0)}\n`,
    );
  });
});
