/**
 * Embed cards in real Chromium: the gate is closed until the reader clicks (no frame, no request
 * to the provider), the click makes exactly the registry's frame with its sandbox and permissions,
 * "Always allow" loads the provider's cards at once, live ones included, and can be taken back;
 * post frames take the height they report; a card the page will not frame keeps only its link.
 *
 * No test reaches the internet: every https request is answered here by a stub page (recorded),
 * or fails as it would offline.
 */
import type { BrowserContext, Page, Route } from "playwright-core";
import { describe, expect, it, vi } from "vitest";
import { findEmbed, FIXED_FRAME_ORIGINS } from "../../shared/embeds/providers.js";
import type { Entry } from "../../shared/schemas.js";
import { TEST_PASSWORD } from "../support/instance.js";
import { seriousA11yViolations, watchConsoleErrors } from "./support/browser.js";
import { embedTag, useHostSite } from "./support/host-site.js";
import { useBrowserSite } from "./support/site.js";

vi.setConfig({ testTimeout: 45_000 });

const site = useBrowserSite();
const host = useHostSite();
const WAIT = { timeout: 10_000 };
const VIDEOS = [
  "https://youtu.be/dQw4w9WgXcQ",
  "https://www.youtube.com/watch?v=9bZkp7q19f0",
  "https://www.youtube.com/shorts/jNQXAC9IVRw",
];

/** What a provider's frame does here: Bluesky and Mastodon report a height, as theirs do. */
function stubPage(url: string): string {
  if (url.startsWith("https://embed.bsky.app/"))
    return `<script>parent.postMessage({ id: null, height: 321 }, "*")</script>`;
  if (url.startsWith("https://mastodon.social/"))
    return `<script>addEventListener("message", (e) => { if (e.data && e.data.type === "setHeight") parent.postMessage({ type: "setHeight", id: e.data.id, height: 345 }, "*") })</script>`;
  return `<p>A provider's page</p>`;
}

interface Reader {
  page: Page;
  context: BrowserContext;
  /** Every https URL the page or its frames asked for. */
  requests: string[];
  /** CSP violations the page reported. */
  violations(): Promise<string[]>;
}

/**
 * A reader's browser on `path`, live (a reader page, unless `live` is false), with providers
 * stubbed (or failing, `offline`).
 */
async function openReader(
  path: string,
  {
    context,
    offline = false,
    live = path.startsWith("/blogs/"),
  }: { context?: BrowserContext; offline?: boolean; live?: boolean } = {},
): Promise<Reader> {
  context ??= await site.browser.newContext({ viewport: { width: 1100, height: 900 } });
  const requests: string[] = [];
  await context.route(/^https:\/\//, (route: Route) => {
    requests.push(route.request().url());
    if (offline) return route.abort("internetdisconnected");
    return route.fulfill({ contentType: "text/html", body: stubPage(route.request().url()) });
  });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(`${site.server.url}${path}`);
  if (live) await page.locator('[data-connection][data-state="live"]').waitFor(WAIT);
  const violations = () =>
    page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  return { page, context, requests, violations };
}

const card = (page: Page, entry: Entry) => page.locator(`#entry-${entry.id} figure.embed-card`);
const frame = (page: Page, entry: Entry) => card(page, entry).locator("iframe");

