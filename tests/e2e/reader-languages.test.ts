/**
 * Blogs in German (Berlin), Arabic (Riyadh) and Ukrainian (Kyiv) in real Chromium: `<html lang
 * dir>`, a layout that really is mirrored right to left, no English left on the page, and the
 * same times, bylines, badges and plurals from the server's HTML and from the live client, both
 * as createI18n says for the blog's locale. Also the embed page's direction, and the desk's
 * Language and Time zone pickers, whose choice the reader page then speaks.
 */
import type { Page } from "playwright-core";
import request from "supertest";
import { describe, expect, it, vi } from "vitest";
import { localeOf, messagesFor } from "../../server/i18n/locales.js";
import type { Messages } from "../../shared/i18n/catalog.js";
import { createI18n, type I18n } from "../../shared/i18n/i18n.js";
import { directionOf } from "../../shared/i18n/languages.js";
import { authorNames } from "../../shared/render.js";
import type { Blog, Entry } from "../../shared/schemas.js";
import { connectReader } from "../support/reader.js";
import { waitFor } from "../support/wait.js";
import { openPage, seriousA11yViolations } from "./support/browser.js";
import { logInToDesk } from "./support/desk.js";
import {
  ARABIC,
  GERMAN,
  UKRAINIAN,
  postSceneEntry,
  setScene,
  type LanguageScene,
} from "./support/language-scenes.js";
import { useBrowserSite } from "./support/site.js";

// A browser on a busy two-core machine, three blogs with authors and entries each.
vi.setConfig({ testTimeout: 120_000 });

const site = useBrowserSite();
const WAIT = { timeout: 20_000 };
const WIDE = { width: 1280, height: 700 };
let blogs = 0;
const newBlogId = (language: string) => `${language}-${++blogs}-${Date.now().toString(36)}`;

/**
 * The literal words of every English message (placeholders cut out) that the blog's catalog
 * does not share: none of them may be on the page ("Live" is German too).
 */
function englishOnly(language: string): string[] {
  const english = messagesFor("en");
  const own = messagesFor(language);
  const texts = (messages: Messages, key: string) => {
    const message = messages[key as keyof Messages];
    return typeof message === "string" ? [message] : Object.values(message);
  };
  const words = new Set<string>();
  for (const key of Object.keys(english)) {
    const translated = texts(own, key).join("\n");
    for (const text of texts(english, key)) {
      for (const part of text.split(/\{\w+\}/)) {
        const literal = part.replace(/^[\s():·.,]+|[\s():·.,]+$/g, "");
        if (literal.length >= 2 && !translated.includes(literal)) words.add(literal);
      }
    }
  }
  return [...words];
}

/** What the page shows of times, bylines and badges: read the same way from both pages. */
interface Shown {
  times: { at: string; text: string; title: string; kind: "dayAndTime" | "clock" }[];
  entries: { id: string; byline: string; badges: string[] }[];
}

const readShown = (page: Page): Promise<Shown> =>
  page.evaluate(() => ({
    times: Array.from(document.querySelectorAll<HTMLTimeElement>("main time:not(.ago)")).map(
      (time) => ({
        at: time.dateTime,
        text: time.textContent ?? "",
        title: time.title,
        kind: time.closest(".entry-edited") ? ("clock" as const) : ("dayAndTime" as const),
      }),
    ),
    entries: Array.from(document.querySelectorAll<HTMLElement>("main .entry")).map((entry) => ({
      id: entry.id,
      byline: entry.querySelector(".entry-byline")?.textContent ?? "",
      badges: Array.from(entry.querySelectorAll(".badge")).map((badge) => badge.textContent ?? ""),
    })),
  }));

/** The server's HTML of the reader page, fetched over plain HTTP, laid out without scripts. */
async function serverShown(blogId: string): Promise<Shown> {
  const html = await (await fetch(`${site.server.url}/blogs/${blogId}`)).text();
  const context = await site.browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: "domcontentloaded" });
    return await readShown(page);
  } finally {
    await context.close();
  }
}

