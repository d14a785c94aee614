/**
 * Sharing an entry in real Chromium (issue 14): the device's share sheet where it has one (Linux
 * Chromium has none, so an init script gives the page a recording `navigator.share`, as a phone
 * would have), else the menu of plain links, URL-encoded, loading nothing from anywhere else;
 * Copy link; and an entry's own page, which opens scrolled to its entry.
 */
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Blog, Entry } from "../../shared/schemas.js";
import { seriousA11yViolations } from "./support/browser.js";
import { embedTag, hostArticle, useHostSite } from "./support/host-site.js";
import { useBrowserSite } from "./support/site.js";

// A browser on a busy two-core machine: room for the generous waits below.
vi.setConfig({ testTimeout: 45_000 });

const site = useBrowserSite();
const host = useHostSite();
const WAIT = { timeout: 15_000 };
const TITLE = `Q&A: "who wins?" #vote <live> Выборы`;
/** TITLE as encodeURIComponent writes it, spelled out so the test does not call the code it tests. */
const ENCODED_TITLE =
  "Q%26A%3A%20%22who%20wins%3F%22%20%23vote%20%3Clive%3E%20%D0%92%D1%8B%D0%B1%D0%BE%D1%80%D1%8B";
let blog: Blog;
let posted: Entry[];
let special: Entry;

beforeAll(async () => {
  blog = await site.editor.createBlog("Election night");
  posted = await site.editor.postMany(blog.id, 24);
  special = await site.editor.post(blog.id, { headline: TITLE, body: "Both camps answer." });
});

const permalink = (entry: Entry) => `${site.server.url}/blogs/${blog.id}/entries/${entry.id}`;
const shareButton = (page: Page, entry: Entry) => page.locator(`#entry-${entry.id} .entry-share`);

async function openLive(context: BrowserContext, path = `/blogs/${blog.id}`): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${site.server.url}${path}`);
  await page.locator("main.reader.is-live").waitFor(WAIT);
  return page;
}

/** A context whose pages have a share sheet that records what they give it. */
async function withShareSheet(context: BrowserContext, answer: "ok" | "AbortError") {
  await context.addInitScript((answer) => {
    const calls: ShareData[] = [];
    (window as unknown as { shared: ShareData[] }).shared = calls;
    Object.defineProperty(Navigator.prototype, "share", {
      configurable: true,
      value: async (data: ShareData) => {
        calls.push({ title: data.title, text: data.text, url: data.url });
        if (answer !== "ok") throw new DOMException("The reader closed the sheet", answer);
      },
    });
  }, answer);
}
const sharedSoFar = (page: Page) =>
  page.evaluate(() => (window as unknown as { shared: ShareData[] }).shared);

describe("the Web Share path", () => {
  it("gives the device's share sheet the blog's title, the entry's title and its own page", async () => {
    const context = await site.browser.newContext();
    try {
      await withShareSheet(context, "ok");
      const page = await openLive(context);
      const button = shareButton(page, special);
      await button.waitFor({ state: "visible", ...WAIT });
      expect(await button.getAttribute("aria-haspopup")).toBeNull();
      await button.click();
      await page.waitForFunction(
        () => (window as unknown as { shared: unknown[] }).shared.length === 1,
        null,
        WAIT,
      );
      expect(await sharedSoFar(page)).toEqual([
        { title: "Election night", text: TITLE, url: permalink(special) },
      ]);
      // The sheet is the device's: no menu of the page's own.
      expect(await page.locator(".share-menu:visible").count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("does nothing more when the reader closes the sheet (AbortError)", async () => {
    const context = await site.browser.newContext();
    try {
      await withShareSheet(context, "AbortError");
      const page = await openLive(context);
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await shareButton(page, posted[23]!).click();
      await page.waitForFunction(
        () => (window as unknown as { shared: unknown[] }).shared.length === 1,
        null,
        WAIT,
      );
      expect((await sharedSoFar(page))[0]!.url).toBe(permalink(posted[23]!));
      // A task after the sheet's answer: the page has handled that answer by then.
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
      expect(await page.locator(".share-menu:visible").count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe("the fallback menu", () => {
  it("offers the link and each network's share page, encoded, loading nothing from elsewhere", async () => {
    const context = await site.browser.newContext();
    try {
      const page = await openLive(context);
      expect(await page.evaluate(() => typeof navigator.share)).toBe("undefined");
      const requested: string[] = [];
      page.on("request", (request) => requested.push(request.url()));
      page.on("websocket", (socket) => requested.push(socket.url()));

      const button = shareButton(page, special);
      expect(await button.getAttribute("aria-expanded")).toBe("false");
      await button.click();
      const menu = page.getByRole("dialog", { name: "Share this update" });
      await menu.waitFor({ state: "visible", ...WAIT });
      expect(await button.getAttribute("aria-expanded")).toBe("true");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Copy link");
      expect(await menu.locator(".share-url").inputValue()).toBe(permalink(special));

      const url = permalink(special).replace(/:/g, "%3A").replace(/\//g, "%2F");
      const expected: [string, string][] = [
        ["Share on X", `https://x.com/intent/post?text=${ENCODED_TITLE}&url=${url}`],
        ["Share on Facebook", `https://www.facebook.com/sharer/sharer.php?u=${url}`],
        ["Share on WhatsApp", `https://wa.me/?text=${ENCODED_TITLE}%20${url}`],
        ["Share on Telegram", `https://t.me/share/url?url=${url}&text=${ENCODED_TITLE}`],
        ["Share on Bluesky", `https://bsky.app/intent/compose?text=${ENCODED_TITLE}%20${url}`],
        ["Share on LinkedIn", `https://www.linkedin.com/sharing/share-offsite/?url=${url}`],
        ["Send by e-mail", `mailto:?subject=${ENCODED_TITLE}&body=${url}`],
      ];
      const links = await menu.getByRole("link").evaluateAll((anchors) =>
        (anchors as HTMLAnchorElement[]).map((a) => ({
          name: a.textContent,
          href: a.getAttribute("href"),
          target: a.target,
          rel: a.rel,
        })),
      );
      expect(links).toEqual(
        expected.map(([name, href]) => ({
          name,
          href,
          target: name === "Send by e-mail" ? "" : "_blank",
          rel: name === "Send by e-mail" ? "" : "noopener noreferrer",
        })),
      );
      expect(await seriousA11yViolations(page)).toEqual([]);
      // Nothing was fetched from anywhere but this server since the page loaded.
      const foreign = requested.filter(
        (address) => new URL(address).host !== new URL(site.server.url).host,
      );
      expect(foreign).toEqual([]);

      // Escape closes it and puts focus back on the button.
      await page.keyboard.press("Escape");
      await menu.waitFor({ state: "hidden", ...WAIT });
      expect(await page.evaluate(() => document.activeElement?.closest("article")?.id)).toBe(
        `entry-${special.id}`,
      );
      expect(await button.getAttribute("aria-expanded")).toBe("false");

      // One menu for the page, now for another entry; a click elsewhere closes it.
      await shareButton(page, posted[23]!).click();
      await menu.waitFor({ state: "visible", ...WAIT });
      expect(await menu.locator(".share-url").inputValue()).toBe(permalink(posted[23]!));
      expect(await page.locator(".share-menu").count()).toBe(1);
      await page.locator("h1").click();
      await menu.waitFor({ state: "hidden", ...WAIT });
    } finally {
      await context.close();
    }
  });

  it("copies the link, saying so, and selects it to copy by hand when the clipboard refuses", async () => {
    const context = await site.browser.newContext({
      permissions: ["clipboard-read", "clipboard-write"],
    });
    try {
      const page = await openLive(context);
      await shareButton(page, special).click();
      await page.getByRole("button", { name: "Copy link" }).click();
      await page.getByRole("status").filter({ hasText: "Link copied." }).waitFor(WAIT);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(permalink(special));

      await page.evaluate(() => {
        navigator.clipboard.writeText = () =>
          Promise.reject(new DOMException("No", "NotAllowedError"));
      });
      await page.getByRole("button", { name: "Copy link" }).click();
      await page
        .getByRole("status")
        .filter({ hasText: "The link could not be copied; select it above and copy it." })
        .waitFor(WAIT);
      const selected = await page.evaluate(() => {
        const input = document.activeElement as HTMLInputElement;
        return input.value.slice(input.selectionStart!, input.selectionEnd!);
      });
      expect(selected).toBe(permalink(special));
    } finally {
      await context.close();
    }
  });
});

