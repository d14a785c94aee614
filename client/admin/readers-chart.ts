/**
 * The desk's chart of readers per minute: an inline SVG of bars, with its text alternative (a
 * summary and a table) for those who do not see it. DOM-free (markup strings), so that it is
 * drawn the same wherever it is tested.
 *
 * The series has a minute only where someone was counted; a minute without one had nobody
 * reading, so it is a zero here. A long series (up to 14 days) is folded into at most MAX_BARS
 * bars, each the busiest minute of its span: the peaks a newsroom looks for stay visible.
 */
import type { ReaderMinute } from "../../shared/engagement.js";
import { escapeHtml } from "../../shared/html.js";
import type { I18n } from "../../shared/i18n/i18n.js";

export const MAX_BARS = 120;
/** The shortest span drawn: a blog's first minutes are narrow bars, not one block. */
export const MIN_MINUTES = 30;
const MINUTE = 60_000;
const WIDTH = 600;
const HEIGHT = 130;
/** The bars' height; the axis line under them. */
const PLOT_HEIGHT = 128;

/** One bar: the minute it starts at (ISO), and the most readers in any minute of its span. */
export interface Bar {
  at: string;
  readers: number;
}

export interface Bars {
  bars: Bar[];
  /** Minutes each bar spans (1 unless the series was folded). */
  minutesPerBar: number;
}

/** The minute `ms` falls in, as ms. */
const minuteStart = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

/**
 * The series from its first minute (or `minMinutes` before `nowMs`, if that is earlier) to
 * `nowMs`, folded into at most `maxBars` bars.
 */
export function barsOf(
  series: readonly ReaderMinute[],
  nowMs: number,
  { maxBars = MAX_BARS, minMinutes = MIN_MINUTES } = {},
): Bars {
  const first = series[0];
  if (!first) return { bars: [], minutesPerBar: 1 };
  const end = Math.max(Date.parse(series.at(-1)!.minute), minuteStart(nowMs));
  const start = Math.min(Date.parse(first.minute), end - (minMinutes - 1) * MINUTE);
  const minutes = (end - start) / MINUTE + 1;
  const minutesPerBar = Math.ceil(minutes / maxBars);
  const bars: Bar[] = Array.from({ length: Math.ceil(minutes / minutesPerBar) }, (_, i) => ({
    at: new Date(start + i * minutesPerBar * MINUTE).toISOString(),
    readers: 0,
  }));
  for (const { minute, readers } of series) {
    const bar = bars[Math.floor((Date.parse(minute) - start) / MINUTE / minutesPerBar)];
    if (bar && readers > bar.readers) bar.readers = readers;
  }
  return { bars, minutesPerBar };
}

/**
 * The series with the live count in the current minute: a count the desk hears between two
 * reads of the numbers shows at once, as the store will keep it (the most seen in the minute).
 */
export function withLiveCount(
  series: readonly ReaderMinute[],
  readers: number,
  nowMs: number,
): ReaderMinute[] {
  const minute = new Date(minuteStart(nowMs)).toISOString();
  const last = series.at(-1);
  if (last?.minute === minute)
    return [...series.slice(0, -1), { minute, readers: Math.max(last.readers, readers) }];
  if (readers === 0 && !last) return [...series];
  return [...series, { minute, readers }];
}

/** A time on the chart: the clock within a day, the day too over longer spans. */
const timeOf = (i18n: I18n, iso: string, long: boolean) =>
  long ? i18n.dayAndTime(iso) : i18n.clock(iso);

/** The figure: the SVG (role img, titled and described), its summary, and the table of bars. */
export function readersChartMarkup(
  { bars, minutesPerBar }: Bars,
  readersNow: number,
  i18n: I18n,
): string {
  if (bars.length === 0) return `<p class="muted">${escapeHtml(i18n.t("numbers.chartEmpty"))}</p>`;
  const long = bars.length * minutesPerBar > 20 * 60;
  const max = Math.max(...bars.map((bar) => bar.readers));
  const scale = max > 0 ? PLOT_HEIGHT / max : 0;
  const width = WIDTH / bars.length;
  const gap = width > 4 ? 1 : 0;
  const label = (bar: Bar) => `${timeOf(i18n, bar.at, long)}: ${i18n.number(bar.readers)}`;
  const rects = bars
    .map((bar, i) => {
      const height = bar.readers * scale;
      return (
        `<rect x="${(i * width).toFixed(2)}" y="${(PLOT_HEIGHT - height).toFixed(2)}" ` +
        `width="${(width - gap).toFixed(2)}" height="${height.toFixed(2)}" data-readers="${bar.readers}">` +
        `<title>${escapeHtml(label(bar))}</title></rect>`
      );
    })
    .join("");
  const startText = timeOf(i18n, bars[0]!.at, long);
  const endText = timeOf(i18n, bars.at(-1)!.at, long);
  const summary =
    i18n.t("numbers.chartSummary", {
      start: startText,
      end: endText,
      max,
      now: readersNow,
    }) +
    " " +
    i18n.plural("numbers.chartBars", minutesPerBar);
  const rows = [...bars]
    .reverse()
    .map(
      (bar) =>
        `<tr><td><time datetime="${bar.at}">${escapeHtml(timeOf(i18n, bar.at, long))}</time></td>` +
        `<td>${i18n.number(bar.readers)}</td></tr>`,
    )
    .join("");
  // The summary under it says in words what the bars show: the image is only named.
  return `<svg class="readers-chart-svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="numbers-chart-title" preserveAspectRatio="none">
<title id="numbers-chart-title">${escapeHtml(i18n.t("numbers.chartTitle"))}</title>
<line class="chart-axis" x1="0" y1="${PLOT_HEIGHT + 0.5}" x2="${WIDTH}" y2="${PLOT_HEIGHT + 0.5}"></line>
<g class="chart-bars">${rects}</g>
</svg>
<p class="chart-scale" aria-hidden="true"><span>${escapeHtml(startText)}</span><span>${escapeHtml(endText)}</span></p>
<p class="chart-summary" data-chart-summary>${escapeHtml(summary)}</p>
<details class="chart-table"><summary>${escapeHtml(i18n.t("numbers.chartTable"))}</summary>
<table><thead><tr><th scope="col">${escapeHtml(i18n.t("numbers.minute"))}</th><th scope="col">${escapeHtml(i18n.t("numbers.readers"))}</th></tr></thead>
<tbody>${rows}</tbody></table></details>`;
}
