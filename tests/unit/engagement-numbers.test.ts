/**
 * The embedded store's numbers about a blog (memory-engagement.ts, hyperloglog.ts): distinct
 * devices counted without keeping them, and the readers series with its peak. The Redis store
 * keeps the same (PFADD, the presence script); the contract suite runs both through the port.
 */
import { describe, expect, it } from "vitest";
import { STATS_SERIES_MAX } from "../../shared/engagement.js";
import { HyperLogLog } from "../../server/store/hyperloglog.js";
import { newEngagementState, recordReaders } from "../../server/store/memory-engagement.js";

describe("HyperLogLog", () => {
  const counted = (devices: number, prefix = "c:device-") => {
    const log = new HyperLogLog();
    for (let i = 0; i < devices; i++) log.add(`${prefix}${i}`);
    return log.count();
  };

  it("counts nothing, one, and a few devices exactly", () => {
    expect(counted(0)).toBe(0);
    expect(counted(1)).toBe(1);
    expect(counted(100)).toBe(100);
  });

  it.each([1_000, 10_000, 100_000])(
    "estimates %i devices within 2 percent (its standard error is about 0.8)",
    (devices) => {
      expect(Math.abs(counted(devices) - devices) / devices).toBeLessThan(0.02);
    },
  );

  it("counts a device once however often it comes", () => {
    const log = new HyperLogLog();
    for (let round = 0; round < 5; round++) for (let i = 0; i < 2_000; i++) log.add(`t:${i}`);
    expect(log.count()).toBe(counted(2_000, "t:"));
  });
});

describe("the readers series", () => {
  const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 2, 29, 9, minute, second));
  const iso = (minute: number) => at(minute).toISOString();

  it("keeps the most readers seen in each minute, and the peak with its time", () => {
    const state = newEngagementState();
    recordReaders(state, 4, at(0, 5));
    recordReaders(state, 9, at(0, 30));
    recordReaders(state, 2, at(0, 59));
    recordReaders(state, 3, at(1, 0));
    expect(state.series).toEqual([
      { minute: iso(0), readers: 9 },
      { minute: iso(1), readers: 3 },
    ]);
    expect(state.peak).toEqual({ readers: 9, at: at(0, 30).toISOString() });
  });

  it("begins with the first reader, then keeps minutes when everyone left", () => {
    const state = newEngagementState();
    recordReaders(state, 0, at(0));
    expect([state.series, state.peak]).toEqual([[], null]);
    recordReaders(state, 1, at(1));
    recordReaders(state, 0, at(2));
    expect(state.series).toEqual([
      { minute: iso(1), readers: 1 },
      { minute: iso(2), readers: 0 },
    ]);
  });

  it(`keeps at most STATS_SERIES_MAX (${STATS_SERIES_MAX}) minutes, dropping the oldest`, () => {
    const state = newEngagementState();
    const start = at(0).getTime();
    for (let i = 0; i <= STATS_SERIES_MAX; i++)
      recordReaders(state, 1 + (i % 7), new Date(start + i * 60_000));
    expect(state.series).toHaveLength(STATS_SERIES_MAX);
    expect(state.series[0]?.minute).toBe(iso(1));
    expect(state.peak).toEqual({ readers: 7, at: at(6).toISOString() });
  });
});