describe("in another site's article", () => {
  it("shares the entry's place in the host article once the host has said where it is", async () => {
    const context = await site.browser.newContext();
    try {
      const page = await context.newPage();
      const article = host.serve(hostArticle(embedTag(site.server.url, blog.id)));
      await page.goto(article);
      const frame = page.frameLocator(`iframe[src*="/blogs/${blog.id}/embed?"]`);
      const hostLink = `${article}#lb-entry-${special.id}`;
      // The time links point at the host article once the frame knows it.
      await frame
        .locator(`#entry-${special.id} a.entry-time[href="${hostLink}"]`)
        .waitFor({ state: "attached", ...WAIT });
      await frame.locator(`#entry-${special.id} .entry-share`).click();
      const menu = frame.getByRole("dialog", { name: "Share this update" });
      await menu.waitFor({ state: "visible", ...WAIT });
      expect(await menu.locator(".share-url").inputValue()).toBe(hostLink);
      const encoded = encodeURIComponent(hostLink);
      expect(await menu.getByRole("link", { name: "Share on Facebook" }).getAttribute("href")).toBe(
        `https://www.facebook.com/sharer/sharer.php?u=${encoded}`,
      );
    } finally {
      await context.close();
    }
  });
});

describe("an entry's own page", () => {
  const inView = (page: Page, entry: Entry) =>
    page.waitForFunction(
      (id) => {
        const element = document.getElementById(id);
        const box = element?.getBoundingClientRect();
        return (
          !!box &&
          box.top >= -1 &&
          box.top < window.innerHeight &&
          element!.classList.contains("entry-target") &&
          document.activeElement === element
        );
      },
      `entry-${entry.id}`,
      WAIT,
    );

  it("opens scrolled to its entry and marks it, on the first page or older than it", async () => {
    const context = await site.browser.newContext({ viewport: { width: 1100, height: 700 } });
    try {
      // Far down the first page, and older than it.
      for (const entry of [posted[6]!, posted[0]!]) {
        const page = await openLive(context, `/blogs/${blog.id}/entries/${entry.id}`);
        await inView(page, entry);
        await page.close();
      }
    } finally {
      await context.close();
    }
  });

  it("shows no Share button without JavaScript, where it could do nothing", async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(permalink(posted[0]!));
      expect(await page.locator(`#entry-${posted[0]!.id}`).count()).toBe(1);
      expect(await page.locator(".entry-share").count()).toBeGreaterThan(0);
      expect(await page.locator(".entry-share:visible").count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
