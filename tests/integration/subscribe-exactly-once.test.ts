/**
 * A reader that (re)subscribes with `since` while entries keep coming gets each event exactly
 * once over the socket: what the subscribe ack brings and what arrives live never overlap. This
 * is what keeps a reconnect storm (bench/, "storm") free of duplicate deliveries.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import type { ReaderLiveEvent } from "../../shared/schemas.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer, type TestInstance } from "../support/instance.js";
import type { TestReader } from "../support/reader.js";
import { eventsBeforeSentinel } from "../support/sentinel.js";

const site = useSite({ instances: { a: {}, b: {} } });

const post = (instance: TestInstance, blogId: string, body: string) =>
  request(instance.url).post(`/api/blogs/${blogId}/entries`).set(bearer).send({ body });

describe("subscribing while entries are posted", () => {
  it("delivers every entry once to readers that subscribe with since in the middle of a burst", async () => {
    const { id: blogId } = await editorApi(site.a.url).createBlog("Burst");
    // One reader from the start keeps instance b subscribed, as in a running blog.
    const first = await site.connectReader(site.b);
    await first.subscribe(blogId);

    const total = 60;
    const posting = (async () => {
      for (let i = 0; i < total; i += 3)
        await Promise.all([0, 1, 2].map((k) => post(site.a, blogId, `Update ${i + k}`)));
    })();
    // Readers arrive on b throughout the burst, each asking for everything after seq 0.
    const late: { reader: TestReader; fromAck: ReaderLiveEvent[] }[] = [];
    for (let i = 0; i < 12; i++) {
      const reader = await site.connectReader(site.b);
      const ack = await reader.subscribe(blogId, 0);
      if (!ack.ok || "resync" in ack.data)
        throw new Error(`subscribe failed: ${JSON.stringify(ack)}`);
      late.push({ reader, fromAck: ack.data.events });
    }
    await posting;

    // A late duplicate would arrive before the sentinel: what came before it is all there is.
    const live = await eventsBeforeSentinel(
      late.map(({ reader }) => reader),
      (body) => editorApi(site.a.url).post(blogId, { body }),
    );
    late.forEach(({ fromAck }, i) => {
      const seqs = [...fromAck, ...live[i]!].map((event) => event.seq).sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: total }, (_, n) => n + 1));
    });
  });

  it("fills in from the log what the instance did not keep in memory, without a gap or a repeat", async () => {
    const { id: blogId } = await editorApi(site.a.url).createBlog("Older");
    // Posted before instance b had any reader: b never emitted these, so only the log has them.
    for (let i = 1; i <= 5; i++)
      expect((await post(site.a, blogId, `Before ${i}`)).status).toBe(201);
    const watcher = await site.connectReader(site.b);
    await watcher.subscribe(blogId);
    for (let i = 6; i <= 8; i++)
      expect((await post(site.a, blogId, `After ${i}`)).status).toBe(201);
    await watcher.waitForEvents(3);

    const late = await site.connectReader(site.b);
    const ack = await late.subscribe(blogId, 2);
    if (!ack.ok || "resync" in ack.data)
      throw new Error(`subscribe failed: ${JSON.stringify(ack)}`);
    expect(ack.data.events.map((event) => event.seq)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(ack.data.seq).toBe(8);
    // Kept in memory this time: the same events, the same answer.
    const again = await site.connectReader(site.b);
    const fromMemory = await again.subscribe(blogId, 6);
    expect(fromMemory).toEqual({
      ok: true,
      data: { seq: 8, epoch: expect.any(String), events: ack.data.events.slice(4) },
    });
    // And none of what the acks brought comes again live.
    const live = await eventsBeforeSentinel([late, again], (body) =>
      editorApi(site.a.url).post(blogId, { body }),
    );
    expect(live).toEqual([[], []]);
  });
});
