/**
 * A returning reader in real Chromium: "New since your last visit" across visits in one browser
 * context (localStorage), and notifications of key events while the page is in the background,
 * with the count of unseen updates in the title.
 *
 * Headless Chromium reports every page visible: a second tab brought to the front, a minimized
 * window and a CDP target opened in the same window all left `document.visibilityState` at
 * "visible". So the notification test hides the page with an init script that overrides
 * `visibilityState`/`hidden` and fires `visibilitychange`, as a browser does on a tab switch.
 */
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it, vi } from "vitest";
import type { Blog } from "../../shared/schemas.js";
import { bearer } from "../support/instance.js";
import { waitFor } from "../support/wait.js";
import { seriousA11yViolations } from "./support/browser.js";
import { useBrowserSite } from "./support/site.js";

// A browser on a busy two-core machine: room for the generous waits below.
vi.setConfig({ testTimeout: 90_000 });

const site = useBrowserSite();

const WAIT = { timeout: 15_000 };

/** Opens the reader page in `context` and waits until its socket subscription is live. */
async function visit(context: BrowserContext, blogId: string): Promise<Page> {
  const page = await context.newPage();
  // Each visit asks the server: a page cached by an earlier visit (max-age=5) would be served
  // stale on a fast machine, and the test would not know which state it started from. (Readers
  // who do get a stale page are covered by visit 2, served an older render on purpose.)
  // (DevTools' "Disable cache": it takes effect once the Network domain is on.)
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await page.goto(`${site.server.url}/blogs/${blogId}`);
  await page.locator('[data-connection][data-state="live"]').waitFor(WAIT);
  return page;
}

/** The seq the reader's last visit stored, read in a page of the same origin (null: none). */
async function storedSeq(probe: Page, blogId: string): Promise<number | null> {
  return probe.evaluate((key) => {
    const stored = localStorage.getItem(key);
    return stored ? (JSON.parse(stored) as { seq: number }).seq : null;
  }, `liveblog:last-visit:${blogId}`);
}

/** The seq of the state a reader page was rendered with. */
const stateSeq = (page: Page) =>
  page.evaluate(() => JSON.parse(document.getElementById("lb-state")!.textContent!).seq as number);

interface Recorded {
  title: string;
  body?: string;
  tag?: string;
  lang?: string;
}

declare global {
  interface Window {
    recordedNotifications: Recorded[];
    permissionRequests: number;
    setPageHidden(hidden: boolean): void;
  }
}

/**
 * Runs in the page before its scripts: records every notification (and still shows it, through
 * the real constructor) and every permission request, and lets the test hide the page.
 */
function recordNotificationsAndVisibility() {
  const Real = window.Notification;
  window.recordedNotifications = [];
  window.permissionRequests = 0;
  const recorded = window.recordedNotifications;
  class Recording extends Real {
    constructor(title: string, options: NotificationOptions = {}) {
      super(title, options);
      recorded.push({ title, body: options.body, tag: options.tag, lang: options.lang });
      (window as unknown as { lastNotification: Notification }).lastNotification = this;
    }
    static override requestPermission(...args: Parameters<typeof Real.requestPermission>) {
      window.permissionRequests += 1;
      return Real.requestPermission(...args);
    }
  }
  window.Notification = Recording;

  let hidden = false;
  Object.defineProperty(Document.prototype, "visibilityState", {
    configurable: true,
    get: () => (hidden ? "hidden" : "visible"),
  });
  Object.defineProperty(Document.prototype, "hidden", { configurable: true, get: () => hidden });
  window.setPageHidden = (next) => {
    hidden = next;
    document.dispatchEvent(new Event("visibilitychange"));
  };
}

