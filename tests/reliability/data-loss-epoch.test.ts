/**
 * Issue 9, finding A3: when Redis loses acknowledged writes (restarted from an older snapshot,
 * or flushed and the blog made again), seqs are reused. Before the fix the connected reader never
 * got the new entries (the relay dropped `seq <= last`), a new reader with an old `since` got the
 * lost entries from the relay's memory, and nothing was logged. Now every log has an epoch: the
 * relay notices the loss, gives the log a new epoch, logs a WARN with both seqs and tells its
 * readers to reload, and any `since` of the old epoch is answered with a resync.
 */
import { describe, expect, it } from "vitest";
import { textOf, type TestReader } from "../support/reader.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { captureLog, LEVEL } from "../support/log-capture.js";
import { waitFor } from "../support/wait.js";

const log = captureLog();
const site = useSite({ instances: { server: { logTo: log.logTo, env: { LOG_LEVEL: "info" } } } });
const seqsAndEpochs = (reader: TestReader) =>
  reader.events.map((event) => [event.seq, event.epoch]);

async function follow(blogId: string) {
  const reader = await site.connectReader(site.server);
  const ack = await reader.subscribe(blogId);
  if (!ack.ok || "resync" in ack.data) throw new Error("subscribe failed");
  return { reader, epoch: ack.data.epoch };
}

describe("after Redis lost acknowledged writes", () => {
  it("tells readers to reload, renews the epoch and delivers the new entries, when Redis restarts from an older snapshot", async () => {
    const api = editorApi(site.server.url);
    const { id: blogId } = await api.createBlog("Rolled back");
    const { reader, epoch } = await follow(blogId);
    for (let i = 1; i <= 3; i++) await api.post(blogId, { body: `Kept ${i}` });
    await site.redis.client().save();
    for (let i = 4; i <= 6; i++) await api.post(blogId, { body: `Lost ${i}` });
    await reader.waitForEvents(6);

    await site.redis.kill();
    await site.redis.restart();

    await waitFor(() => reader.resyncs.length > 0, { what: "a resync notice", timeoutMs: 20_000 });
    const [notice] = reader.resyncs;
    expect(notice).toEqual({ blogId, seq: 3, epoch: expect.any(String) });
    expect(notice!.epoch).not.toBe(epoch);
    const warning = log
      .atLeast(LEVEL.warn)
      .find((line) => line.blogId === blogId && line.emittedSeq === 6);
    expect(warning).toMatchObject({ level: LEVEL.warn, storedSeq: 3, reason: "ahead" });

    // The seqs 4-6 are written again, with other entries: the reader gets them, in the new epoch.
    await waitFor(async () => (await fetch(`${site.server.url}/readyz`)).ok, { what: "ready" });
    for (let i = 4; i <= 6; i++) await api.post(blogId, { body: `New ${i}` });
    await reader.waitForEvents(9);
    expect(seqsAndEpochs(reader).slice(6)).toEqual([
      [4, notice!.epoch],
      [5, notice!.epoch],
      [6, notice!.epoch],
    ]);
    expect(reader.events.slice(6).map((event) => textOf(event))).toEqual([
      "New 4",
      "New 5",
      "New 6",
    ]);

    // Whoever still holds a seq of the old epoch is told to reload, never served the lost entries.
    const late = await site.connectReader(site.server);
    for (const since of [3, 6]) {
      const ack = await late.subscribe(blogId, since, epoch);
      expect(ack).toEqual({ ok: true, data: { seq: 6, epoch: notice!.epoch, resync: true } });
    }
    const http = await fetch(
      `${site.server.url}/api/blogs/${blogId}/events?since=6&epoch=${epoch}`,
    );
    expect(http.status).toBe(410);
    expect(((await http.json()) as { error: { code: string } }).error.code).toBe("history_reset");
    const current = await fetch(
      `${site.server.url}/api/blogs/${blogId}/events?since=3&epoch=${notice!.epoch}`,
    );
    const page = (await current.json()) as { events: { entry?: { body: string } }[] };
    expect(page.events.map((event) => event.entry?.body)).toEqual(["New 4", "New 5", "New 6"]);
  });

  it("tells readers to reload when the store was emptied and the blog made again", async () => {
    const api = editorApi(site.server.url);
    const { id: blogId } = await api.createBlog("Flushed");
    const { reader, epoch } = await follow(blogId);
    for (let i = 1; i <= 3; i++) await api.post(blogId, { body: `Before ${i}` });
    await reader.waitForEvents(3);

    await site.redis.client().flushall();
    await api.createBlog("Flushed again", { id: blogId });
    const { seq } = await api.post(blogId, { body: "After 1" });

    await waitFor(() => reader.resyncs.length > 0, { what: "a resync notice" });
    expect(reader.resyncs).toEqual([{ blogId, seq, epoch: expect.any(String) }]);
    expect(reader.resyncs[0]!.epoch).not.toBe(epoch);
    const next = await api.post(blogId, { body: "After 2" });
    await reader.waitForEvents(4);
    expect(seqsAndEpochs(reader)[3]).toEqual([next.seq, reader.resyncs[0]!.epoch]);
    expect((await (await site.connectReader(site.server)).subscribe(blogId, 3, epoch)).ok).toBe(
      true,
    );
  });
});
