/**
 * Issue 9, finding A3, as a reader sees it in real Chromium: when Redis loses acknowledged writes
 * (flushed and the blog made again, or restarted from an older snapshot) under an open page, the
 * server renews the blog's epoch and tells the page `blog:resync`. Without a reload by anyone, the
 * reader page and the editors' desk must end up showing exactly what the store holds (the lost
 * entries gone, nothing twice), stay connected, and go on showing new posts live.
 */
import type { Page } from "playwright-core";
import { describe, expect, it, vi } from "vitest";
import type { Blog, Entry } from "../../shared/schemas.js";
import { TEST_PASSWORD } from "../support/instance.js";
import { waitFor } from "../support/wait.js";
import { openPage } from "./support/browser.js";
import { useBrowserSite } from "./support/site.js";

// A browser and a Redis restart on a busy two-core machine: room for the generous waits below.
vi.setConfig({ testTimeout: 60_000 });

const site = useBrowserSite({ redis: true });

// Redis' reconnect backoff and the relay's catch-up come before the page's reload: wait long.
const WAIT = { timeout: 20_000 };

/** The entry ids a page lists, in its order, read from the DOM. */
const READER_LIST = "[data-stream] > .entry";
const DESK_LIST = "li.admin-entry";
const listedIds = (page: Page, selector: string) =>
  page.$$eval(selector, (items) =>
    items.map((item) => (item as HTMLElement).dataset.entry ?? item.id.replace(/^entry-/, "")),
  );

/** Waits until the page lists exactly these entries (newest first), then checks it once more. */
async function expectListed(page: Page, selector: string, entries: Entry[]) {
  const ids = entries.map((entry) => entry.id).reverse();
  await page
    .waitForFunction(
      ({ selector, ids }) => {
        const shown = Array.from(document.querySelectorAll<HTMLElement>(selector)).map(
          (item) => item.dataset.entry ?? item.id.replace(/^entry-/, ""),
        );
        return JSON.stringify(shown) === JSON.stringify(ids);
      },
      { selector, ids },
      WAIT,
    )
    .catch(async (err: unknown) => {
      // Say what the page showed instead, not only that the wait timed out.
      expect(await listedIds(page, selector), String(err)).toEqual(ids);
    });
  expect(await listedIds(page, selector)).toEqual(ids);
}

/** How many documents the tab loaded: a reload (by the page or anyone) would add one. */
const navigations = (page: Page) =>
  page.evaluate(() => performance.getEntriesByType("navigation").length);

async function openReader(blogId: string) {
  const page = await openPage(site.browser, `${site.server.url}/blogs/${blogId}`);
  await page.locator('[data-connection][data-state="live"]').waitFor(WAIT);
  return page;
}

/** Restarts the test Redis from its last SAVE and waits until the instance serves again. */
async function restartRedisFromSnapshot() {
  await site.redis.kill();
  await site.redis.restart();
  await waitFor(async () => (await fetch(`${site.server.url}/readyz`)).ok, {
    what: "the instance ready on the restarted Redis",
    timeoutMs: 30_000,
  });
}

/** Empties the store and makes the blog again with the same id, as an operator would. */
async function flushAndMakeAgain(blog: Blog) {
  await site.redis.client().flushall();
  // The flush took the admin editor too; an instance's start would put it back. The desk's
  // log-in below needs it.
  await site.server.app.auth.ensureAdmin();
  await site.editor.createBlog(blog.title, { id: blog.id });
}