/** What createI18n on the server says every time, byline and badge must read. */
function expectAsI18n(shown: Shown, entries: readonly Entry[], blog: Blog, i18n: I18n) {
  for (const time of shown.times) {
    expect(time.text, `${time.kind} of ${time.at}`).toBe(i18n[time.kind](time.at));
    expect(time.title, `title of ${time.at}`).toBe(i18n.full(time.at));
  }
  const byId = new Map(entries.map((entry) => [`entry-${entry.id}`, entry]));
  expect(shown.entries.map((entry) => entry.id).sort()).toEqual([...byId.keys()].sort());
  for (const { id, byline, badges } of shown.entries) {
    const entry = byId.get(id)!;
    const edited =
      entry.version > 1 ? ` ${i18n.t("entry.edited", { time: i18n.clock(entry.updatedAt) })}` : "";
    expect(byline).toBe(i18n.t("entry.byline", { names: i18n.list(authorNames(entry)) }) + edited);
    expect(badges).toEqual([
      ...(entry.pinned ? [i18n.t("entry.pinned")] : []),
      ...(entry.keyEvent ? [i18n.t("entry.keyEvent")] : []),
    ]);
  }
  // Every entry's time, each key event's again, each edit's, and the header's "updated".
  const keyEvents = entries.filter((entry) => entry.keyEvent).length;
  const edits = entries.filter((entry) => entry.version > 1).length;
  expect(shown.times).toHaveLength(entries.length + keyEvents + edits + 1);
  expect(shown.times.map((time) => time.at)).toContain(blog.updatedAt);
}

/** Every `time.ago` says, in the blog's language, how long ago it was at some moment in [from, to]. */
async function expectRelativeTimes(page: Page, i18n: I18n, from: number) {
  const ago = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLTimeElement>("main time.ago")).map((time) => ({
      at: time.dateTime,
      text: time.textContent ?? "",
    })),
  );
  const to = Date.now();
  expect(ago.length).toBeGreaterThan(0);
  for (const { at, text } of ago) {
    const possible = new Set<string | null>();
    for (let now = from; now <= to + 1_000; now += 1_000)
      possible.add(i18n.relative(Date.parse(at), now));
    expect([...possible], `"${text}" for ${at}`).toContain(text);
  }
}

/** The reader's visible text (header, key events, filter, pinned entries, stream) has no English. */
async function expectNoEnglish(page: Page, language: string) {
  const text = await page.locator("main").innerText();
  const escape = (words: string) => words.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const found = englishOnly(language).filter((words) =>
    new RegExp(`(^|[^\\p{L}])${escape(words)}($|[^\\p{L}])`, "u").test(text),
  );
  expect(found, text).toEqual([]);
}

