/**
 * An entry's poll and reactions as every page draws them (shared/engagement-markup.ts): options
 * as buttons until this device voted or the poll closed, then results (a bar, the share and the
 * count of each option, this device's choice marked), in the blog's language and zone; buttons
 * disabled in the server's HTML (nothing could happen without JavaScript) and live once the
 * client takes over; the embed's line about cookies.
 */
import { describe, expect, it } from "vitest";
import { noEngagement, type EntryEngagement } from "../../shared/engagement-model.js";
import {
  renderPoll,
  renderReactions,
  type EngagementMode,
} from "../../shared/engagement-markup.js";
import { createI18n } from "../../shared/i18n/i18n.js";
import { noReactions } from "../../shared/reactions.js";
import { renderEntry } from "../../shared/render.js";
import type { Poll } from "../../shared/schemas.js";
import { englishI18n, localeOf } from "../../server/i18n/locales.js";
import { talksBegin } from "../support/entries.js";

const en = englishI18n();
const now = Date.parse("2026-03-29T15:00:00Z");
const poll = (over: Partial<Poll> = {}): Poll => ({
  id: "pollAAAA1111",
  question: "Who <wins>?",
  options: ["Ana & co", "Bo"],
  closesAt: null,
  closedAt: null,
  ...over,
});
const entry = (over: Partial<Poll> = {}) => talksBegin({ poll: poll(over) });
const view = (mode: EngagementMode, over: Partial<EntryEngagement> = {}, cookieless = false) => ({
  mode,
  nowMs: now,
  entry: { ...noEngagement(), ...over },
  cookieless,
});
const counted = { tally: { pollId: "pollAAAA1111", counts: [3, 1], total: 4 } };
const buttons = (html: string) => [...html.matchAll(/<button[^>]*>/g)].map((m) => m[0]);

describe("a poll", () => {
  it("offers its options as buttons, disabled in the server's HTML and live on the client", () => {
    const page = renderPoll(entry(), view("page"), en);
    expect(page).toContain('role="group" aria-labelledby="poll-e1-question"');
    expect(page).toContain('<p class="poll-question" id="poll-e1-question">Who &lt;wins&gt;?</p>');
    expect(buttons(page)).toEqual([
      '<button type="button" class="poll-option" data-option="0" disabled>',
      '<button type="button" class="poll-option" data-option="1" disabled>',
    ]);
    expect(page).toContain(">Ana &amp; co</button>");
    // No results before voting: nothing to sway the vote.
    expect(page).not.toContain("poll-bars");

    const live = renderPoll(entry(), view("live", counted), en);
    expect(buttons(live)[0]).toBe('<button type="button" class="poll-option" data-option="0">');
    expect(live).not.toContain("poll-bars");
    const voting = renderPoll(entry(), view("live", { voting: true }), en);
    expect(buttons(voting)[0]).toContain('aria-disabled="true"');
  });

  it("shows results once this device voted: bars, shares, counts and its own choice", () => {
    const html = renderPoll(entry(), view("live", { ...counted, myVote: 0 }), en);
    expect(html).not.toContain("<button");
    expect(html).toContain(
      '<li class="poll-result is-mine"><span class="poll-result-text">' +
        '<span class="poll-result-option">Ana &amp; co</span><span class="poll-mine">your vote</span>' +
        '<span class="poll-result-figure">75% (3 votes)</span></span>' +
        '<span class="poll-bar" aria-hidden="true"><span class="poll-bar-fill" style="width:75%"></span></span></li>',
    );
    expect(html).toContain('<span class="poll-result-figure">25% (1 vote)</span>');
    expect(html).toContain('<p class="poll-foot">4 votes</p>');
  });

  it("shows results to everyone once closed, now or by its closing time, and says it is closed", () => {
    for (const closed of [
      { closedAt: "2026-03-29T14:59:00.000Z" },
      { closesAt: "2026-03-29T14:00:00.000Z" },
    ]) {
      const html = renderPoll(entry(closed), view("page", counted), en);
      expect(html).toContain("poll-bars");
      expect(html).toContain('<p class="poll-foot">4 votes · Poll closed</p>');
    }
    // The server refused a vote as closed before the entry's event said so.
    const refused = renderPoll(entry(), view("live", { refusedClosed: true }), en);
    expect(refused).toContain("Poll closed");
    expect(refused).toContain('<span class="poll-result-figure">0% (0 votes)</span>');
  });

  it("tells when it closes, in the blog's language and zone", () => {
    const istanbul = createI18n(localeOf({ language: "de", timeZone: "Europe/Istanbul" }));
    const html = renderPoll(
      entry({ closesAt: "2026-03-29T18:30:00.000Z" }),
      view("live"),
      istanbul,
    );
    expect(html).toMatch(
      /<p class="poll-foot">Endet am <time datetime="2026-03-29T18:30:00.000Z" title="[^"]+">29\. März, 21:30<\/time><\/p>/,
    );
  });

  it("always shows editors the results on the desk", () => {
    const html = renderPoll(entry(), view("desk", counted), en);
    expect(html).toContain("poll-bars");
    expect(html).not.toContain("<button");
  });

  it("says in the embed that votes are counted without cookies", () => {
    expect(renderPoll(entry(), view("live", {}, true), en)).toContain(
      '<p class="poll-note">Votes are counted once per browser, without cookies.</p>',
    );
    expect(renderPoll(entry(), view("live"), en)).not.toContain("poll-note");
  });

  it("speaks right-to-left languages with their own digits and plural forms", () => {
    const fa = createI18n(localeOf({ language: "fa", timeZone: "Asia/Tehran" }));
    const html = renderPoll(entry(), view("live", { ...counted, myVote: 1 }), fa);
    expect(html).toContain('<span class="poll-mine">رأی شما</span>');
    expect(html).toContain("۷۵٪ (۳ رأی)");
    const ar = createI18n(localeOf({ language: "ar", timeZone: "Asia/Riyadh" }));
    const arabic = renderPoll(entry(), view("desk", counted), ar);
    expect(arabic).toContain("(صوت واحد)");
    expect(arabic).toContain('<p class="poll-foot">4 أصوات</p>');
  });

  it("leaves an entry without a poll without one", () => {
    expect(renderPoll(talksBegin(), view("live"), en)).toBe("");
  });

  it("keeps the notice of the reader's own action, in a status region that is always there", () => {
    expect(renderPoll(entry(), view("live"), en)).toContain(
      '<p class="poll-notice" role="status"></p>',
    );
    expect(renderPoll(entry(), view("live", { pollNotice: "poll.rateLimited" }), en)).toContain(
      '<p class="poll-notice" role="status">Too many votes from your connection: try again in a minute.</p>',
    );
  });
});