describe("after Redis lost acknowledged writes, an open page", () => {
  it("reader page: shows exactly the new entry after the store was flushed and the blog made again, stays live, and shows the next post", async () => {
    const blog = await site.editor.createBlog("Flushed under the reader");
    const lost = await site.editor.postMany(blog.id, 3);
    const page = await openReader(blog.id);
    await expectListed(page, READER_LIST, lost);
    const loaded = await navigations(page);

    await flushAndMakeAgain(blog);
    const fresh = await site.editor.post(blog.id, { headline: "After the flush", body: "New." });

    await expectListed(page, READER_LIST, [fresh]);
    expect(await page.locator('[data-connection][data-state="live"]').count()).toBe(1);

    const further = await site.editor.post(blog.id, { headline: "Later", body: "Live again." });
    await expectListed(page, READER_LIST, [fresh, further]);
    expect(await navigations(page)).toBe(loaded);
    await page.context().close();
  });

  it("reader page: an entry posted while the page reloads after the reset appears too", async () => {
    const blog = await site.editor.createBlog("Posted during the reload");
    const lost = await site.editor.postMany(blog.id, 3);
    const context = await site.browser.newContext();
    const page = await context.newPage();
    const frames: string[] = [];
    page.on("websocket", (ws) =>
      ws.on("framereceived", (frame) => frames.push(String(frame.payload))),
    );
    // A slow reload: each read is answered as the server answered it when asked, but only once
    // released, so the reload reflects the log as it was before the next post.
    let read = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname === `/api/blogs/${blog.id}/entries`,
      async (route) => {
        const response = await route.fetch();
        read += 1;
        await released;
        await route.fulfill({ response });
      },
    );
    await page.goto(`${site.server.url}/blogs/${blog.id}`);
    await page.locator('[data-connection][data-state="live"]').waitFor(WAIT);
    await expectListed(page, READER_LIST, lost);

    await flushAndMakeAgain(blog);
    const first = await site.editor.post(blog.id, { headline: "First after", body: "One." });
    // The page's reload has read the stream, the pinned and the key events: all before `second`.
    await waitFor(() => read >= 3, { what: "the page reloading", timeoutMs: 20_000 });
    const second = await site.editor.post(blog.id, { headline: "Second after", body: "Two." });
    await waitFor(() => frames.some((frame) => frame.includes(second.id)), {
      what: "the second entry's event at the page",
    });
    release();

    await expectListed(page, READER_LIST, [first, second]);
    await context.close();
  });

  it("reader page: a reload that failed is tried again until the page shows the store's entries", async () => {
    const blog = await site.editor.createBlog("Reload fails once");
    const lost = await site.editor.postMany(blog.id, 3);
    const page = await openReader(blog.id);
    await expectListed(page, READER_LIST, lost);
    let refused = 0;
    await page.route(
      (url) => url.pathname === `/api/blogs/${blog.id}/entries`,
      (route) => {
        if (refused++ > 0) return route.continue();
        return route.fulfill({
          status: 503,
          contentType: "application/json",
          body: JSON.stringify({ error: { code: "store_unavailable", message: "Try again." } }),
        });
      },
    );

    await flushAndMakeAgain(blog);
    const fresh = await site.editor.post(blog.id, { headline: "After the flush", body: "New." });

    await expectListed(page, READER_LIST, [fresh]);
    expect(refused).toBeGreaterThan(1);
    await page.context().close();
  });

  it("reader page: after Redis restarts from an older snapshot, shows the kept entries and the new ones, not the lost ones, none twice", async () => {
    const blog = await site.editor.createBlog("Rolled back under the reader");
    const kept = await site.editor.postMany(blog.id, 2);
    await site.redis.client().save();
    const page = await openReader(blog.id);
    const loaded = await navigations(page);
    // Shown live: the instance has sent them, and keeps them to check the log against.
    const lost = [
      await site.editor.post(blog.id, { headline: "Lost 3", body: "Gone with the restart." }),
      await site.editor.post(blog.id, { headline: "Lost 4", body: "Gone with the restart." }),
    ];
    await expectListed(page, READER_LIST, [...kept, ...lost]);

    await restartRedisFromSnapshot();
    // Posted as soon as the instance serves, whether or not the relay has noticed the loss yet.
    const fresh = [
      await site.editor.post(blog.id, { headline: "New 3", body: "After the restart." }),
      await site.editor.post(blog.id, { headline: "New 4", body: "After the restart." }),
    ];
    expect(fresh.map((entry) => entry.seq)).toEqual([3, 4]);

    await expectListed(page, READER_LIST, [...kept, ...fresh]);
    await page.locator('[data-connection][data-state="live"]').waitFor(WAIT);
    const further = await site.editor.post(blog.id, { headline: "New 5", body: "Live again." });
    await expectListed(page, READER_LIST, [...kept, ...fresh, further]);
    expect(await navigations(page)).toBe(loaded);
    await page.context().close();
  });

  // Redis goes back to a snapshot while the instance's connections stay up (DEBUG RELOAD here; a
  // failover behind a proxy that keeps client connections): the new posts reuse seqs 3 and 4 in
  // the same epoch, and only their times tell them from the events sent before. The relay
  // compares the time of a reused seq with the one it sent, renews the epoch and resyncs.
  it("reader page: after Redis goes back to a snapshot without dropping connections, shows the new entries, not the lost ones", async () => {
    const blog = await site.editor.createBlog("Rolled back, connections kept");
    const kept = await site.editor.postMany(blog.id, 2);
    await site.redis.client().save();
    const page = await openReader(blog.id);
    const lost = await site.editor.postMany(blog.id, 2);
    await expectListed(page, READER_LIST, [...kept, ...lost]);
    await site.redis.client().call("DEBUG", "RELOAD", "NOSAVE");
    const fresh = [
      await site.editor.post(blog.id, { headline: "New 3", body: "After." }),
      await site.editor.post(blog.id, { headline: "New 4", body: "After." }),
    ];
    expect(fresh.map((entry) => entry.seq)).toEqual([3, 4]);
    await expectListed(page, READER_LIST, [...kept, ...fresh]);
    await page.context().close();
  });

  it("editors' desk: its entry list becomes the store's after Redis restarts from an older snapshot", async () => {
    const blog = await site.editor.createBlog("Rolled back under the desk");
    const kept = await site.editor.postMany(blog.id, 2);
    const page = await openPage(site.browser, `${site.server.url}/admin?blog=${blog.id}`);
    await page.getByLabel("Name").fill("admin");
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.locator('[data-ws-connection][data-state="live"]').waitFor(WAIT);
    // The snapshot holds the session, so the editor is still logged in after the restart.
    await site.redis.client().save();
    const lost = await site.editor.post(blog.id, { headline: "Lost", body: "Gone." });
    await expectListed(page, DESK_LIST, [...kept, lost]);
    const loaded = await navigations(page);

    await restartRedisFromSnapshot();
    const fresh = await site.editor.post(blog.id, { headline: "New", body: "After." });

    await expectListed(page, DESK_LIST, [...kept, fresh]);
    await page.locator('[data-ws-connection][data-state="live"]').waitFor(WAIT);
    // Publishing from the desk still works, and shows up once.
    await page.getByLabel("Body").fill("Published from the desk after the restart.");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Published." }).waitFor(WAIT);
    const { entries } = await site.editor.entries(blog.id);
    expect(entries.map((entry) => entry.body)).toEqual([
      "Published from the desk after the restart.",
      fresh.body,
      ...kept.map((entry) => entry.body).reverse(),
    ]);
    await expectListed(page, DESK_LIST, [...entries].reverse());
    expect(await navigations(page)).toBe(loaded);
    await page.context().close();
  });
});
