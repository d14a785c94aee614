/**
 * Issue 9, finding A4: a socket's subscribes, unsubscribes and disconnect interleave across the
 * relay's asynchronous join. Before the fix the socket's blogs were checked before the join and
 * recorded after it: 3 sockets sending 50 subscribes in a burst and disconnecting left the only
 * real reader seeing "50 reading" and the channel subscribed forever. Now pending joins are state
 * too: one subscription per socket and blog, an unsubscribe during a pending subscribe wins, and
 * counts and channels return to the truth once the sockets are gone.
 */
import { describe, expect, it } from "vitest";
import { blogKeys } from "../../server/store/redis/keys.js";
import { editorApi, useSite } from "../support/fixtures.js";
import type { TestReader } from "../support/reader.js";
import { waitFor } from "../support/wait.js";

const site = useSite();
const subscribers = async (blogId: string) =>
  Number((await site.redis.client().pubsub("NUMSUB", blogKeys(blogId).channel))[1]);
const lastCount = (reader: TestReader) => reader.counts.at(-1);

/** Sends without waiting for the answer, as a burst from a page's scripts would. */
const fire = (reader: TestReader, event: "blog:subscribe" | "blog:unsubscribe", blogId: string) =>
  reader.socket.timeout(10_000).emitWithAck(event, { blogId });

describe("concurrent subscribes from one socket", () => {
  it("leave no phantom reader and no channel after bursts of 50 and a disconnect", async () => {
    const { id: blogId } = await editorApi(site.server.url).createBlog("Burst");
    const real = await site.connectReader(site.server);
    expect((await real.subscribe(blogId)).ok).toBe(true);
    await waitFor(() => lastCount(real) === 1, { what: "the real reader to be counted" });

    const bursts = await Promise.all([1, 2, 3].map(() => site.connectReader(site.server)));
    for (const burst of bursts) {
      for (let i = 0; i < 50; i++) void fire(burst, "blog:subscribe", blogId).catch(() => {});
      burst.close();
    }
    await waitFor(() => site.server.app.io.engine.clientsCount === 1, {
      what: "the burst sockets to be gone",
    });

    // A later reader comes and goes: the totals it causes are reported after the bursts left.
    const later = await site.connectReader(site.server);
    expect((await later.subscribe(blogId)).ok).toBe(true);
    await waitFor(() => lastCount(real) === 2, { what: "a count of the two real readers" });
    later.close();
    await waitFor(() => lastCount(real) === 1, { what: "the count back to the one reader" });
    expect(Math.max(...real.counts)).toBe(2);
    expect(await subscribers(blogId)).toBe(1);

    real.close();
    await waitFor(async () => (await subscribers(blogId)) === 0, {
      what: "the channel to be unsubscribed after the last reader",
    });
  });

  it("gives one subscription per socket and blog however many subscribes it sends at once", async () => {
    const { id: blogId } = await editorApi(site.server.url).createBlog("Fifty");
    const reader = await site.connectReader(site.server);
    const acks = await Promise.all(Array.from({ length: 50 }, () => reader.subscribe(blogId)));
    expect(acks.every((ack) => ack.ok)).toBe(true);
    const { seq } = await editorApi(site.server.url).post(blogId, { body: "Once" });
    const sentinel = await editorApi(site.server.url).post(blogId, { body: "Sentinel" });
    await reader.waitForEvents(2);
    expect(reader.events.map((event) => event.seq)).toEqual([seq, sentinel.seq]);
    await waitFor(() => lastCount(reader) === 1, { what: "a count of one" });
  });

  it("lets an unsubscribe sent during a pending subscribe win: no events, no channel", async () => {
    const api = editorApi(site.server.url);
    const { id: blogId } = await api.createBlog("Cancelled");
    const { id: sentinelBlog } = await api.createBlog("Sentinel");
    const reader = await site.connectReader(site.server);
    expect((await reader.subscribe(sentinelBlog)).ok).toBe(true);
    const [subscribed, unsubscribed] = await Promise.all([
      fire(reader, "blog:subscribe", blogId),
      fire(reader, "blog:unsubscribe", blogId),
    ]);
    expect(subscribed).toEqual({
      ok: false,
      error: {
        code: "subscription_cancelled",
        message:
          "The subscription was cancelled (unsubscribed or disconnected) before it completed.",
      },
    });
    expect(unsubscribed).toEqual({ ok: true, data: null });

    await api.post(blogId, { body: "Not for this socket" });
    const sentinel = await api.post(sentinelBlog, { body: "Sentinel" });
    await reader.waitForEvents(1);
    expect(reader.events.map((event) => [event.blogId, event.seq])).toEqual([
      [sentinelBlog, sentinel.seq],
    ]);
    await waitFor(async () => (await subscribers(blogId)) === 0, { what: "no channel" });
  });
});