describe("the reactions bar", () => {
  it("is a group of toggle buttons named in the page's language, with counts above zero", () => {
    const html = renderReactions(
      "e1",
      view("live", {
        reactions: { ...noReactions(), like: 12, love: 1 },
        myReactions: ["love"],
        reacting: ["love"],
      }),
      en,
    );
    expect(html).toContain(
      '<div class="reactions" data-reactions="e1" role="group" aria-label="Reactions">',
    );
    expect(buttons(html)).toEqual([
      '<button type="button" class="reaction" data-reaction="like" title="Like" aria-pressed="false">',
      '<button type="button" class="reaction" data-reaction="love" title="Love" aria-pressed="true" aria-disabled="true">',
      '<button type="button" class="reaction" data-reaction="wow" title="Surprised" aria-pressed="false">',
      '<button type="button" class="reaction" data-reaction="sad" title="Sad" aria-pressed="false">',
      '<button type="button" class="reaction" data-reaction="clap" title="Applause" aria-pressed="false">',
    ]);
    expect(html).toContain(
      '<span class="reaction-emoji" aria-hidden="true">👍</span><span class="visually-hidden">Like</span> <span class="reaction-count">12</span>',
    );
    expect(html).toContain(
      '<span class="visually-hidden">Sad</span> <span class="reaction-count"></span>',
    );
  });

  it("is disabled without pressed states in the server's HTML and on the desk", () => {
    for (const mode of ["page", "desk"] as const) {
      const html = renderReactions("e1", view(mode), en);
      expect(
        buttons(html).every((b) => b.endsWith(" disabled>")),
        mode,
      ).toBe(true);
      expect(html).not.toContain("aria-pressed");
    }
  });
});

it("puts the poll after the entry's text and the reactions after its byline", () => {
  const html = renderEntry(entry(), en, view("live"));
  const order = ["entry-body", 'class="poll"', "entry-byline", 'class="reactions"'].map((part) =>
    html.indexOf(part),
  );
  expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
});
