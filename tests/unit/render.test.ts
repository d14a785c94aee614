import { describe, expect, it } from "vitest";
import { renderReactions } from "../../shared/engagement-markup.js";
import { noEngagement } from "../../shared/engagement-model.js";
import { escapeHtml, excerpt, jsonForScript, plainText } from "../../shared/html.js";
import { entryIdFromHash, entryTitle, renderEntry, renderKeyEvent } from "../../shared/render.js";
import { formatUtc, formatUtcClock } from "../../shared/time.js";
import { englishI18n, localeOf } from "../../server/i18n/locales.js";
import { createI18n } from "../../shared/i18n/i18n.js";
import { talksBegin } from "../support/entries.js";

const en = englishI18n();
const inIstanbul = (language: string) =>
  createI18n(localeOf({ language, timeZone: "Europe/Istanbul" }));

const entry = talksBegin;

describe("renderEntry", () => {
  it("renders headline, time in the blog's zone, permalink, body HTML and author as one article", () => {
    expect(renderEntry(entry(), en)).toBe(
      '<article class="entry" id="entry-e1" data-version="1" tabindex="-1">' +
        '<p class="entry-meta"><a class="entry-time" href="#entry-e1" title="Link to this update">' +
        '<time class="ago" datetime="2026-03-29T14:05:09.000Z" data-ago></time>' +
        '<time datetime="2026-03-29T14:05:09.000Z" title="Sunday, March 29, 2026 at 2:05:09 PM UTC">Mar 29, 2:05 PM</time></a>' +
        // Shown by the live client only: without JavaScript it could do nothing.
        '<button type="button" class="entry-share" data-share aria-haspopup="dialog" hidden>Share</button></p>' +
        '<h3 class="entry-headline">Talks begin</h3>' +
        '<div class="entry-body"><p><strong>Now</strong></p></div>' +
        '<p class="entry-byline">By <span class="entry-author">Newsdesk</span></p>' +
        // Its reactions, disabled until the live client takes the entry over
        // (tests/unit/engagement-markup.test.ts).
        renderReactions("e1", { mode: "page", nowMs: 0, entry: noEngagement() }, en) +
        "</article>",
    );
  });

  it("escapes the headline and the author but inserts the sanitized body as it is", () => {
    const html = renderEntry(
      entry({
        headline: '<img src=x onerror="alert(1)">',
        author: { name: "ab", displayName: "A & <B>" },
        authors: [{ name: "ab", displayName: "A & <B>" }],
      }),
      en,
    );
    expect(html).toContain(
      '<h3 class="entry-headline">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</h3>',
    );
    expect(html).toContain('<span class="entry-author">A &amp; &lt;B&gt;</span>');
    expect(html).toContain('<div class="entry-body"><p><strong>Now</strong></p></div>');
  });

  it("bylines every author by display name: one, two, or a list ending in 'and'", () => {
    const by = (...names: string[]) =>
      renderEntry(
        entry({ authors: names.map((displayName, i) => ({ name: `p${i}`, displayName })) }),
        en,
      ).match(/<p class="entry-byline">(.*?)<\/p>/)![1];
    const span = (name: string) => `<span class="entry-author">${name}</span>`;
    expect(by("Ana Demir")).toBe(`By ${span("Ana Demir")}`);
    expect(by("Ana Demir", "Bo Lind")).toBe(`By ${span("Ana Demir")} and ${span("Bo Lind")}`);
    expect(by("Ana", "Bo", "Cem")).toBe(`By ${span("Ana")}, ${span("Bo")}, and ${span("Cem")}`);
  });

  it("speaks the blog's language and tells its time: German in Istanbul", () => {
    const html = renderEntry(
      entry({ keyEvent: true, version: 2, updatedAt: "2026-03-29T15:30:00.000Z" }),
      inIstanbul("de"),
    );
    expect(html).toContain(">29. März, 17:05</time>");
    expect(html).toContain('<span class="badge badge-key">Wichtiges Ereignis</span>');
    expect(html).toMatch(/<span class="entry-edited">[^<]*<time [^>]*>18:30<\/time>/);
    expect(html).not.toMatch(/Key event|Link to this update|>By /);
  });

  it("marks pinned entries and key events, and edited entries with their update time", () => {
    const html = renderEntry(
      entry({ pinned: true, keyEvent: true, version: 2, updatedAt: "2026-03-29T15:30:00.000Z" }),
      en,
    );
    expect(html).toContain('class="entry entry-pinned entry-key"');
    expect(html).toContain(
      '<span class="badge badge-pinned">Pinned</span><span class="badge badge-key">Key event</span>',
    );
    expect(html).toContain(
      'updated <time datetime="2026-03-29T15:30:00.000Z" title="Sunday, March 29, 2026 at 3:30:00 PM UTC">3:30 PM</time>',
    );
  });

  it("leaves out the headline element when there is none", () => {
    expect(renderEntry(entry({ headline: null }), en)).not.toContain("entry-headline");
  });

  it("lists a key event by its title, or by the start of its text without a headline", () => {
    expect(renderKeyEvent(entry(), en)).toContain('<a href="#entry-e1">');
    expect(renderKeyEvent(entry(), en)).toContain(
      '<span class="key-event-title">Talks begin</span>',
    );
    const long = entry({ headline: null, html: `<p>${"word ".repeat(40)}</p>` });
    expect(entryTitle(long, 30)).toBe("word word word word word word…");
  });

  it("reads an entry id from a permalink fragment and nothing else", () => {
    expect(entryIdFromHash("#entry-Ab_9-x")).toBe("Ab_9-x");
    expect(entryIdFromHash("#updates")).toBeNull();
    expect(entryIdFromHash("#entry-<x>")).toBeNull();
  });
});

