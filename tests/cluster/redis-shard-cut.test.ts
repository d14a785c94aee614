/**
 * One shard's subscriber connections cut (CLIENT KILL TYPE pubsub on its master, and no new
 * connection let in until the test says so) while entries are posted on blogs of every shard:
 * that shard's blogs catch up once the instances are back on it, the other shards' readers get
 * their entries meanwhile as if nothing happened.
 */
import { describe, expect, it } from "vitest";
import { waitFor } from "../support/wait.js";
import { cutSubscribers, seqsOf, useRedisClusterSite } from "./cluster-helpers.js";
import { blogsOnEveryShard, clientOf, readersOnEveryInstance, shardSubscribers } from "./shards.js";

const site = useRedisClusterSite();

// Generous: the whole suite shares two cores; nothing here asserts on time.
describe("one shard's pub/sub connections cut", { timeout: 120_000 }, () => {
  it("catches up that shard's blogs when the instances are back on it; the other shards' readers notice nothing", async () => {
    const { cluster, editor } = site;
    const shards = await blogsOnEveryShard(cluster.redis, editor, "Cut");
    const fleets = await Promise.all(
      shards.map(async ({ blog }, i) =>
        site.track(await readersOnEveryInstance(cluster, blog.id, { subnet: 30 + i })),
      ),
    );
    for (const { blog } of shards) await editor.post(blog.id, "Before the cut");
    for (const reader of fleets.flat()) await reader.waitForSeq(1);

    const [cut, ...others] = shards;
    const admin = clientOf(cut!.master);
    // Cut every subscriber of this shard and keep it from coming back until we say so.
    const cutOff = await cutSubscribers(admin);
    expect(cutOff.subscribers).toBeGreaterThanOrEqual(cluster.instances.length);
    const cutAt = performance.now();
    try {
      for (const { blog } of shards) await editor.post(blog.id, "During the cut");
      // The other shards deliver while the cut lasts.
      for (const i of others.keys()) {
        for (const reader of fleets[i + 1]!) await reader.waitForSeq(2);
      }
      // Nobody was subscribed on the cut shard when it was published.
      expect(await shardSubscribers(cut!.master, cut!.blog.id)).toBe(0);
      expect(fleets[0]!.map((reader) => reader.seq)).toEqual(fleets[0]!.map(() => 1));
    } finally {
      await cutOff.restore();
    }

    for (const reader of fleets[0]!) await reader.waitForSeq(2, 30_000);
    const caughtUpMs = Math.round(performance.now() - cutAt);
    await waitFor(
      async () => (await shardSubscribers(cut!.master, cut!.blog.id)) === cluster.instances.length,
      { what: "every instance to subscribe the cut shard's blog again" },
    );
    for (const { blog } of shards) await editor.post(blog.id, "After the cut");
    for (const fleet of fleets) {
      for (const reader of fleet) {
        await reader.waitForSeq(3);
        expect(seqsOf(reader)).toEqual([1, 2, 3]);
        // The instances caught up from the log; no reader reconnected or fetched anything.
        expect(reader.stats).toMatchObject({ connects: 1, catchUps: 0, duplicates: 0 });
      }
    }
    process.stdout.write(
      `[redis-cluster] shard cut: ${cutOff.subscribers} subscriber connections cut; its readers had the entry ${caughtUpMs} ms after the cut (the cut itself lasted until the other shards had delivered)\n`,
    );
  });
});