async function readerScene(scene: LanguageScene) {
  const { entries, blog: created } = await setScene(site.server, scene, newBlogId(scene.language));
  // As the page reads it: each entry moved its updatedAt.
  const blog = (await request(site.server.url).get(`/api/blogs/${created.id}`)).body as Blog;
  const i18n = createI18n(localeOf(blog));
  const fromServer = await serverShown(blog.id);
  expectAsI18n(fromServer, entries, blog, i18n);

  const loadedAt = Date.now();
  const page = await openPage(site.browser, `${site.server.url}/blogs/${blog.id}`, {
    viewport: WIDE,
  });
  // Live: the connection says so in the blog's words.
  await page.locator("[data-connection]", { hasText: i18n.t("connection.live") }).waitFor(WAIT);

  // (a) The document's language and direction.
  expect(
    await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
  ).toEqual([scene.language, directionOf(scene.language)]);

  // (b) Not a word of the English catalog.
  await expectNoEnglish(page, scene.language);

  // (c) The hydrated page shows what the server rendered, and relative times in the language.
  const hydrated = await readShown(page);
  expect(hydrated).toEqual(fromServer);
  await expectRelativeTimes(page, i18n, loadedAt);

  // Two more readers: the count's plural form ("few" in Arabic and Ukrainian) as the server's.
  const others = [await connectReader(site.server.url), await connectReader(site.server.url)];
  for (const other of others) await other.subscribe(blog.id);
  await page.locator("[data-readers]", { hasText: i18n.plural("readers.count", 3) }).waitFor(WAIT);
  expect(await page.locator("[data-readers]").textContent()).toBe(i18n.plural("readers.count", 3));

  // Scrolled down, the reader gets "2 new updates" ("two" in Arabic, "few" in Ukrainian).
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await waitFor(
    () =>
      page.evaluate(
        () => document.querySelector("[data-stream]")!.getBoundingClientRect().top < -1,
      ),
    { what: "the stream's top to be above the viewport" },
  );
  const later: Entry[] = [];
  for (const entry of scene.later)
    later.push(await postSceneEntry(site.server, blog.id, scene, entry));
  const button = page.locator("[data-new-updates]");
  await button.filter({ hasText: i18n.plural("updates.new", 2) }).waitFor(WAIT);
  expect(await button.textContent()).toBe(i18n.plural("updates.new", 2));
  // An edit made while the reader is there is drawn by the client, "updated" time and all.
  const livelyEdited = await site.editor.edit(blog.id, entries[3]!.id, {
    version: 1,
    body: `${scene.entries[3]!.body}\n\n${scene.later[0]!.body}`,
  });
  await page.locator(`#entry-${livelyEdited.id} .entry-edited`).waitFor(WAIT);
  await button.click();
  await page.locator(`#entry-${later[1]!.id}`).waitFor(WAIT);

  const now = entries.map((entry) => (entry.id === livelyEdited.id ? livelyEdited : entry));
  const all = [...now, ...later];
  const freshBlog = (await request(site.server.url).get(`/api/blogs/${blog.id}`)).body as Blog;
  const live = await readShown(page);
  expect(live).toEqual(await serverShown(blog.id));
  expectAsI18n(live, all, freshBlog, i18n);
  await expectRelativeTimes(page, i18n, loadedAt);
  await expectNoEnglish(page, scene.language);
  for (const other of others) other.close();
  return { page, blog };
}

describe("the reader page in the blog's language", () => {
  it("speaks German in Berlin's time, left to right", async () => {
    const { page } = await readerScene(GERMAN);
    // Key events beside the stream, on the right.
    const panel = (await page.locator(".key-events-panel").boundingBox())!;
    const column = (await page.locator(".updates-column").boundingBox())!;
    expect(panel.x).toBeGreaterThanOrEqual(column.x + column.width);
    await page.context().close();
  });

  it("speaks Ukrainian in Kyiv's time, with its plural forms", async () => {
    const { page } = await readerScene(UKRAINIAN);
    await page.context().close();
  });

  it("speaks Arabic in Riyadh's time, right to left and mirrored, and so does the embed page", async () => {
    const { page, blog } = await readerScene(ARABIC);
    await page.evaluate(() => window.scrollTo(0, 0));
    // Key events beside the stream on the left, where a right-to-left reader's eye ends.
    const panel = (await page.locator(".key-events-panel").boundingBox())!;
    const column = (await page.locator(".updates-column").boundingBox())!;
    expect(panel.x + panel.width).toBeLessThanOrEqual(column.x);
    // The key events' timeline line is on its right, the titles clear of it.
    const line = await page.locator("[data-key-events]").evaluate((list) => {
      const style = getComputedStyle(list);
      const title = list.querySelector(".key-event-title")!.getBoundingClientRect();
      return {
        right: style.borderRightWidth,
        left: style.borderLeftWidth,
        gap: list.getBoundingClientRect().right - title.right,
      };
    });
    expect(line).toMatchObject({ right: "2px", left: "0px" });
    expect(line.gap).toBeGreaterThanOrEqual(10);
    // The key event entry's own bar is on its right too, its headline clear of it.
    const bar = await page
      .locator(".entry-key")
      .first()
      .evaluate((entry) => {
        const style = getComputedStyle(entry);
        const headline = entry.querySelector(".entry-headline")!.getBoundingClientRect();
        return {
          right: style.borderRightWidth,
          left: style.borderLeftWidth,
          gap: entry.getBoundingClientRect().right - headline.right,
        };
      });
    expect(bar).toMatchObject({ right: "4px", left: "0px" });
    expect(bar.gap).toBeGreaterThanOrEqual(10);
    // Headlines start on the right: their text hugs the right edge of their entry.
    const headline = await page
      .locator("[data-stream] .entry-headline")
      .first()
      .evaluate((h) => {
        const range = document.createRange();
        range.selectNodeContents(h);
        const text = range.getBoundingClientRect();
        const box = h.getBoundingClientRect();
        return { right: box.right - text.right, left: text.left - box.left };
      });
    expect(headline.right).toBeLessThan(headline.left);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();

    const embed = await request(site.server.url).get(`/blogs/${blog.id}/embed`);
    expect(embed.status).toBe(200);
    expect(embed.text).toMatch(/^<!doctype html>\s*<html lang="ar" dir="rtl"[ >]/i);
  });
});

