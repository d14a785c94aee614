/**
 * The embedded store's expiring map (idempotency records, sessions): expired values are gone when
 * read, and swept once a minute when written to, so keys nobody reads again do not pile up.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ExpiringMap } from "../../server/store/memory.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("ExpiringMap", () => {
  it("forgets values that expired, even those never read again, at the next write a minute on", () => {
    vi.useFakeTimers();
    const map = new ExpiringMap<string>();
    for (let i = 0; i < 1_000; i++) map.set(`key-${i}`, "entry", 10);
    map.set("long-lived", "session", 3_600);
    expect(map.size).toBe(1_001);

    vi.advanceTimersByTime(30_000);
    expect(map.get("key-1")).toBeUndefined();
    map.set("another", "entry", 10);
    // Within the minute: only the key that was read has gone.
    expect(map.size).toBe(1_001);

    vi.advanceTimersByTime(31_000);
    map.set("later", "entry", 10);
    expect(map.size).toBe(2);
    expect(map.get("long-lived")).toBe("session");
  });
});
