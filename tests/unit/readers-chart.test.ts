/**
 * The desk's chart of readers per minute: minutes nobody was counted in are zeros, a long series
 * is folded into bars that keep each span's busiest minute, the live count shows in the current
 * minute, and what the bars show is said in words and in a table.
 */
import { describe, expect, it } from "vitest";
import {
  barsOf,
  MAX_BARS,
  MIN_MINUTES,
  readersChartMarkup,
  withLiveCount,
} from "../../client/admin/readers-chart.js";
import { ENGLISH } from "../../shared/i18n/catalog.js";
import { createI18n } from "../../shared/i18n/i18n.js";
import { atMinute } from "../support/entries.js";

const i18n = createI18n({ language: "en-GB", timeZone: "UTC", messages: ENGLISH });
const ms = (iso: string) => Date.parse(iso);

describe("the bars", () => {
  it("run from the first minute to now, a minute each, with zeros where nobody was counted", () => {
    const series = [
      { minute: atMinute(0), readers: 4 },
      { minute: atMinute(2), readers: 7 },
    ];
    expect(barsOf(series, ms(atMinute(4)) + 30_000, { minMinutes: 1 })).toEqual({
      minutesPerBar: 1,
      bars: [
        { at: atMinute(0), readers: 4 },
        { at: atMinute(1), readers: 0 },
        { at: atMinute(2), readers: 7 },
        { at: atMinute(3), readers: 0 },
        { at: atMinute(4), readers: 0 },
      ],
    });
  });

  it("span at least MIN_MINUTES, so that a blog's first minutes are narrow bars", () => {
    const { bars } = barsOf([{ minute: atMinute(40), readers: 3 }], ms(atMinute(41)));
    expect(bars).toHaveLength(MIN_MINUTES);
    expect(bars[0]!.at).toBe(atMinute(41 - MIN_MINUTES + 1));
    expect(bars.map((bar) => bar.readers).filter((readers) => readers > 0)).toEqual([3]);
    expect(bars.at(-2)).toEqual({ at: atMinute(40), readers: 3 });
  });

  it("fold a long series into at most MAX_BARS bars, each its span's busiest minute", () => {
    const start = ms(atMinute(0));
    const series = Array.from({ length: 14 * 24 * 60 }, (_, i) => ({
      minute: new Date(start + i * 60_000).toISOString(),
      readers: i === 5_000 ? 900 : i % 7,
    }));
    const { bars, minutesPerBar } = barsOf(series, start + series.length * 60_000 - 1);
    expect(bars.length).toBeLessThanOrEqual(MAX_BARS);
    expect(minutesPerBar).toBe(Math.ceil(series.length / MAX_BARS));
    expect(Math.max(...bars.map((bar) => bar.readers))).toBe(900);
    expect(bars[Math.floor(5_000 / minutesPerBar)]!.readers).toBe(900);
  });

  it("are none before anyone was counted", () => {
    expect(barsOf([], Date.now())).toEqual({ bars: [], minutesPerBar: 1 });
  });
});

describe("the live count", () => {
  it("raises the current minute to it, and never lowers it (the minute keeps its most)", () => {
    const series = [{ minute: atMinute(3), readers: 5 }];
    expect(withLiveCount(series, 8, ms(atMinute(3)) + 10_000)).toEqual([
      { minute: atMinute(3), readers: 8 },
    ]);
    expect(withLiveCount(series, 2, ms(atMinute(3)) + 10_000)).toEqual(series);
  });

  it("starts the current minute when the series has not got it yet", () => {
    expect(withLiveCount([{ minute: atMinute(1), readers: 5 }], 2, ms(atMinute(3)))).toEqual([
      { minute: atMinute(1), readers: 5 },
      { minute: atMinute(3), readers: 2 },
    ]);
    expect(withLiveCount([], 0, ms(atMinute(3)))).toEqual([]);
  });
});

describe("the chart's markup", () => {
  const bars = barsOf(
    [
      { minute: atMinute(0), readers: 2 },
      { minute: atMinute(1), readers: 6 },
    ],
    ms(atMinute(2)),
    { minMinutes: 1 },
  );
  const markup = readersChartMarkup(bars, 3, i18n);

  it("draws a bar per minute, as tall as its readers, the busiest the full height", () => {
    const heights = [...markup.matchAll(/height="([\d.]+)" data-readers="(\d+)"/g)].map(
      ([, height, readers]) => [Number(readers), Number(height)],
    );
    expect(heights).toEqual([
      [2, 42.67],
      [6, 128],
      [0, 0],
    ]);
  });

  it("is a named image, with the summary in words and a table of every bar, newest first", () => {
    expect(markup).toContain('role="img" aria-labelledby="numbers-chart-title"');
    expect(markup).toContain('<title id="numbers-chart-title">Readers per minute</title>');
    expect(markup).toContain(
      "From 9:00 to 9:02: at most 6 at once, 3 now. Each bar is one minute.",
    );
    const rows = [
      ...markup.matchAll(
        /<tr><td><time datetime="([^"]+)">[^<]+<\/time><\/td><td>(\d+)<\/td><\/tr>/g,
      ),
    ];
    expect(rows.map(([, at, readers]) => [at, Number(readers)])).toEqual([
      [atMinute(2), 0],
      [atMinute(1), 6],
      [atMinute(0), 2],
    ]);
  });

  it("says so when nobody was counted yet", () => {
    expect(readersChartMarkup({ bars: [], minutesPerBar: 1 }, 0, i18n)).toBe(
      '<p class="muted">No readers counted yet.</p>',
    );
  });

  it("says how many minutes a folded bar spans", () => {
    const folded = readersChartMarkup(
      { bars: [{ at: atMinute(0), readers: 1 }], minutesPerBar: 12 },
      1,
      i18n,
    );
    expect(folded).toContain("Each bar is the busiest minute of 12 minutes.");
  });
});