describe("a blog's language and time zone on the desk", () => {
  it("creates a blog in a chosen language and zone, and changes them in its settings", async () => {
    const first = await site.editor.createBlog("Already here");
    const page = await logInToDesk(site.browser, site.server.url, first.id, WAIT);

    // New blog: the pickers start at the instance's defaults, languages in their own words.
    const create = page.locator("[data-create-blog]");
    await page.locator("[data-create-details] summary").click();
    const language = create.getByLabel("Language");
    const timeZone = create.getByLabel("Time zone");
    await expect.poll(() => language.isEnabled(), WAIT).toBe(true);
    expect(await language.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.text)).toBe(
      "English",
    );
    expect(await timeZone.inputValue()).toBe("UTC");
    expect(await language.locator("option").allTextContents()).toEqual(
      expect.arrayContaining(["Deutsch", "العربية", "Українська", "Português"]),
    );
    const id = newBlogId("desk");
    await create.getByLabel("Title").fill("Книжковий Арсенал");
    await create.getByLabel("Slug (optional)").fill(id);
    await language.selectOption({ label: "Українська" });
    await timeZone.selectOption("Europe/Kyiv");
    await create.getByRole("button", { name: "Create blog" }).click();
    await page.locator("[data-ws-title]", { hasText: "Книжковий Арсенал" }).waitFor(WAIT);
    const created = (await request(site.server.url).get(`/api/blogs/${id}`)).body as Blog;
    expect(created).toMatchObject({ language: "uk", timeZone: "Europe/Kyiv" });

    // Its settings show the blog's; saving changes them for the reader page.
    const settings = page.locator("[data-locale-settings]");
    await settings.locator("summary").click();
    const settingsLanguage = settings.getByLabel("Language");
    await expect.poll(() => settingsLanguage.inputValue(), WAIT).toBe("uk");
    expect(await settings.getByLabel("Time zone").inputValue()).toBe("Europe/Kyiv");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await settingsLanguage.selectOption({ label: "العربية" });
    await settings.getByLabel("Time zone").selectOption("Asia/Riyadh");
    await settings.getByRole("button", { name: "Save language and time zone" }).click();
    await settings
      .locator("[role=status]", { hasText: "Saved: العربية, Asia/Riyadh" })
      .waitFor(WAIT);
    expect((await request(site.server.url).get(`/api/blogs/${id}`)).body).toMatchObject({
      language: "ar",
      timeZone: "Asia/Riyadh",
    });
    const reader = await request(site.server.url).get(`/blogs/${id}`);
    expect(reader.text).toMatch(/<html lang="ar" dir="rtl">/);
    await page.context().close();
  });
});
