/**
 * Three instances behind nginx on a real Redis Cluster (3 masters with a replica each): blogs
 * whose slots fall on each of the three masters, readers of each on every instance, and every
 * reader gets every entry once, in order, over sharded pub/sub (SPUBLISH/SSUBSCRIBE).
 */
import { describe, expect, it } from "vitest";
import { oneTo, seqsOf, useRedisClusterSite } from "./cluster-helpers.js";
import { blogsOnEveryShard, readersOnEveryInstance, shardSubscribers } from "./shards.js";

const site = useRedisClusterSite();

// Generous: the whole suite shares two cores; nothing here asserts on time.
describe("three instances on a Redis Cluster of three shards", { timeout: 120_000 }, () => {
  it("delivers every entry of blogs on every shard once and in order to readers on every instance", async () => {
    const { cluster, editor } = site;
    const shards = await blogsOnEveryShard(cluster.redis, editor, "Fan-out");
    expect(new Set(shards.map((shard) => shard.master.port)).size).toBe(3);
    const fleets = await Promise.all(
      shards.map(async ({ blog }, i) =>
        site.track(await readersOnEveryInstance(cluster, blog.id, { subnet: 10 + i })),
      ),
    );

    // The three blogs at once: each shard publishes while the others do.
    const started = performance.now();
    const count = 12;
    const posted = await Promise.all(
      shards.map(async ({ blog }) => {
        const ids: string[] = [];
        for (let i = 1; i <= count; i += 1)
          ids.push((await editor.post(blog.id, `Entry ${i}`)).entry.id);
        return ids;
      }),
    );

    for (const [i, fleet] of fleets.entries()) {
      for (const reader of fleet) {
        await reader.waitForSeq(count);
        expect(seqsOf(reader)).toEqual(oneTo(count));
        expect(reader.applied.map((event) => event.entry?.id)).toEqual(posted[i]);
        // Once: nothing came twice, nothing had to be fetched, nobody reconnected.
        expect(reader.stats).toMatchObject({ duplicates: 0, catchUps: 0, connects: 1 });
      }
    }
    const deliveredMs = Math.round(performance.now() - started);

    // Sharded pub/sub: each blog's channel is subscribed on its own shard, once per instance.
    for (const { blog, master } of shards) {
      expect(await shardSubscribers(master, blog.id)).toBe(cluster.instances.length);
    }
    const readers = fleets.reduce((sum, fleet) => sum + fleet.length, 0);
    process.stdout.write(
      `[redis-cluster] fan-out: 3 blogs on 3 shards x ${count} entries to ${readers} readers on 3 instances: every event once, in order, in ${deliveredMs} ms\n`,
    );
  });
});
