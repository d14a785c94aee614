/**
 * The catch-up reads of sockets and GET /events: identical questions asked while one is being
 * answered share that answer, and what the relay keeps in memory is served without a read.
 */
import { describe, expect, it } from "vitest";
import type { LiveEvent } from "../../shared/schemas.js";
import { catchUpBudget, createCatchUp } from "../../server/realtime/catch-up.js";
import type { Relay } from "../../server/realtime/relay.js";
import type { BlogStore, LogQuery, LogRead } from "../../server/store/port.js";

const event = (seq: number): LiveEvent => ({
  blogId: "b",
  seq,
  epoch: "e1",
  at: new Date(0).toISOString(),
  type: "entry.deleted",
  entryId: `x${seq}`,
});

/** A store whose log reads wait until the test answers them, counting each. */
function slowLog() {
  const waiting: ((read: LogRead) => void)[] = [];
  const store = {
    reads: [] as LogQuery[],
    readLog(_blogId: string, query: LogQuery) {
      store.reads.push(query);
      return new Promise<LogRead>((resolve) => waiting.push(resolve));
    },
    answer(read: LogRead) {
      for (const resolve of waiting.splice(0)) resolve(read);
    },
  };
  return store;
}

const relayKeeping = (events: LiveEvent[] | null, seq: number) =>
  ({
    eventsSince: () => events,
    position: () => ({ seq, epoch: "e1" }),
  }) as unknown as Relay;

describe("catch-up", () => {
  it("serves a hundred identical concurrent questions with one log read", async () => {
    const store = slowLog();
    const catchUp = createCatchUp({
      relay: relayKeeping(null, 0),
      blogs: store as unknown as BlogStore,
      budget: catchUpBudget(8 * 1024 * 1024),
    });
    const query = { since: 0, limit: 100 };
    const answers = Array.from({ length: 100 }, () => catchUp.page("b", query));
    const other = catchUp.page("b", { since: 1, limit: 100 });
    const read: LogRead = { seq: 2, epoch: "e1", events: [event(1), event(2)], more: false };
    store.answer(read);
    expect(await Promise.all(answers)).toEqual(Array(100).fill(read));
    await other;
    expect(store.reads).toEqual([query, { since: 1, limit: 100 }]);
    // Once answered, the next question is asked again: nothing stale is kept.
    const later = catchUp.page("b", query);
    store.answer(read);
    await later;
    expect(store.reads).toHaveLength(3);
  });

  it("answers from the relay's kept events without reading the log", async () => {
    const store = slowLog();
    const kept = [event(4), event(5)];
    const catchUp = createCatchUp({
      relay: relayKeeping(kept, 5),
      blogs: store as unknown as BlogStore,
      budget: catchUpBudget(8 * 1024 * 1024),
    });
    expect(await catchUp.page("b", { since: 3, limit: 100 })).toEqual({
      seq: 5,
      epoch: "e1",
      events: kept,
      more: false,
    });
    expect(store.reads).toEqual([]);
  });
});

describe("catch-up budget", () => {
  it("refuses new distinct reads once the instance's byte budget is spent, until it refills", async () => {
    const store = slowLog();
    const catchUp = createCatchUp({
      relay: relayKeeping(null, 0),
      blogs: store as unknown as BlogStore,
      budget: { bytesPerSecond: 1, burst: 1_000 },
    });
    const first = catchUp.page("b", { since: 0, limit: 100 });
    store.answer({
      seq: 9,
      epoch: "e1",
      events: [event(1), event(2), event(3), event(4)],
      more: false,
    });
    await first;
    // Four events of ~256 bytes each spent the 1,000 bytes: a new question is refused...
    expect(catchUp.page("b", { since: 1, limit: 100 })).toBeNull();
    // ...while the same question as one in flight would still share it (none is in flight here).
    expect(store.reads).toHaveLength(1);
  });
});
