/**
 * The reader page in real Chromium, kept live: entries posted, edited, pinned and deleted through
 * the API show up without a reload; a reader who scrolled down keeps their place; a reader who
 * went offline catches up by themselves.
 */
import type { Page } from "playwright-core";
import { describe, expect, it, vi } from "vitest";
import type { Entry } from "../../shared/schemas.js";
import { editorApi } from "../support/fixtures.js";
import { startInstance } from "../support/instance.js";
import { openPage } from "./support/browser.js";
import { useBrowserSite } from "./support/site.js";

// A browser on a busy two-core machine: room for the generous waits below.
vi.setConfig({ testTimeout: 45_000 });

const site = useBrowserSite();

const WAIT = { timeout: 10_000 };
const entryLocator = (page: Page, entry: Entry) => page.locator(`#entry-${entry.id}`);

/** Opens the reader page and waits until its socket subscription is live. */
async function openLive(blogId: string, options: Parameters<typeof openPage>[2] = {}) {
  const page = await openPage(site.browser, `${site.server.url}/blogs/${blogId}`, options);
  await page.locator('[data-connection][data-state="live"]').waitFor(WAIT);
  return page;
}

describe("reader page, live", () => {
  it("shows an entry posted through the API without a reload, and puts it in the JSON-LD", async () => {
    const blog = await site.editor.createBlog("Election night");
    await site.editor.post(blog.id, { headline: "Polls open", body: "First **results** soon." });
    const page = await openLive(blog.id);
    const before = await page.evaluate(() => performance.getEntriesByType("navigation").length);

    const entry = await site.editor.post(blog.id, {
      headline: "First results",
      body: "Turnout is *high*.",
    });

    await entryLocator(page, entry).waitFor(WAIT);
    const stream = page.locator("[data-stream] > .entry");
    expect(await stream.first().getAttribute("id")).toBe(`entry-${entry.id}`);
    expect(await entryLocator(page, entry).locator(".entry-body em").textContent()).toBe("high");
    const jsonLd = JSON.parse((await page.locator("#lb-jsonld").textContent()) ?? "{}");
    expect(jsonLd.liveBlogUpdate[0].headline).toBe("First results");
    // What the client rebuilt is what the server renders now, the publisher node included.
    const rendered = await (await fetch(`${site.server.url}/blogs/${blog.id}`)).text();
    const jsonLdScript = /<script type="application\/ld\+json" id="lb-jsonld">(.*?)<\/script>/s;
    expect(jsonLd).toEqual(JSON.parse(jsonLdScript.exec(rendered)![1]!));
    expect(jsonLd.publisher).toMatchObject({ "@type": "Organization" });
    // Screen readers hear it once, politely.
    await page
      .locator("[data-announcer]", { hasText: "New update: First results" })
      .waitFor({ state: "attached", ...WAIT });
    expect(await page.locator("[data-announcer]").getAttribute("aria-live")).toBe("polite");
    // Still the same document: nothing reloaded the page.
    expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(
      before,
    );
    await page.context().close();
  });

  it("updates an edited entry in place with an 'updated' mark, and removes a deleted one", async () => {
    const blog = await site.editor.createBlog();
    const kept = await site.editor.post(blog.id, { headline: "Kept", body: "Stays." });
    const gone = await site.editor.post(blog.id, {
      headline: "Gone soon",
      body: "Will be deleted.",
    });
    const page = await openLive(blog.id);

    await site.editor.edit(blog.id, kept.id, { version: 1, body: "Stays, corrected." });
    await page.locator(`#entry-${kept.id} .entry-edited`).waitFor(WAIT);
    expect(await entryLocator(page, kept).locator(".entry-body").textContent()).toBe(
      "Stays, corrected.",
    );
    expect(await entryLocator(page, kept).locator(".entry-edited").textContent()).toMatch(
      /^updated \d{1,2}[:.]\d{2}/,
    );

    await site.editor.remove(blog.id, gone.id);
    await entryLocator(page, gone).waitFor({ state: "detached", ...WAIT });
    expect(await page.locator("[data-stream] > .entry").count()).toBe(1);
    await page.context().close();
  });

  it("moves an entry into the pinned section and the key-events list when an editor marks it", async () => {
    const blog = await site.editor.createBlog();
    const entry = await site.editor.post(blog.id, {
      headline: "Ceasefire agreed",
      body: "Details follow.",
    });
    await site.editor.post(blog.id, { body: "A later update." });
    const page = await openLive(blog.id);
    expect(await page.locator("[data-key-events] li").count()).toBe(0);

    await site.editor.edit(blog.id, entry.id, { version: 1, pinned: true, keyEvent: true });

    await page.locator(`[data-pinned] #entry-${entry.id}`).waitFor(WAIT);
    expect(await page.locator(`[data-stream] #entry-${entry.id}`).count()).toBe(0);
    const keyEvent = page.locator("[data-key-events] li a");
    expect(await keyEvent.getAttribute("href")).toBe(`#entry-${entry.id}`);
    expect(await keyEvent.locator(".key-event-title").textContent()).toBe("Ceasefire agreed");
    await page.context().close();
  });

  it("keeps a reader who scrolled down in place and offers a 'new updates' button that takes them up", async () => {
    const blog = await site.editor.createBlog();
    const posted = await site.editor.postMany(blog.id, 12);
    const page = await openLive(blog.id, { viewport: { width: 800, height: 600 } });
    const anchor = entryLocator(page, posted[5]!);
    await anchor.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 40));
    const scrollBefore = await page.evaluate(() => window.scrollY);
    const topBefore = (await anchor.boundingBox())!.y;

    const fresh = await site.editor.post(blog.id, {
      headline: "Breaking",
      body: "Something happened.",
    });
    const button = page.getByRole("button", { name: "1 new update" });
    await button.waitFor(WAIT);

    expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
    expect((await anchor.boundingBox())!.y).toBe(topBefore);
    expect(await entryLocator(page, fresh).count()).toBe(0);

    // An entry above the reader grows by an edit: what they are reading stays where it was.
    const above = posted[9]!;
    await site.editor.edit(blog.id, above.id, { version: 1, body: "Longer now.\n\n".repeat(6) });
    await page.locator(`#entry-${above.id} .entry-edited`).waitFor({ state: "attached", ...WAIT });
    // Within a pixel: scroll offsets may snap to whole device pixels.
    expect(Math.abs((await anchor.boundingBox())!.y - topBefore)).toBeLessThan(1);

    await button.click();
    await entryLocator(page, fresh).waitFor(WAIT);
    await page.waitForFunction(
      (id) => {
        const top = document.getElementById(id)!.getBoundingClientRect().top;
        return top >= 0 && top < window.innerHeight;
      },
      `entry-${fresh.id}`,
      WAIT,
    );
    expect(await button.isHidden()).toBe(true);
    await page.context().close();
  });

  it("catches up by itself after going offline: two entries posted meanwhile both appear", async () => {
    const blog = await site.editor.createBlog();
    await site.editor.post(blog.id, { body: "Before the drop." });
    const page = await openLive(blog.id);

    await page.context().setOffline(true);
    await page.locator('[data-connection][data-state="offline"]').waitFor(WAIT);
    const first = await site.editor.post(blog.id, { headline: "While offline 1", body: "One." });
    const second = await site.editor.post(blog.id, { headline: "While offline 2", body: "Two." });
    expect(await entryLocator(page, first).count()).toBe(0);

    await page.context().setOffline(false);
    await entryLocator(page, first).waitFor(WAIT);
    await entryLocator(page, second).waitFor(WAIT);
    await page.locator('[data-connection][data-state="live"]').waitFor(WAIT);
    expect(await page.locator("[data-stream] > .entry").count()).toBe(3);
    await page.context().close();
  });

  it("reloads its entries when it was away longer than the kept log reaches back", async () => {
    const small = await startInstance({ env: { HISTORY_LIMIT: "10" } });
    try {
      const api = editorApi(small.url);
      const blog = await api.createBlog();
      const [removed] = await api.postMany(blog.id, 2);
      const page = await openPage(site.browser, `${small.url}/blogs/${blog.id}`);
      await page.locator('[data-connection][data-state="live"]').waitFor(WAIT);

      await page.context().setOffline(true);
      await page.locator('[data-connection][data-state="offline"]').waitFor(WAIT);
      await api.remove(blog.id, removed!.id);
      const missed = await api.postMany(blog.id, 12);
      await page.context().setOffline(false);

      await entryLocator(page, missed[11]!).waitFor(WAIT);
      await entryLocator(page, removed!).waitFor({ state: "detached", ...WAIT });
      await page.locator('[data-connection][data-state="live"]').waitFor(WAIT);
      expect(await page.locator("[data-stream] > .entry").count()).toBe(13);
      await page.context().close();
    } finally {
      await small.close();
    }
  });
});

