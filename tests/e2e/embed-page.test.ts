/**
 * The embed page inside a host page served from another origin, in real Chromium: it renders and
 * stays live (post, edit, delete), reports its height and answers a permalink with the entry's
 * top over postMessage, keeps a reader who scrolled the HOST page in place, applies its options
 * (and ignores bad ones), is refused by a browser when EMBED_ORIGINS names another site, sets no
 * cookie, shows a small state for an unknown blog, and passes axe-core light and dark. The other
 * pages, the desk and the API stay unframable.
 */
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { EMBED_MESSAGE_TAG } from "../../shared/embed-protocol.js";
import type { Blog, Entry } from "../../shared/schemas.js";
import { startInstance } from "../support/instance.js";
import { waitFor } from "../support/wait.js";
import { afterFrameRenders, openPage, seriousA11yViolations } from "./support/browser.js";
import { startHostServer, type HostServer } from "./support/host-page.js";
import { useBrowserSite } from "./support/site.js";

// A browser on a busy two-core machine: room for the generous waits below.
vi.setConfig({ testTimeout: 60_000 });

const site = useBrowserSite();
let host: HostServer;
let blog: Blog;
let posted: Entry[];

beforeAll(async () => {
  host = await startHostServer();
  blog = await site.editor.createBlog("Election night", { description: "Results as they come." });
  posted = await site.editor.postMany(blog.id, 8);
});
afterAll(async () => {
  await host?.close();
});

const WAIT = { timeout: 15_000 };
const embedUrl = (query = "frame=f1", blogId = blog.id) =>
  `${site.server.url}/blogs/${blogId}/embed?${query}`;

interface Posted {
  from: string;
  data: { tag: string; frame: string; type: string; height?: number; top?: number };
}
const messages = (page: Page) =>
  page.evaluate(() => (window as unknown as { lbMessages: Posted[] }).lbMessages);
const lastOf = async (page: Page, type: string) =>
  (await messages(page)).filter((m) => m.data.type === type).at(-1)?.data;

/** Opens a host article with the embed page in iframe #f1; waits until it is live. */
async function openHost(query = "frame=f1", options: { spaceAbove?: number } = {}) {
  const url = host.page(
    `/article-${Math.random().toString(36).slice(2)}`,
    [{ id: "f1", src: embedUrl(query) }],
    options,
  );
  const page = await openPage(site.browser, url);
  const frame = page.frame({ url: /\/embed\?/ })!;
  await frame.locator('[data-connection][data-state="live"]').waitFor(WAIT);
  return { page, frame };
}

const frameHeight = (frame: Frame) =>
  frame.evaluate(() => document.documentElement.getBoundingClientRect().height);

