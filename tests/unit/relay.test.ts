/**
 * The relay against the embedded store and a bus the test drives by hand, so that what the relay
 * "missed" is exact: a gap it replays, a gap too long to replay (readers reload instead), and the
 * byte bound of the events it keeps for subscribe acks.
 */
import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import type { ResyncNotice } from "../../shared/events.js";
import type { LiveEvent } from "../../shared/schemas.js";
import { createRelay, RECENT_BYTES, REPLAY_MAX } from "../../server/realtime/relay.js";
import { createMemoryStore } from "../../server/store/memory.js";
import { eventBytes, type LiveBus, type Store } from "../../server/store/port.js";
import { newBlogRecord } from "../support/entries.js";

/** A bus that delivers nothing by itself: the test hands events over and says when it "reconnected". */
function handBus() {
  const events: ((event: LiveEvent) => void)[] = [];
  const resumes: (() => void)[] = [];
  const bus: LiveBus & { deliver(event: LiveEvent): void; reconnect(): void } = {
    subscribe: async () => {},
    unsubscribe: async () => {},
    isListening: () => true,
    onEvent: (listener) => void events.push(listener),
    onResume: (listener) => void resumes.push(listener),
    deliver: (event) => events.forEach((listener) => listener(event)),
    reconnect: () => resumes.forEach((listener) => listener()),
  };
  return bus;
}

let store: Store;
let bus: ReturnType<typeof handBus>;
let emitted: LiveEvent[];
let notices: ResyncNotice[];
let relay: ReturnType<typeof createRelay>;
const at = new Date(Date.UTC(2026, 10, 29)).toISOString();

beforeEach(async () => {
  store = createMemoryStore({ historyLimit: 1_000 });
  bus = handBus();
  emitted = [];
  notices = [];
  relay = createRelay({
    bus,
    blogs: store.blogs,
    emit: (event) => emitted.push(event),
    resync: (notice) => notices.push(notice),
    log: pino({ level: "silent" }),
  });
  await store.blogs.createBlog({ ...newBlogRecord("b", at), title: "B" });
});

async function post(count: number, body = "Short") {
  const entries = [];
  for (let i = 0; i < count; i++) {
    const { entry } = await store.blogs.createEntry("b", {
      id: `e${Math.random().toString(36).slice(2)}`,
      blogId: "b",
      createdAt: at,
      author: { name: "a" },
      authors: [{ name: "a", displayName: "a" }],
      status: "published",
      publishAt: null,
      headline: null,
      body,
      html: body,
      pinned: false,
      keyEvent: false,
    });
    entries.push(entry);
  }
  return entries;
}
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe("the relay after a reconnect", () => {
  it(`replays up to ${REPLAY_MAX} missed events to its readers, in order, once`, async () => {
    await relay.join("b");
    await post(REPLAY_MAX);
    bus.reconnect();
    await settle();
    expect(emitted.map((event) => event.seq)).toEqual(
      Array.from({ length: REPLAY_MAX }, (_, i) => i + 1),
    );
    expect(notices).toEqual([]);
  });

  it(`tells its readers to reload, replaying nothing, when they missed more than ${REPLAY_MAX}`, async () => {
    await relay.join("b");
    await post(REPLAY_MAX + 1);
    bus.reconnect();
    await settle();
    expect(emitted).toEqual([]);
    const { epoch } = (await store.blogs.position("b"))!;
    expect(notices).toEqual([{ blogId: "b", seq: REPLAY_MAX + 1, epoch }]);
    // And goes on live from there.
    const [next] = await post(1);
    const read = await store.blogs.readLog("b", { since: next!.seq - 1, limit: 1 });
    if ("events" in read) bus.deliver(read.events[0]!);
    await settle();
    expect(emitted.map((event) => event.seq)).toEqual([REPLAY_MAX + 2]);
  });
});

describe("the events the relay keeps for subscribe acks", () => {
  it(`hold at most ${RECENT_BYTES / 1024} KB, the newest`, async () => {
    await relay.join("b");
    const body = "x".repeat(15_000);
    await post(30, body);
    const read = await store.blogs.readLog("b", { since: 0, limit: 100 });
    if (!("events" in read)) throw new Error("expected events");
    for (const event of read.events) bus.deliver(event);
    await settle();
    expect(emitted).toHaveLength(30);
    let oldestKept = 30;
    while (oldestKept > 1 && relay.eventsSince("b", oldestKept - 2) !== null) oldestKept -= 1;
    const kept = relay.eventsSince("b", oldestKept - 1)!;
    expect(kept.at(-1)?.seq).toBe(30);
    expect(kept.reduce((sum, event) => sum + eventBytes(event), 0)).toBeLessThanOrEqual(
      RECENT_BYTES,
    );
    expect(kept.length).toBeLessThan(30);
    expect(relay.eventsSince("b", 0)).toBeNull();
  });
});
