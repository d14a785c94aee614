/**
 * The server-rendered pages as crawlers, no-JavaScript readers, keyboard users and assistive
 * technology meet them, in real Chromium: content and JSON-LD without scripts, axe-core with no
 * serious or critical violations (light and dark), 320 px phones, reduced motion, keyboard.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Blog, Entry } from "../../shared/schemas.js";
import { TEST_PASSWORD } from "../support/instance.js";
import { openPage, seriousA11yViolations } from "./support/browser.js";
import { useBrowserSite } from "./support/site.js";

// A browser on a busy two-core machine: room for the generous waits below.
vi.setConfig({ testTimeout: 45_000 });

const site = useBrowserSite();
let blog: Blog;
let posted: Entry[];
let key: Entry;

beforeAll(async () => {
  const { editor } = site;
  blog = await editor.createBlog("Summit day", { description: "Leaders meet in Geneva." });
  await editor.post(blog.id, {
    headline: "What we know",
    body: "- Talks start at 10:00\n- Both sides attend",
    pinned: true,
  });
  posted = await editor.postMany(blog.id, 21);
  key = await editor.post(blog.id, {
    headline: "Deal signed",
    body: "**Signed.**",
    keyEvent: true,
  });
});

const WAIT = { timeout: 10_000 };
const readerUrl = () => `${site.server.url}/blogs/${blog.id}`;
const streamIds = (page: Page) =>
  page.locator("[data-stream] > .entry").evaluateAll((els) => els.map((el) => el.id));

describe("with JavaScript off", () => {
  it("shows the title, status, pinned entry, entries newest first, and LiveBlogPosting JSON-LD", async () => {
    const page = await openPage(site.browser, readerUrl(), { javaScriptEnabled: false });
    expect(await page.locator("h1").textContent()).toBe("Summit day");
    expect(await page.locator("[data-status]").textContent()).toBe("Live");
    expect(await page.locator("[data-pinned] .entry-headline").textContent()).toBe("What we know");
    const ids = await streamIds(page);
    expect(ids).toHaveLength(20);
    expect(ids[0]).toBe(`entry-${key.id}`);
    expect(ids[1]).toBe(`entry-${posted[20]!.id}`);
    expect(await page.locator(`#entry-${key.id} .entry-body strong`).textContent()).toBe("Signed.");
    expect(await page.locator(`#entry-${key.id} .entry-author`).textContent()).toBe(
      key.author.name,
    );
    // Without JavaScript: the absolute time in the blog's zone, with the zone named on hover.
    const time = page.locator(`#entry-${key.id} .entry-time time:not(.ago)`);
    expect(await time.textContent()).toMatch(/\d:\d\d/);
    expect(await time.getAttribute("title")).toMatch(/UTC$/);

    const jsonLd = JSON.parse(
      (await page.locator('script[type="application/ld+json"]').textContent())!,
    );
    expect(jsonLd["@type"]).toBe("LiveBlogPosting");
    expect(jsonLd.coverageStartTime).toBe(blog.createdAt);
    expect(jsonLd.coverageEndTime).toBeUndefined();
    expect(jsonLd.liveBlogUpdate).toHaveLength(20);
    expect(jsonLd.liveBlogUpdate[0]).toMatchObject({
      "@type": "BlogPosting",
      headline: "Deal signed",
    });
    expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toBe(
      "Summit day (live)",
    );

    // Paging and the key-events filter are plain links.
    await page.getByRole("link", { name: "Load older updates" }).click();
    await page.waitForURL(/before=/);
    expect(await streamIds(page)).toContain(`entry-${posted[0]!.id}`);
    await page.goto(readerUrl());
    await page.getByRole("link", { name: "Key events only" }).click();
    await page.waitForURL(/only=keyEvents/);
    expect(await streamIds(page)).toEqual([`entry-${key.id}`]);
    await page.context().close();
  });

  it("marks an ended blog as ended, with coverageEndTime", async () => {
    const ended = await site.editor.createBlog("Over now");
    await site.editor.post(ended.id, { body: "Last words." });
    const patched = await fetch(`${site.server.url}/api/blogs/${ended.id}`, {
      method: "PATCH",
      headers: {
        Authorization: `Bearer ${site.server.config.adminToken}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ status: "ended" }),
    }).then((r) => r.json() as Promise<Blog>);
    const page = await openPage(site.browser, `${site.server.url}/blogs/${ended.id}`, {
      javaScriptEnabled: false,
    });
    expect(await page.locator("[data-status]").textContent()).toBe("Ended");
    const jsonLd = JSON.parse((await page.locator("#lb-jsonld").textContent())!);
    expect(jsonLd.coverageEndTime).toBe(patched.endedAt);
    await page.context().close();
  });
});

describe("accessibility", () => {
  for (const colorScheme of ["light", "dark"] as const) {
    it(`finds no serious or critical axe violations on the index, reader and editors' pages (${colorScheme})`, async () => {
      const page = await openPage(site.browser, `${site.server.url}/`, { colorScheme });
      expect(await seriousA11yViolations(page)).toEqual([]);

      await page.goto(readerUrl());
      await page.locator('[data-connection][data-state="live"]').waitFor(WAIT);
      expect(await seriousA11yViolations(page)).toEqual([]);

      await page.goto(`${site.server.url}/admin?blog=${blog.id}`);
      await page.getByRole("button", { name: "Log in" }).waitFor(WAIT);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByLabel("Name").fill("admin");
      await page.getByLabel("Password").fill(TEST_PASSWORD);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.locator(".admin-entry").first().waitFor(WAIT);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.context().close();
    });
  }

  it("fits a 320 px phone without sideways scrolling", async () => {
    const page = await openPage(site.browser, readerUrl(), {
      viewport: { width: 320, height: 640 },
    });
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.goto(`${site.server.url}/admin`);
    await page.getByRole("button", { name: "Log in" }).waitFor(WAIT);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it("lets a keyboard user follow a key event to its entry, which gets the focus", async () => {
    const page = await openPage(site.browser, readerUrl());
    await page.locator('[data-connection][data-state="live"]').waitFor(WAIT);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.locator("[data-key-events] a").focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((id) => document.activeElement?.id === id, `entry-${key.id}`, WAIT);
    await page.context().close();
  });

  it("slides new entries in, except for readers who asked for reduced motion", async () => {
    const animationOf = async (reducedMotion: "reduce" | "no-preference") => {
      const page = await openPage(site.browser, readerUrl(), { reducedMotion });
      await page.locator('[data-connection][data-state="live"]').waitFor(WAIT);
      const entry = await site.editor.post(blog.id, { body: `Motion test (${reducedMotion}).` });
      await page.locator(`#entry-${entry.id}`).waitFor(WAIT);
      const name = await page
        .locator(`#entry-${entry.id}`)
        .evaluate((el) => getComputedStyle(el).animationName);
      await page.context().close();
      return name;
    };
    expect(await animationOf("no-preference")).toBe("entry-in");
    expect(await animationOf("reduce")).toBe("none");
  });
});