describe("embed cards on the reader page", () => {
  it("show no frame until the reader clicks, then exactly the registry's frame, sandboxed, with the focus in it", async () => {
    const blog = await site.editor.createBlog();
    const entry = await site.editor.post(blog.id, { body: `The statement:\n\n${VIDEOS[0]}` });
    const reader = await openReader(`/blogs/${blog.id}`);
    const { page } = reader;

    await card(page, entry).getByRole("button", { name: "Load YouTube video" }).waitFor(WAIT);
    expect(await page.locator("iframe").count()).toBe(0);
    expect(reader.requests).toEqual([]);
    expect(await card(page, entry).textContent()).toContain(
      "Loading this YouTube video shows content from YouTube, which may set cookies",
    );
    expect(await seriousA11yViolations(page)).toEqual([]);

    await card(page, entry).getByRole("button", { name: "Load YouTube video" }).click();
    const iframe = frame(page, entry);
    await iframe.waitFor(WAIT);
    const src = findEmbed(VIDEOS[0]!)!.frame.src;
    expect(src).toBe("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
    expect(
      await iframe.evaluate((element: HTMLIFrameElement) => ({
        src: element.getAttribute("src"),
        title: element.title,
        loading: element.getAttribute("loading"),
        allow: element.getAttribute("allow"),
        referrerpolicy: element.getAttribute("referrerpolicy"),
        sandbox: element.getAttribute("sandbox"),
        focused: document.activeElement === element,
      })),
    ).toEqual({
      src,
      title: "YouTube: video",
      loading: "lazy",
      allow: "encrypted-media; picture-in-picture; fullscreen",
      referrerpolicy: "strict-origin-when-cross-origin",
      sandbox:
        "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation",
      focused: true,
    });
    expect(await card(page, entry).locator(".embed-gate").isHidden()).toBe(true);
    // The frame was asked for, and the page's CSP let it: frame-src names the provider.
    await expect.poll(() => reader.requests.includes(src), WAIT).toBe(true);
    expect(await reader.violations()).toEqual([]);

    // Once is not always: the next visit is gated again.
    await page.reload();
    await card(page, entry).getByRole("button", { name: "Load YouTube video" }).waitFor(WAIT);
    expect(await page.locator("iframe").count()).toBe(0);
    await reader.context.close();
  });

  it("'Always allow' loads every card of the provider, a live one without a click, until the reader takes it back", async () => {
    const blog = await site.editor.createBlog();
    const first = await site.editor.post(blog.id, { body: VIDEOS[0]! });
    const second = await site.editor.post(blog.id, { body: `Another angle:\n${VIDEOS[1]}` });
    const reader = await openReader(`/blogs/${blog.id}`);
    const { page } = reader;

    await card(page, first).getByLabel("Always allow YouTube").check();
    await card(page, first).getByRole("button", { name: "Load YouTube video" }).click();
    await frame(page, first).waitFor(WAIT);
    await frame(page, second).waitFor(WAIT);
    expect(await page.evaluate(() => localStorage.getItem("lb-embeds:always-allow:youtube"))).toBe(
      "yes",
    );

    // A new entry arrives live with another video: its frame is there, nobody clicked.
    const live = await site.editor.post(blog.id, { body: `Vertical video:\n\n${VIDEOS[2]}` });
    await frame(page, live).waitFor(WAIT);
    expect(await frame(page, live).getAttribute("src")).toBe(
      "https://www.youtube-nocookie.com/embed/jNQXAC9IVRw",
    );
    expect(await card(page, live).locator(".embed-gate").isHidden()).toBe(true);
    // So does an entry edited live: it is drawn anew, with its frame.
    await site.editor.edit(blog.id, live.id, { version: 1, body: `Upright:\n\n${VIDEOS[2]}` });
    await page.locator(`#entry-${live.id}[data-version="2"] iframe`).waitFor(WAIT);

    // And the next visit loads them at once.
    await page.reload();
    for (const entry of [first, second, live]) await frame(page, entry).waitFor(WAIT);

    await card(page, second)
      .getByRole("button", { name: "Stop loading YouTube automatically" })
      .click();
    expect(await page.locator("iframe").count()).toBe(0);
    expect(
      await card(page, second)
        .getByRole("button", { name: "Load YouTube video" })
        .evaluate((button) => document.activeElement === button),
    ).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem("lb-embeds:always-allow:youtube"))).toBe(
      null,
    );
    expect(await reader.violations()).toEqual([]);
    await reader.context.close();
  });

  it("sizes post frames by the height they report, and loads Mastodon only from a listed server", async () => {
    const blog = await site.editor.createBlog();
    const bluesky = await site.editor.post(blog.id, {
      body: "https://bsky.app/profile/jay.bsky.team/post/3jszsrnruws27",
    });
    const listed = await site.editor.post(blog.id, {
      body: "https://mastodon.social/@Gargron/109312345678901234",
    });
    const unlisted = await site.editor.post(blog.id, { body: "https://tiny.example/@someone/42" });
    const reader = await openReader(`/blogs/${blog.id}`);
    const { page } = reader;

    await card(page, bluesky).getByRole("button", { name: "Load Bluesky post" }).click();
    await expect
      .poll(() => frame(page, bluesky).evaluate((element) => element.style.height), WAIT)
      .toBe("321px");

    await card(page, listed).getByRole("button", { name: "Load Mastodon post" }).click();
    expect(await frame(page, listed).getAttribute("src")).toBe(
      "https://mastodon.social/@Gargron/109312345678901234/embed",
    );
    await expect
      .poll(() => frame(page, listed).evaluate((element) => element.style.height), WAIT)
      .toBe("345px");

    // A server the site does not list: the link, and no button to press.
    expect(await card(page, unlisted).getByRole("button").count()).toBe(0);
    expect(await card(page, unlisted).locator(".embed-notice").textContent()).toBe(
      "Content from tiny.example is not shown on this site. The link above opens it.",
    );
    expect(await card(page, unlisted).getByRole("link").getAttribute("href")).toBe(
      "https://tiny.example/@someone/42",
    );
    expect(reader.requests.some((url) => url.includes("tiny.example"))).toBe(false);
    expect(await reader.violations()).toEqual([]);
    await reader.context.close();
  });

  it("builds no frame for a tampered card whose link is not its provider's, even when the provider is allowed", async () => {
    const blog = await site.editor.createBlog();
    const entry = await site.editor.post(blog.id, { body: VIDEOS[0]! });
    const context = await site.browser.newContext();
    await context.addInitScript(() =>
      localStorage.setItem("lb-embeds:always-allow:youtube", "yes"),
    );
    // The stored HTML as an attacker with the store in hand would change it.
    await context.route(`${site.server.url}/blogs/${blog.id}`, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(
        `class="embed-link" href="${VIDEOS[0]}"`,
        `class="embed-link" href="https://evil.example/frame"`,
      );
      await route.fulfill({ response, body });
    });
    // A page Chromium got from a route is not "local": it may not open its socket to 127.0.0.1.
    const reader = await openReader(`/blogs/${blog.id}`, { context, live: false });

    await card(reader.page, entry).locator(".embed-notice", { hasText: "not shown" }).waitFor(WAIT);
    expect(await reader.page.locator("iframe").count()).toBe(0);
    expect(await card(reader.page, entry).getByRole("button").count()).toBe(0);
    expect(reader.requests).toEqual([]);
    await context.close();
  });

  it("keeps the page working when the provider cannot be reached", async () => {
    const blog = await site.editor.createBlog();
    const entry = await site.editor.post(blog.id, { body: VIDEOS[0]! });
    const reader = await openReader(`/blogs/${blog.id}`, { offline: true });
    const errors = watchConsoleErrors(reader.page);

    await card(reader.page, entry).getByRole("button", { name: "Load YouTube video" }).click();
    await expect.poll(() => reader.requests.length, WAIT).toBeGreaterThan(0);
    const next = await site.editor.post(blog.id, { headline: "Still live", body: "Yes." });
    await reader.page.locator(`#entry-${next.id}`).waitFor(WAIT);
    expect(await frame(reader.page, entry).count()).toBe(1);
    expect(errors.filter((error) => error.startsWith("uncaught"))).toEqual([]);
    await reader.context.close();
  });
});