describe("since your last visit", () => {
  it("marks the entries new since the last visit (not an old one edited), sums up their key events, and shows nothing when nothing is new", async () => {
    const blog = await site.editor.createBlog("Negotiations in Istanbul");
    const old = await site.editor.post(blog.id, { headline: "Delegations arrive", body: "…" });
    await site.editor.post(blog.id, { headline: "Talks begin", body: "…" });
    // A page fulfilled by the test counts as from the public network for Chromium's Local
    // Network Access checks, which would then block its socket to 127.0.0.1: allowed here.
    const context = await site.browser.newContext({
      viewport: { width: 1100, height: 800 },
      permissions: ["local-network-access"],
    });
    const probe = await context.newPage();
    await probe.goto(`${site.server.url}/api/blogs/${blog.id}`);

    // Visit 1: the reader sees the two entries and leaves (closing fires pagehide).
    const first = await visit(context, blog.id);
    expect(await first.locator(".since-marker").count()).toBe(0);
    await first.close();
    await waitFor(async () => (await storedSeq(probe, blog.id)) === 2, {
      what: "the first visit's seq to be stored",
    });

    // Meanwhile: an old entry is corrected, three new ones come, one of them a key event.
    await site.editor.edit(blog.id, old.id, { version: 1, body: "Delegations arrived early." });
    await site.editor.post(blog.id, { headline: "Coffee break", body: "…" });
    // The page as a cache keeps it from here on (reader pages: max-age=5, then stale for a minute
    // behind a CDN): the next two entries then come as the subscription's catch-up.
    const cachedHtml = await (await fetch(`${site.server.url}/blogs/${blog.id}`)).text();
    const key = await site.editor.post(blog.id, {
      headline: "Ceasefire agreed",
      body: "…",
      keyEvent: true,
    });
    const newest = await site.editor.post(blog.id, { headline: "Reactions", body: "…" });

    // Visit 2, served the cached page: the marker sits just above the newest of the three (one
    // in the page, two caught up), and counts three.
    await context.route(`${site.server.url}/blogs/${blog.id}`, (route) =>
      route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: cachedHtml }),
    );
    const second = await visit(context, blog.id);
    await context.unrouteAll();
    expect(await stateSeq(second)).toBe(4);
    const marker = second.locator("[data-stream] > .since-marker");
    await marker.waitFor(WAIT);
    expect(await marker.textContent()).toBe("New since your last visit (3)");
    expect(await marker.evaluate((el) => el.nextElementSibling?.id)).toBe(`entry-${newest.id}`);
    const summary = second.locator("[data-since-summary]");
    expect(await summary.locator("h2").textContent()).toBe("Key events since your last visit");
    const links = summary.locator("li a");
    expect(await links.count()).toBe(1);
    expect(await links.getAttribute("href")).toBe(`#entry-${key.id}`);
    expect(await seriousA11yViolations(second)).toEqual([]);

    // An entry that arrives during this visit goes above the marker and is not counted.
    const live = await site.editor.post(blog.id, { headline: "Live now", body: "…" });
    await second.locator(`#entry-${live.id}`).waitFor(WAIT);
    expect(await second.locator("[data-stream] > *").first().getAttribute("id")).toBe(
      `entry-${live.id}`,
    );
    expect(await marker.textContent()).toBe("New since your last visit (3)");
    expect(await marker.evaluate((el) => el.nextElementSibling?.id)).toBe(`entry-${newest.id}`);
    await summary.getByRole("button", { name: "Dismiss" }).click();
    await summary.waitFor({ state: "detached", ...WAIT });
    await second.close();
    await waitFor(async () => (await storedSeq(probe, blog.id)) === 7, {
      what: "the second visit's seq to be stored",
    });

    // Visit 3, served fresh: nothing new, no marker and no summary.
    const third = await visit(context, blog.id);
    expect(await stateSeq(third)).toBe(7);
    expect(await third.locator(`#entry-${live.id}`).count()).toBe(1);
    expect(await third.locator(".since-marker, [data-since-summary]").count()).toBe(0);
    await context.close();
  });
});

describe("notifications of key events", () => {
  it("asks only after the click, notifies once of a key event posted while the page is hidden, not of others, and counts unseen updates in the title", async () => {
    const blog = await site.editor.createBlog("Negotiations in Istanbul");
    await site.editor.post(blog.id, { headline: "Talks begin", body: "…" });
    const context = await site.browser.newContext({ permissions: ["notifications"] });
    await context.addInitScript(recordNotificationsAndVisibility);
    const page = await visit(context, blog.id);
    expect(await page.evaluate(() => document.visibilityState)).toBe("visible");
    expect(await page.title()).toBe("Negotiations in Istanbul (live)");

    const button = page.locator("[data-notify] button");
    expect(await button.textContent()).toBe("Notify me of key events");
    expect(await page.evaluate(() => window.permissionRequests)).toBe(0);
    await button.click();
    await page.locator("[data-notify] button", { hasText: "Stop notifications" }).waitFor(WAIT);
    expect(await page.locator("[data-notify-status]").textContent()).toBe(
      "You will be notified of key events while this page is open.",
    );
    expect(await page.evaluate(() => window.permissionRequests)).toBe(1);

    // The reader switches to another tab; an ordinary entry, then a key event, are posted.
    await page.evaluate(() => window.setPageHidden(true));
    const plain = await site.editor.post(blog.id, { headline: "Coffee break", body: "…" });
    const key = await site.editor.post(blog.id, {
      headline: "Ceasefire agreed",
      body: "…",
      keyEvent: true,
    });
    await page.locator(`#entry-${key.id}`).waitFor({ state: "attached", ...WAIT });
    await page.waitForFunction(() => window.recordedNotifications.length > 0, null, WAIT);
    // The ordinary entry came first, in seq order: had it notified, it would be there.
    expect(await page.evaluate(() => window.recordedNotifications)).toEqual([
      {
        title: "Key event: Negotiations in Istanbul",
        body: "Ceasefire agreed",
        tag: key.id,
        lang: "en",
      },
    ]);
    expect(await page.locator(`#entry-${plain.id}`).count()).toBe(1);
    await page.waitForFunction(() => document.title.startsWith("(2)"), null, WAIT);
    expect(await page.title()).toBe("(2) Negotiations in Istanbul (live)");

    // Clicking the notification shows the entry; coming back resets the title.
    await page.evaluate(() =>
      (window as unknown as { lastNotification: Notification }).lastNotification.dispatchEvent(
        new Event("click"),
      ),
    );
    await page.locator(`#entry-${key.id}.entry-target`).waitFor(WAIT);
    await page.evaluate(() => window.setPageHidden(false));
    expect(await page.title()).toBe("Negotiations in Istanbul (live)");
    await context.close();
  });

  it("speaks the blog's language (German)", async () => {
    const response = await fetch(`${site.server.url}/api/blogs`, {
      method: "POST",
      headers: { ...bearer, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Verhandlungen", id: `de-${Date.now()}`, language: "de" }),
    });
    expect(response.status).toBe(201);
    const blog = (await response.json()) as Blog;
    const context = await site.browser.newContext();
    const page = await visit(context, blog.id);
    expect(await page.locator("[data-notify] button").textContent()).toBe(
      "Bei wichtigen Ereignissen benachrichtigen",
    );
    await context.close();
  });
});
