import { describe, expect, it } from "vitest";
import { addressOf, optionOf, tallyRates, voteMoment } from "../../bench/load/votes.js";
import { counterValue } from "../../bench/metrics.js";

describe("the benchmark's vote storm", () => {
  it("spreads any block of readers evenly over the window", () => {
    // A generator's readers are a contiguous block: each tenth of the window gets its tenth.
    const moments = Array.from({ length: 2_500 }, (_, i) => voteMoment(5_000 + i));
    for (let tenth = 0; tenth < 10; tenth++) {
      const inIt = moments.filter((m) => m >= tenth / 10 && m < (tenth + 1) / 10).length;
      expect(inIt).toBeGreaterThanOrEqual(245);
      expect(inIt).toBeLessThanOrEqual(255);
    }
    expect(Math.min(...moments)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...moments)).toBeLessThan(1);
  });

  it("picks options 40/30/20/10 % of the time among 4, and only existing ones", () => {
    const picks = [0, 0, 0, 0];
    for (let g = 0; g < 10_000; g++) picks[optionOf(g, 4)]! += 1;
    expect(picks.map((n) => Math.round(n / 100))).toEqual([40, 30, 20, 10]);
    for (let g = 0; g < 1_000; g++) expect(optionOf(g, 2)).toBeLessThan(2);
  });

  it("gives every reader of a run an address of its own", () => {
    const addresses = new Set(Array.from({ length: 70_000 }, (_, g) => addressOf(g)));
    expect(addresses.size).toBe(70_000);
    expect(addressOf(0)).toBe("10.0.0.1");
    expect(addressOf(65_535)).toBe("10.1.0.0");
  });

  it("rates a reader's tallies: per second from first to last, most within 1 s, shortest gap", () => {
    expect(tallyRates([1_000, 2_000, 3_000, 4_000])).toEqual({
      perSecond: 1,
      most: 1,
      minGapMs: 1_000,
    });
    // A late tick followed by an on-time one: two within a second.
    expect(tallyRates([1_000, 2_300, 3_000])).toEqual({ perSecond: 1, most: 2, minGapMs: 700 });
    expect(tallyRates([5_000, 5_400, 5_500])).toEqual({ perSecond: 4, most: 3, minGapMs: 100 });
    expect(tallyRates([1_000])).toEqual({ perSecond: Number.NaN, most: 1, minGapMs: Number.NaN });
    expect(tallyRates([])).toEqual({ perSecond: Number.NaN, most: 0, minGapMs: Number.NaN });
  });
});

describe("a Prometheus counter as the benchmark reads it", () => {
  const text = [
    "# HELP liveblog_tally_broadcasts_total Tallies sent.",
    "# TYPE liveblog_tally_broadcasts_total counter",
    'liveblog_tally_broadcasts_total{blog="a"} 7',
    'liveblog_tally_broadcasts_total{blog="b"} 5 1796047578695',
    "liveblog_tally_broadcasts_totally 100",
    "",
  ].join("\n");

  it("sums its label sets and ignores other metrics whose names begin alike", () => {
    expect(counterValue(text, "liveblog_tally_broadcasts_total")).toBe(12);
    expect(counterValue("liveblog_x_total 3\n", "liveblog_x_total")).toBe(3);
  });

  it("is null when the exposition lacks it", () => {
    expect(counterValue(text, "liveblog_other_total")).toBeNull();
  });
});
