/**
 * Readers who do what readers do not (issue 6, row 12): editor events and unknown events are
 * ignored (nothing stored, nothing relayed to anyone), and a reader sending 10,000 messages a
 * second has its connection closed, while the other readers keep getting their events.
 */
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { READER_MESSAGE_BUDGET } from "../../server/realtime/flood-guard.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { textOf, type TestReader } from "../support/reader.js";
import { eventsBeforeSentinel } from "../support/sentinel.js";

const site = useSite({ env: { WRITES_PER_MINUTE: "1000" } });
let blogId: string;
let bystander: TestReader;
const reader = (transports?: ("websocket" | "polling")[]) =>
  site.connectReader(site.server, { transports });

beforeAll(async () => {
  blogId = (await editorApi(site.server.url).createBlog("Abuse")).id;
  bystander = await reader();
  expect((await bystander.subscribe(blogId)).ok).toBe(true);
});

type Untyped = {
  emit(event: string, ...args: unknown[]): void;
  timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
};
const untyped = (r: TestReader) => r.socket as unknown as Untyped;
const blogSeq = async () => (await request(site.server.url).get(`/api/blogs/${blogId}`)).body.seq;

/** Checks that nothing was relayed to the bystander: the next event it gets is a sentinel. */
async function expectNothingRelayedToBystander() {
  const count = bystander.events.length;
  const [before] = await eventsBeforeSentinel([bystander], (body) =>
    editorApi(site.server.url).post(blogId, { body }),
  );
  expect(before!.slice(count)).toEqual([]);
  expect(bystander.socket.connected).toBe(true);
}

describe("a reader sending what readers do not send", () => {
  it("ignores editor events, forged server events and unknown events; nothing is stored or relayed", async () => {
    const seqBefore = await blogSeq();
    const sneaky = await reader();
    expect((await sneaky.subscribe(blogId)).ok).toBe(true);
    const forged = {
      blogId,
      seq: seqBefore + 1,
      at: new Date().toISOString(),
      type: "entry.created",
      entry: {
        id: "forged",
        body: "<img src=x onerror=alert(1)>",
        html: "<script>alert(1)</script>",
      },
    };
    untyped(sneaky).emit("blog:event", forged);
    untyped(sneaky).emit("entry:create", { blogId, body: "sneaky" });
    untyped(sneaky).emit("entry:delete", { blogId, entryId: "any" });
    untyped(sneaky).emit("blog:update", { blogId, status: "ended" });
    untyped(sneaky).emit("blog:readers", { blogId, count: 1_000_000 });
    untyped(sneaky).emit("__proto__", { polluted: true });
    untyped(sneaky).emit("definitely-not-an-event", "x");

    // Still a reader in good standing: its next subscription is answered.
    const ack = await untyped(sneaky).timeout(5_000).emitWithAck("blog:unsubscribe", { blogId });
    expect(ack).toEqual({ ok: true, data: null });
    expect(await blogSeq()).toBe(seqBefore);
    const blog = await request(site.server.url).get(`/api/blogs/${blogId}`);
    expect(blog.body.status).toBe("live");
    await expectNothingRelayedToBystander();
    expect(bystander.counts).not.toContain(1_000_000);
  });

  it("lets a page subscribe to many blogs in one burst, and sends it each blog's entries", async () => {
    const api = editorApi(site.server.url);
    const blogIds: string[] = [];
    for (let i = 1; i <= 30; i++) blogIds.push((await api.createBlog(`Many ${i}`)).id);
    const busy = await reader();
    const acks = await Promise.all(blogIds.map((id) => busy.subscribe(id)));
    expect(acks).toMatchObject(blogIds.map(() => ({ ok: true, data: { seq: 0, events: [] } })));
    expect(busy.socket.connected).toBe(true);

    // Each subscription took: an entry on every blog reaches the page.
    for (const id of blogIds) await api.post(id, { body: `News on ${id}` });
    const events = await busy.waitForEvents(blogIds.length);
    expect(events.map((e) => e.blogId).sort()).toEqual([...blogIds].sort());
    expect(events.map((e) => textOf(e)).sort()).toEqual(
      blogIds.map((id) => `News on ${id}`).sort(),
    );
  });

  it.each<"websocket" | "polling">(["websocket", "polling"])(
    "closes a reader sending 10,000 messages a second over %s; the others carry on",
    async (transport) => {
      const flooder = await reader([transport]);
      const dropped = new Promise<string>((resolve) => flooder.socket.once("disconnect", resolve));
      let answered = 0;
      let sent = 0;
      // 1,000 messages every 100 ms, the same subscription each time, until it is cut off.
      while (flooder.socket.connected && sent < 10_000) {
        for (let i = 0; i < 1_000; i++)
          untyped(flooder).emit("blog:subscribe", { blogId }, () => (answered += 1));
        sent += 1_000;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await dropped).toMatch(/transport (close|error)|io server disconnect/);
      // It was cut off early: at most about one burst was ever served.
      expect(answered).toBeLessThanOrEqual(READER_MESSAGE_BUDGET.burst + 50);
      expect((await request(site.server.url).get("/livez")).status).toBe(200);
      await expectNothingRelayedToBystander();
    },
  );
});
