/**
 * Readers who go away and come back (issue 6, rows 5 and 6). A reader that was offline
 * resubscribes with `since` = the last seq it applied and gets exactly what it missed, once,
 * in order; when that is older than the kept log it is told to resync and given no events at
 * all, never a partial replay. Time offline plays no part in the server (no session state is
 * kept for a reader), so "30 s offline" is a disconnect with posts made meanwhile.
 * Runs on Redis and in embedded mode: both stores promise the same.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import type { ReaderLiveEvent } from "../../shared/schemas.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";
import { textOf } from "../support/reader.js";

const HISTORY_LIMIT = 10;

describe.each([["Redis"], ["embedded"]])("a reader offline for a while (%s store)", (kind) => {
  const site = useSite({
    redis: kind === "Redis" ? {} : false,
    env: { HISTORY_LIMIT: String(HISTORY_LIMIT), WRITES_PER_MINUTE: "1000" },
  });

  const api = () => request(site.server.url);
  let counter = 0;
  const newBlog = async () => (await editorApi(site.server.url).createBlog(`Away ${++counter}`)).id;
  const post = (blogId: string, body: string) => editorApi(site.server.url).post(blogId, { body });
  async function reader(blogId: string, since?: number) {
    const r = await site.connectReader(site.server);
    const ack = await r.subscribe(blogId, since);
    if (!ack.ok) throw new Error(`subscribe failed: ${ack.error.message}`);
    return { r, ack: ack.data };
  }
  const seqs = (events: ReaderLiveEvent[]) => events.map((e) => e.seq);

  it("gets what it missed (creations, an edit, a deletion) once, in order, then live events", async () => {
    const blogId = await newBlog();
    const first = await reader(blogId);
    const kept = await post(blogId, "seen 1");
    await post(blogId, "seen 2");
    const applied = (await first.r.waitForEvents(2)).at(-1)!.seq;
    first.r.close();

    // While it is away: three posts, an edit and a deletion.
    for (let i = 1; i <= 3; i++) await post(blogId, `missed ${i}`);
    const edited = await api()
      .patch(`/api/blogs/${blogId}/entries/${kept.id}`)
      .set(bearer)
      .send({ version: kept.version, body: "seen 1, corrected" });
    expect(edited.status).toBe(200);
    expect((await api().delete(`/api/blogs/${blogId}/entries/${kept.id}`).set(bearer)).status).toBe(
      204,
    );

    const back = await reader(blogId, applied);
    expect("events" in back.ack && seqs(back.ack.events)).toEqual([3, 4, 5, 6, 7]);
    const events = "events" in back.ack ? back.ack.events : [];
    expect(events.map((e) => e.type)).toEqual([
      "entry.created",
      "entry.created",
      "entry.created",
      "entry.updated",
      "entry.deleted",
    ]);
    expect(textOf(events[3]!)).toBe("seen 1, corrected");
    expect(events[4]!.entryId).toBe(kept.id);
    expect(back.ack.seq).toBe(7);

    // Then it is live again, and nothing it already has comes twice.
    await post(blogId, "live again");
    expect(seqs(await back.r.waitForEvents(1))).toEqual([8]);
    const listed = await api().get(`/api/blogs/${blogId}/events?since=${applied}`);
    expect(seqs(listed.body.events)).toEqual([...seqs(events), 8]);
  });

  it("is told to resync, with no events, when it missed more than the kept log; one less is replayed whole", async () => {
    const blogId = await newBlog();
    const first = await reader(blogId);
    await post(blogId, "seen");
    await first.r.waitForEvents(1);
    first.r.close();
    for (let i = 1; i <= HISTORY_LIMIT + 2; i++) await post(blogId, `missed ${i}`);
    const latest = 1 + HISTORY_LIMIT + 2;
    const oldestKept = latest - HISTORY_LIMIT + 1;

    const late = await reader(blogId, 1);
    expect(late.ack).toEqual({ seq: latest, epoch: expect.any(String), resync: true });
    const http = await api().get(`/api/blogs/${blogId}/events?since=1`);
    expect(http.status).toBe(410);
    expect(http.body.error.code).toBe("history_expired");
    expect(http.body.error.details).toEqual([{ seq: latest, epoch: late.ack.epoch }]);

    // At the edge of the kept log the replay is complete, not a resync.
    const edge = await reader(blogId, oldestKept - 1);
    expect("events" in edge.ack && seqs(edge.ack.events)).toEqual(
      Array.from({ length: HISTORY_LIMIT }, (_, i) => oldestKept + i),
    );
  });
});
