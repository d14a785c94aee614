/**
 * A blog's numbers on the desk (GET /api/blogs/:blogId/stats), for everyone on its desk: readers
 * now, the peak and when, distinct devices, reactions, polls, the entries that drew most
 * reactions, the chart of readers per minute (readers-chart.ts) and its CSV. While open it keeps
 * itself current: the live reader count (`blog:readers`) shows at once, in the number and in the
 * chart's current minute, and the rest is read again every REFRESH_MS, and soon after readers
 * come or go or react (at most every SOON_MS: a busy blog would otherwise ask every second).
 */
import type { BlogStats } from "../../shared/engagement.js";
import { escapeHtml } from "../../shared/html.js";
import type { I18n } from "../../shared/i18n/i18n.js";
import { REACTION_EMOJI, REACTIONS } from "../../shared/reactions.js";
import { entryPermalink } from "../../shared/share.js";
import { api } from "../common/api.js";
import { $ } from "../common/dom.js";
import type { BlogToolOptions } from "./blog-tool.js";
import { deskI18n } from "./locale.js";
import { barsOf, readersChartMarkup, withLiveCount } from "./readers-chart.js";

const REFRESH_MS = 30_000;
const SOON_MS = 5_000;

export function numbersPanelMarkup(i18n: I18n = deskI18n()): string {
  const text = (key: Parameters<I18n["t"]>[0]) => escapeHtml(i18n.t(key));
  return `<details class="blog-tool numbers" data-numbers>
<summary>${text("numbers.title")}</summary>
<dl class="numbers-grid">
<div><dt>${text("numbers.readersNow")}</dt><dd data-numbers-now>–</dd></div>
<div><dt>${text("numbers.peak")}</dt><dd data-numbers-peak>–</dd></div>
<div><dt>${text("numbers.devices")}</dt><dd data-numbers-devices>–</dd></div>
<div><dt>${text("numbers.reactions")}</dt><dd data-numbers-reactions>–</dd></div>
</dl>
<p class="hint">${text("numbers.devicesHint")}</p>
<figure class="readers-chart" data-numbers-chart></figure>
<h4>${text("numbers.polls")}</h4>
<ul class="numbers-polls" data-numbers-polls></ul>
<h4>${text("numbers.topEntries")}</h4>
<ol class="numbers-top" data-numbers-top></ol>
<p><a data-numbers-csv download>${text("numbers.download")}</a> <span class="form-status" role="status" data-numbers-status></span></p>
<p class="form-error" role="alert" data-numbers-error></p>
</details>`;
}

function reactionsMarkup(stats: BlogStats, i18n: I18n): string {
  const each = REACTIONS.map(
    (reaction) =>
      `<li><span aria-hidden="true">${REACTION_EMOJI[reaction]}</span> ` +
      `<span class="visually-hidden">${escapeHtml(i18n.t(`reaction.${reaction}`))}</span> ` +
      `${i18n.number(stats.reactions.byReaction[reaction])}</li>`,
  ).join("");
  return `<strong>${i18n.number(stats.reactions.total)}</strong> <ul class="numbers-reactions">${each}</ul>`;
}

function pollMarkup(poll: BlogStats["polls"][number], i18n: I18n): string {
  const options = poll.options
    .map(
      (option, i) =>
        `<li>${escapeHtml(option)}: ${escapeHtml(i18n.plural("poll.votes", poll.tally.counts[i] ?? 0))}</li>`,
    )
    .join("");
  const state = i18n.t(poll.open ? "numbers.pollOpen" : "numbers.pollClosed");
  return (
    `<li><strong>${escapeHtml(poll.question)}</strong> ` +
    `<span class="muted">(${escapeHtml(state)}; ${escapeHtml(i18n.plural("poll.votes", poll.tally.total))})</span>` +
    `<ul>${options}</ul></li>`
  );
}