describe("inside a host page on another origin", () => {
  it("renders, and shows a post, an edit and a delete live", async () => {
    const { page, frame } = await openHost();
    expect(await frame.locator("h1").textContent()).toBe("Election night");
    expect(await frame.locator(".site-header").count()).toBe(0);
    expect(await frame.locator("[data-stream] > .entry").count()).toBe(8);

    const entry = await site.editor.post(blog.id, { headline: "First results", body: "In." });
    const headline = frame.locator(`#entry-${entry.id} .entry-headline`);
    await headline.waitFor(WAIT);
    expect(await headline.textContent()).toBe("First results");

    await site.editor.edit(blog.id, entry.id, { version: entry.version, headline: "Results in" });
    await waitFor(async () => (await headline.textContent()) === "Results in", { what: "edit" });

    await site.editor.remove(blog.id, entry.id);
    await frame.locator(`#entry-${entry.id}`).waitFor({ state: "detached", ...WAIT });
    await page.context().close();
  });

  it("posts ready once and height messages that match the frame document's height", async () => {
    const { page, frame } = await openHost();
    await waitFor(
      async () => {
        const height = await lastOf(page, "height");
        return !!height && Math.abs(height.height! - (await frameHeight(frame))) <= 3;
      },
      { what: "a height message matching the document" },
    );
    const all = await messages(page);
    expect(all.filter((m) => m.data.type === "ready")).toHaveLength(1);
    expect(all.every((m) => m.from === "f1" && m.data.tag === EMBED_MESSAGE_TAG)).toBe(true);
    expect(all.every((m) => m.data.frame === "f1")).toBe(true);

    // A new entry makes the document taller: a new height follows it.
    const before = (await lastOf(page, "height"))!.height!;
    const entry = await site.editor.post(blog.id, { headline: "Turnout", body: "High.\n\nVery." });
    await frame.locator(`#entry-${entry.id}`).waitFor(WAIT);
    await waitFor(
      async () => {
        const height = (await lastOf(page, "height"))!.height!;
        return height > before && Math.abs(height - (await frameHeight(frame))) <= 3;
      },
      { what: "a taller height message" },
    );
    // The host sized the iframe from the messages alone, so the frame shows all and never scrolls.
    expect(await frame.evaluate(() => getComputedStyle(document.documentElement).overflow)).toBe(
      "hidden",
    );
    await site.editor.remove(blog.id, entry.id);
    await page.context().close();
  });

  it("answers a permalink message with the entry's top, paging back to an entry not yet shown", async () => {
    const { page, frame } = await openHost("frame=f1&limit=3");
    const old = posted[1]!;
    expect(await frame.locator(`#entry-${old.id}`).count()).toBe(0);
    await page.evaluate(
      ([tag, entryId]) =>
        (document.getElementById("f1") as HTMLIFrameElement).contentWindow!.postMessage(
          { tag, type: "permalink", entryId },
          "*",
        ),
      [EMBED_MESSAGE_TAG, old.id] as const,
    );
    await waitFor(async () => !!(await lastOf(page, "scroll")), { what: "a scroll message" });
    const top = await frame.evaluate(
      (id) => document.getElementById(`entry-${id}`)!.getBoundingClientRect().top,
      old.id,
    );
    expect(Math.abs((await lastOf(page, "scroll"))!.top! - top)).toBeLessThanOrEqual(3);
    await page.context().close();
  });

  it("points share links at the host article after a host message", async () => {
    const { page, frame } = await openHost();
    const hostUrl = page.url();
    await page.evaluate(
      ([tag, url]) =>
        (document.getElementById("f1") as HTMLIFrameElement).contentWindow!.postMessage(
          { tag, type: "host", url },
          "*",
        ),
      [EMBED_MESSAGE_TAG, hostUrl] as const,
    );
    const link = frame.locator(`#entry-${posted[7]!.id} a.entry-time`);
    await waitFor(async () => (await link.getAttribute("target")) === "_top", { what: "links" });
    expect(await link.getAttribute("href")).toBe(`${hostUrl}#lb-entry-${posted[7]!.id}`);
    await page.context().close();
  });

  it("keeps the place of a reader who scrolled the host page past the top of the stream", async () => {
    const { page, frame } = await openHost("frame=f1", { spaceAbove: 100 });
    await waitFor(async () => (await page.locator("#f1").boundingBox())!.height > 600, {
      what: "the frame sized to its content",
    });
    // Scroll the HOST page so that the stream's top is above its viewport.
    const streamTop = await frame.evaluate(
      () => document.querySelector("[data-stream]")!.getBoundingClientRect().top,
    );
    const frameTop = (await page.locator("#f1").boundingBox())!.y;
    await page.evaluate((y) => window.scrollTo(0, y), frameTop + streamTop + 200);
    // The frame learns of the host's scroll from its IntersectionObserver: before the post.
    await afterFrameRenders(frame);
    const firstShown = await frame.locator("[data-stream] > .entry").first().getAttribute("id");

    const entry = await site.editor.post(blog.id, { headline: "Held back", body: "Wait." });
    const button = frame.locator("[data-new-updates]");
    await button.waitFor({ state: "visible", ...WAIT });
    expect(await button.textContent()).toBe("1 new update");
    expect(await frame.locator("[data-stream] > .entry").first().getAttribute("id")).toBe(
      firstShown,
    );

    // Back at the top of the host page, the held entry slides in.
    await page.evaluate(() => window.scrollTo(0, 0));
    await frame.locator(`[data-stream] > #entry-${entry.id}`).waitFor(WAIT);
    await site.editor.remove(blog.id, entry.id);
    await page.context().close();
  });
});

