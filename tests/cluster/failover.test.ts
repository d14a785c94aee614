/**
 * Three real instances behind real nginx with a real Redis (deploy/cluster): readers over
 * WebSocket and long-polling, an instance killed with SIGKILL while an editor posts, reader
 * counts across instances, and a Redis subscriber connection cut while an entry is published.
 */
import { describe, expect, it } from "vitest";
import { waitFor } from "../support/wait.js";
import {
  busiest,
  cutSubscribers,
  oneTo,
  openReaders,
  readersOn,
  seqsOf,
  useCluster,
} from "./cluster-helpers.js";
import { postSteadily } from "./editor.js";

const site = useCluster();

// Generous: the whole suite shares two cores; nothing here asserts on time.
describe("a cluster of three instances behind nginx", { timeout: 120_000 }, () => {
  it("delivers every entry in order to readers over WebSocket and over long-polling", async () => {
    const { cluster, editor } = site;
    const blog = await editor.createBlog("Both transports");
    const fleet = site.track(
      await openReaders(cluster, blog.id, { count: 6, subnet: 1, pollingEvery: 2 }),
    );

    const ids: string[] = [];
    for (let i = 1; i <= 5; i += 1) ids.push((await editor.post(blog.id, `Entry ${i}`)).entry.id);

    for (const reader of fleet) {
      await reader.waitForSeq(5);
      expect(seqsOf(reader)).toEqual(oneTo(5));
      expect(reader.applied.map((event) => event.entry?.id)).toEqual(ids);
      // Long-polling stayed on one instance: no request reached an instance without its session.
      expect(reader.stats.connects).toBe(1);
    }
  });

  it("makes every reader of a SIGKILLed instance whole again on the others, and its count fades", async () => {
    const { cluster, editor } = site;
    const blog = await editor.createBlog("Instance killed");
    const fleet = site.track(await openReaders(cluster, blog.id, { count: 24, subnet: 2 }));
    await waitFor(() => fleet.every((reader) => reader.readers === fleet.length), {
      timeoutMs: 20_000,
      what: "every reader to count 24 readers over the three instances",
    });

    const posting = postSteadily(editor, blog.id, 100, 40);
    await waitFor(() => posting.posted.length >= 10, { what: "10 entries posted" });
    const { instance: victim, readers: displaced } = await busiest(cluster, blog.id);
    expect(displaced).toBeGreaterThan(0);
    const killedAt = performance.now();
    const seqAtKill = posting.posted.length;
    const exit = await victim.stop("SIGKILL");
    expect(exit.signal).toBe("SIGKILL");

    // The displaced readers notice, reconnect through nginx to a survivor and catch up.
    await waitFor(
      () =>
        fleet.filter((reader) => reader.stats.connects > 1).length === displaced &&
        fleet.every((reader) => reader.connected && reader.seq >= seqAtKill),
      { timeoutMs: 30_000, what: "the displaced readers to reconnect and catch up" },
    );
    const caughtUpMs = Math.round(performance.now() - killedAt);

    await posting.done;
    expect(posting.failures).toEqual([]);
    const entryIds = posting.posted.map((result) => result.entry.id);
    for (const reader of fleet) {
      await reader.waitForSeq(40);
      expect(seqsOf(reader)).toEqual(oneTo(40));
      expect(reader.applied.map((event) => event.entry?.id)).toEqual(entryIds);
      expect(reader.stats.resyncs).toBe(0);
    }
    const survivors = cluster.instances.filter((instance) => instance !== victim);
    const held = await Promise.all(survivors.map((instance) => readersOn(instance, blog.id)));
    expect(held.reduce((a, b) => a + b, 0)).toBe(fleet.length);
    expect(fleet.filter((reader) => reader.stats.connects > 1)).toHaveLength(displaced);

    // The dead instance's report expires; the survivors' counts are the truth again.
    await waitFor(() => fleet.every((reader) => reader.readers === fleet.length), {
      timeoutMs: 30_000,
      what: "the killed instance's readers to stop counting twice",
    });
    const countsRightMs = Math.round(performance.now() - killedAt);
    process.stdout.write(
      `[cluster] SIGKILL of ${victim.id} with ${displaced}/24 readers: all caught up after ${caughtUpMs} ms, counts right after ${countsRightMs} ms; posts retried: ${posting.posted.filter((p) => p.attempts > 1).length}\n`,
    );

    await victim.start();
  });

  it("delivers an entry published while an instance's Redis subscriber was cut off", async () => {
    const { cluster, editor } = site;
    const blog = await editor.createBlog("Subscriber cut");
    const fleet = site.track(
      await openReaders(cluster, blog.id, { count: 6, subnet: 3, pollingEvery: 6 }),
    );
    await editor.post(blog.id, "Before the cut");
    for (const reader of fleet) await reader.waitForSeq(1);

    const admin = cluster.redis.client();
    // Cut every subscriber and keep it from coming back (no new connections) until we say so.
    const cutOff = await cutSubscribers(admin);
    expect(cutOff.subscribers).toBeGreaterThan(0);
    try {
      await editor.post(blog.id, "Published while the subscribers were away");
      // Nobody was subscribed when it was published, so pub/sub delivered it to no one.
      expect(await admin.call("CLIENT", "LIST", "TYPE", "pubsub")).toBe("");
      expect(fleet.map((reader) => reader.seq)).toEqual(fleet.map(() => 1));
    } finally {
      await cutOff.restore();
    }

    for (const reader of fleet) {
      await reader.waitForSeq(2, 20_000);
      expect(seqsOf(reader)).toEqual([1, 2]);
      // The instances caught up from the log; the readers never had to reconnect.
      expect(reader.stats.connects).toBe(1);
      expect(reader.stats.catchUps).toBe(0);
    }
  });
});