export function createNumbersPanel(
  root: HTMLElement,
  { base, blogId, failed }: BlogToolOptions & { blogId: string },
) {
  const i18n = deskI18n();
  const details = $<HTMLDetailsElement>("[data-numbers]", root);
  const el = {
    now: $("[data-numbers-now]", details),
    peak: $("[data-numbers-peak]", details),
    devices: $("[data-numbers-devices]", details),
    reactions: $("[data-numbers-reactions]", details),
    chart: $("[data-numbers-chart]", details),
    polls: $("[data-numbers-polls]", details),
    top: $("[data-numbers-top]", details),
    csv: $<HTMLAnchorElement>("[data-numbers-csv]", details),
    status: $("[data-numbers-status]", details),
    error: $("[data-numbers-error]", details),
  };
  el.csv.href = `${base}/stats.csv`;
  let stats: BlogStats | null = null;
  /** The latest count the live connection brought, newer than the last read. */
  let live: number | undefined;
  let loadedAt = 0;
  let loading = false;
  let refresh: ReturnType<typeof setInterval> | undefined;
  let soon: ReturnType<typeof setTimeout> | undefined;

  const draw = () => {
    if (!stats) return;
    const nowMs = Date.now();
    const readersNow = live ?? stats.readersNow;
    const peak =
      readersNow > (stats.peak?.readers ?? 0)
        ? { readers: readersNow, at: new Date(nowMs).toISOString() }
        : stats.peak;
    el.now.textContent = i18n.number(readersNow);
    el.peak.innerHTML = peak
      ? escapeHtml(i18n.plural("numbers.peakValue", peak.readers, { time: "{time}" })).replace(
          "{time}",
          `<time datetime="${escapeHtml(peak.at)}">${escapeHtml(i18n.dayAndTime(peak.at))}</time>`,
        )
      : escapeHtml(i18n.t("numbers.noReaders"));
    el.devices.textContent = i18n.number(stats.distinctDevices);
    el.reactions.innerHTML = reactionsMarkup(stats, i18n);
    // The readers now are in the current minute, whether or not the store's series has it yet.
    const series = withLiveCount(stats.series, readersNow, nowMs);
    el.chart.innerHTML = readersChartMarkup(barsOf(series, nowMs), readersNow, i18n);
    el.polls.innerHTML =
      stats.polls.map((poll) => pollMarkup(poll, i18n)).join("") ||
      `<li class="muted">${escapeHtml(i18n.t("numbers.noPolls"))}</li>`;
    el.top.innerHTML =
      stats.topEntries
        .map(
          (entry) =>
            `<li><a href="${escapeHtml(entryPermalink("", blogId, entry.entryId))}">` +
            `${escapeHtml(entry.headline ?? i18n.t("numbers.noHeadline"))}</a> ` +
            `<span class="muted">${escapeHtml(i18n.plural("numbers.entryReactions", entry.reactions))}</span></li>`,
        )
        .join("") || `<li class="muted">${escapeHtml(i18n.t("numbers.noReactions"))}</li>`;
  };

  const load = async () => {
    if (loading) return;
    loading = true;
    clearTimeout(soon);
    soon = undefined;
    if (!stats) el.status.textContent = i18n.t("numbers.loading");
    try {
      stats = await api<BlogStats>(`${base}/stats`);
      // The read has the total of its moment; a later live count comes with the next one.
      live = undefined;
      loadedAt = Date.now();
      el.error.textContent = "";
      draw();
    } catch (err) {
      failed(err, el.error);
    } finally {
      el.status.textContent = "";
      loading = false;
    }
  };

  /** Reads again soon: at once if the last read is SOON_MS old, else when it will be. */
  const loadSoon = () => {
    if (!details.open || soon !== undefined) return;
    soon = setTimeout(() => void load(), Math.max(0, loadedAt + SOON_MS - Date.now()));
  };

  const stop = () => {
    clearInterval(refresh);
    clearTimeout(soon);
    refresh = soon = undefined;
  };

  details.addEventListener("toggle", () => {
    if (!details.open) return stop();
    void load();
    refresh = setInterval(() => void load(), REFRESH_MS);
  });

  return {
    /** The live reader count (`blog:readers`) changed. */
    readers(count: number) {
      live = count;
      if (!details.open) return;
      draw();
      loadSoon();
    },
    /** Readers reacted or voted (`blog:tallies`). */
    tallied: loadSoon,
    close: stop,
  };
}