describe("embed cards on the embed page and the desk", () => {
  it("gate the same way on the embed page, whose CSP frames the providers", async () => {
    const blog = await site.editor.createBlog();
    const entry = await site.editor.post(blog.id, { body: VIDEOS[1]! });
    const context = await site.browser.newContext();
    const response = await context.request.get(`${site.server.url}/blogs/${blog.id}/embed`);
    const policy = response.headers()["content-security-policy"] ?? "";
    for (const origin of FIXED_FRAME_ORIGINS) expect(policy).toContain(origin);
    const reader = await openReader(`/blogs/${blog.id}/embed`, { context });

    expect(await reader.page.locator("iframe").count()).toBe(0);
    await card(reader.page, entry).getByRole("button", { name: "Load YouTube video" }).click();
    expect(await frame(reader.page, entry).getAttribute("src")).toBe(
      "https://www.youtube-nocookie.com/embed/9bZkp7q19f0",
    );
    expect(await reader.violations()).toEqual([]);
    await context.close();
  });

  it("load inside another site's article, with the players' permissions passed down by embed.js", async () => {
    const blog = await site.editor.createBlog();
    const entry = await site.editor.post(blog.id, { body: VIDEOS[0]! });
    const article = host.serve(
      `<!doctype html><title>Article</title><p>The story.</p>${embedTag(site.server.url, blog.id)}`,
    );
    const reader = await openReader("", { live: false });
    await reader.page.goto(article);
    const liveBlog = reader.page.frameLocator('iframe[title="Live blog"]');

    await liveBlog.getByRole("button", { name: "Load YouTube video" }).click();
    const player = liveBlog.locator(`#entry-${entry.id} iframe`);
    expect(await player.getAttribute("src")).toBe(
      "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    );
    const frame = reader.page.frames().find((f) => f.url().startsWith(site.server.url))!;
    const allowed = await frame.evaluate(() =>
      ["fullscreen", "encrypted-media", "picture-in-picture"].filter((feature) =>
        (
          document as unknown as { featurePolicy: { allowsFeature(f: string): boolean } }
        ).featurePolicy.allowsFeature(feature),
      ),
    );
    expect(allowed).toEqual(["fullscreen", "encrypted-media", "picture-in-picture"]);
    await reader.context.close();
  });

  it("gate the desk's preview", async () => {
    const blog = await site.editor.createBlog();
    const reader = await openReader(`/admin?blog=${blog.id}`);
    const { page } = reader;
    await page.getByLabel("Name").fill("admin");
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByLabel("Body").fill(`Watch:\n${VIDEOS[0]}`);

    const preview = page.locator("[data-preview] figure.embed-card");
    await preview.getByRole("button", { name: "Load YouTube video" }).click();
    expect(await preview.locator("iframe").getAttribute("src")).toBe(
      "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    );
    expect(await reader.violations()).toEqual([]);
    await reader.context.close();
  });
});