describe("reader page, navigation", () => {
  it("loads and scrolls to a permalinked entry that is not on the first page", async () => {
    const blog = await site.editor.createBlog();
    const posted = await site.editor.postMany(blog.id, 26);
    const oldest = posted[0]!;
    const page = await openPage(
      site.browser,
      `${site.server.url}/blogs/${blog.id}#entry-${oldest.id}`,
    );

    await entryLocator(page, oldest).waitFor(WAIT);
    await page.waitForFunction(
      (id) => {
        const box = document.getElementById(id)!.getBoundingClientRect();
        return box.top >= -1 && box.top < window.innerHeight;
      },
      `entry-${oldest.id}`,
      WAIT,
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`entry-${oldest.id}`);
    await page.context().close();
  });

  it("pages back with 'Load older updates' and filters to key events only", async () => {
    const blog = await site.editor.createBlog();
    const posted = await site.editor.postMany(blog.id, 22);
    const key = await site.editor.post(blog.id, {
      headline: "The key one",
      body: "!",
      keyEvent: true,
    });
    const page = await openLive(blog.id);
    const stream = page.locator("[data-stream] > .entry");
    expect(await stream.count()).toBe(20);

    await page.getByRole("link", { name: "Load older updates" }).click();
    await entryLocator(page, posted[0]!).waitFor(WAIT);
    expect(await stream.count()).toBe(23);
    expect(await page.getByRole("link", { name: "Load older updates" }).isHidden()).toBe(true);

    await page.getByRole("link", { name: "Key events only" }).click();
    await page.waitForFunction(
      () => document.querySelectorAll("[data-stream] > .entry").length === 1,
    );
    expect(await stream.first().getAttribute("id")).toBe(`entry-${key.id}`);
    expect(new URL(page.url()).search).toBe("?only=keyEvents");
    await page.context().close();
  });
});
