/**
 * When a room hears a new reader count: a small room every change, a large room only a change a
 * reader would notice, or a stale number after a while (tests/integration/reader-counts.test.ts
 * shows the same with real sockets).
 */
import { describe, expect, it } from "vitest";
import {
  LARGE_ROOM_CHANGE,
  LARGE_ROOM_READERS,
  LARGE_ROOM_REFRESH_MS,
  shouldSendCount,
} from "../../server/realtime/reader-counts.js";

describe("reader count sends", () => {
  it("sends the first count a room gets, whatever its size", () => {
    expect(shouldSendCount(undefined, 1, 0)).toBe(true);
    expect(shouldSendCount(undefined, 50_000, 0)).toBe(true);
  });

  it("never sends an unchanged count, however long ago it was sent", () => {
    expect(shouldSendCount({ count: 7, at: 0 }, 7, 60_000)).toBe(false);
    expect(shouldSendCount({ count: 5_000, at: 0 }, 5_000, 60_000)).toBe(false);
  });

  it("sends every change to a small room at once", () => {
    expect(shouldSendCount({ count: 1, at: 0 }, 2, 1)).toBe(true);
    expect(shouldSendCount({ count: LARGE_ROOM_READERS, at: 0 }, LARGE_ROOM_READERS + 1, 1)).toBe(
      true,
    );
  });

  it("holds back a large room's small changes until they add up to 5 %", () => {
    const last = { count: 2_000, at: 0 };
    expect(LARGE_ROOM_CHANGE * last.count).toBe(100);
    expect(shouldSendCount(last, 2_001, 1_000)).toBe(false);
    expect(shouldSendCount(last, 2_099, 1_000)).toBe(false);
    expect(shouldSendCount(last, 1_901, 1_000)).toBe(false);
    expect(shouldSendCount(last, 2_100, 1_000)).toBe(true);
    expect(shouldSendCount(last, 1_900, 1_000)).toBe(true);
  });

  it("sends a large room's changed count once the last send is 10 s old", () => {
    const last = { count: 2_000, at: 5_000 };
    expect(shouldSendCount(last, 2_001, 5_000 + LARGE_ROOM_REFRESH_MS - 1)).toBe(false);
    expect(shouldSendCount(last, 2_001, 5_000 + LARGE_ROOM_REFRESH_MS)).toBe(true);
  });

  it("sends at once when a large room empties down to a small one", () => {
    expect(shouldSendCount({ count: LARGE_ROOM_READERS + 1, at: 0 }, 3, 1)).toBe(true);
  });
});