describe("options", () => {
  it("applies theme, accent, limit and keyEvents", async () => {
    const { page, frame } = await openHost(
      "frame=f1&theme=dark&accent=%2300aa00&limit=3&keyEvents=0",
    );
    expect(await frame.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      "rgb(18, 20, 22)",
    );
    expect(
      await frame.locator(".status-live").evaluate((el) => getComputedStyle(el).backgroundColor),
    ).toBe("rgb(0, 170, 0)");
    expect(await frame.locator("[data-stream] > .entry").count()).toBe(3);
    expect(await frame.locator(".key-events-panel").isVisible()).toBe(false);
    await page.context().close();
  });

  it("ignores a bad accent and bad values, and is transparent by default", async () => {
    const query = new URLSearchParams({
      frame: "f1",
      accent: "red;}body{display:none",
      theme: "neon",
      limit: "5000",
      keyEvents: "yes",
    });
    const res = await fetch(embedUrl(query.toString()));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).not.toContain("display:none");
    expect(html).not.toContain("red;");
    const { page, frame } = await openHost(query.toString());
    expect(await frame.evaluate(() => document.documentElement.getAttribute("style"))).toBeNull();
    expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBe("auto");
    expect(await frame.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      "rgba(0, 0, 0, 0)",
    );
    expect(await frame.locator("main").isVisible()).toBe(true);
    expect(await frame.locator("[data-stream] > .entry").count()).toBe(posted.length);
    expect(await frame.locator(".key-events-panel").isVisible()).toBe(true);
    await page.context().close();
  });
});

describe("framing and headers", () => {
  it("may be framed by any origin by default; the desk, the API and the reader page may not", async () => {
    const embed = await fetch(embedUrl());
    expect(embed.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(embed.headers.get("content-security-policy")).not.toContain("frame-ancestors 'self'");
    expect(embed.headers.get("x-frame-options")).toBeNull();
    expect(embed.headers.get("set-cookie")).toBeNull();

    for (const path of ["/admin", `/blogs/${blog.id}`, "/api/blogs", `/api/blogs/${blog.id}`]) {
      const res = await fetch(`${site.server.url}${path}`);
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'self'");
      expect(res.headers.get("x-frame-options"), path).toBe("SAMEORIGIN");
    }
  });

  it("shows a small framable state for an unknown blog, with a height", async () => {
    const res = await fetch(embedUrl("frame=f1", "no-such-blog"));
    expect(res.status).toBe(404);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(res.headers.get("x-frame-options")).toBeNull();

    const url = host.page("/missing", [{ id: "f1", src: embedUrl("frame=f1", "no-such-blog") }]);
    const page = await openPage(site.browser, url);
    const frame = page.frame({ url: /\/embed\?/ })!;
    await frame.getByText("This live blog does not exist").waitFor(WAIT);
    await waitFor(async () => !!(await lastOf(page, "height")), { what: "a height message" });
    expect((await lastOf(page, "height"))!.height).toBeLessThan(200);
    await page.context().close();
  });

  it("is refused when EMBED_ORIGINS names another site, and never loads there", async () => {
    const strict = await startInstance({ env: { EMBED_ORIGINS: "https://news.example" } });
    try {
      const other = await site.editor.createBlog("Strict");
      const ownBlog = await fetch(`${strict.url}/api/blogs`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Authorization: "Bearer test-admin-token-0123456789abcdef",
        },
        body: JSON.stringify({ id: "strict", title: "Strict" }),
      });
      expect(ownBlog.status).toBe(201);
      const res = await fetch(`${strict.url}/blogs/strict/embed?frame=s1`);
      expect(res.headers.get("content-security-policy")).toContain(
        "frame-ancestors https://news.example",
      );
      // The refused frame beside an allowed one: once the allowed one is ready (the sentinel),
      // the refused one has had every chance to load.
      const url = host.page("/strict", [
        { id: "s1", src: `${strict.url}/blogs/strict/embed?frame=s1` },
        { id: "ok", src: embedUrl("frame=ok", other.id) },
      ]);
      const page = await openPage(site.browser, url);
      await waitFor(async () => (await messages(page)).some((m) => m.from === "ok"), {
        what: "the allowed frame's messages",
      });
      await page.locator("#s1").evaluate(
        (el) =>
          new Promise((resolve) => {
            // The iframe has finished with whatever it got (an error page) once it loaded.
            if ((el as HTMLIFrameElement).contentDocument === null) resolve(null);
            el.addEventListener("load", () => resolve(null), { once: true });
          }),
      );
      expect((await messages(page)).filter((m) => m.from === "s1")).toEqual([]);
      const refused = page.frames().find((f) => f.name() === "" && f.url().includes("strict"));
      if (refused) expect(await refused.locator("main.reader").count()).toBe(0);
      await page.context().close();
    } finally {
      await strict.close();
    }
  });
});

describe("accessibility", () => {
  for (const theme of ["light", "dark"] as const) {
    it(`finds no serious or critical axe violations in the frame (${theme})`, async () => {
      const { page, frame } = await openHost(`frame=f1&theme=${theme}`);
      expect(await seriousA11yViolations(frame)).toEqual([]);
      await page.context().close();
    });
  }
});