describe("html helpers", () => {
  it("escapes the five characters that matter in content and attributes", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
    );
  });

  it("takes the readable text out of sanitized HTML", () => {
    expect(
      plainText("<p>Fish &amp; <strong>chips</strong>.</p><ul><li>one</li><li>two</li></ul>"),
    ).toBe("Fish & chips. one two");
    expect(plainText("&#8220;quoted&#x201D;")).toBe("“quoted”");
  });

  it("cuts at a word boundary", () => {
    expect(excerpt("short", 10)).toBe("short");
    expect(excerpt("the quick brown fox", 12)).toBe("the quick…");
  });

  it("keeps </script> in JSON from ending a script element", () => {
    const json = jsonForScript({ text: "</script><b>&" });
    expect(json).not.toContain("</script>");
    expect(JSON.parse(json)).toEqual({ text: "</script><b>&" });
  });
});

describe("times", () => {
  it("formats absolute times in UTC, the same on every server", () => {
    expect(formatUtc("2026-03-09T07:05:00.000Z")).toBe("9 Mar 2026, 07:05 UTC");
    expect(formatUtcClock("2026-03-09T23:59:00.000Z")).toBe("23:59 UTC");
  });

  it("says how long ago in the page's language, and gives up after two days", () => {
    const now = Date.parse("2026-03-29T12:00:00Z");
    const ago = (ms: number, i18n = en) => i18n.relative(now - ms, now);
    expect(ago(-5_000)).toBe("now");
    expect(ago(30_000)).toBe("now");
    expect(ago(60_000)).toBe("1 minute ago");
    expect(ago(3 * 60_000)).toBe("3 minutes ago");
    expect(ago(2 * 3600_000 + 60_000)).toBe("2 hours ago");
    expect(ago(30 * 3600_000)).toBe("yesterday");
    expect(ago(3 * 86400_000)).toBeNull();
    expect(ago(3 * 60_000, inIstanbul("de"))).toBe("vor 3 Minuten");
    expect(ago(3 * 60_000, inIstanbul("uk"))).toBe("3 хвилини тому");
  });

  it("counts with the language's plural rules and digits", () => {
    const uk = inIstanbul("uk");
    expect(uk.plural("updates.new", 1)).toMatch(/^1 /);
    expect(uk.plural("updates.new", 3)).not.toBe(uk.plural("updates.new", 5).replace("5", "3"));
    expect(inIstanbul("de").plural("readers.count", 12345)).toMatch(/^12\.345 /);
    expect(inIstanbul("fa").number(12)).toBe("۱۲");
  });
});
