/**
 * The one script tag in real Chromium: a newsroom's article page on another origin (a node:http
 * server on its own port) loads /embed.js from the liveblog instance, which puts a live frame of
 * the blog where the tag is, keeps it as tall as its content, follows permalinks in the host's
 * URL, keeps the host reader's place, and believes no message but its own frame's.
 */
import type { Page } from "playwright-core";
import { describe, expect, it, vi } from "vitest";
import { EMBED_MESSAGE_TAG, FRAME_ID_PATTERN } from "../../shared/embed-protocol.js";
import { waitFor } from "../support/wait.js";
import { afterFrameRenders } from "./support/browser.js";
import { embedTag, hostArticle, useHostSite } from "./support/host-site.js";
import { useBrowserSite } from "./support/site.js";

// A browser on a busy two-core machine: room for the generous waits below.
vi.setConfig({ testTimeout: 60_000 });

const site = useBrowserSite();
const host = useHostSite();
const WAIT = { timeout: 15_000 };

const tag = (blogId: string, data: Record<string, string> = {}) =>
  embedTag(site.server.url, blogId, data);
const frameSelector = (blogId: string) => `iframe[src*="/blogs/${blogId}/embed?"]`;

async function openHost(html: string, hash = ""): Promise<Page> {
  const context = await site.browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  await page.goto(host.serve(html) + hash);
  return page;
}

const entryIn = (page: Page, blogId: string, entryId: string) =>
  page.frameLocator(frameSelector(blogId)).locator(`#entry-${entryId}`);
const frameHeight = (page: Page, blogId: string) =>
  page.locator(frameSelector(blogId)).evaluate((el) => el.getBoundingClientRect().height);
/** The frame's id (`?frame=`), which its messages must name. */
const frameIdOf = async (page: Page, blogId: string) =>
  new URL((await page.locator(frameSelector(blogId)).getAttribute("src"))!).searchParams.get(
    "frame",
  )!;
/** Resolves after the host page has drawn twice: a height change and its scroll fix are done. */
const twoFrames = (page: Page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/**
 * How tall the frame's content is at the frame's width: the same embed page opened on its own
 * in a viewport that short, where the document's scrollHeight is its content's height.
 */
async function contentHeight(page: Page, blogId: string): Promise<number> {
  const frame = page.locator(frameSelector(blogId));
  const [src, width] = await frame.evaluate((el: HTMLIFrameElement) => [
    el.src,
    el.getBoundingClientRect().width,
  ]);
  const context = await site.browser.newContext({
    viewport: { width: Math.round(width as number), height: 100 },
  });
  const alone = await context.newPage();
  await alone.goto(src as string);
  await alone.locator(".entry").first().waitFor(WAIT);
  const height = await alone.evaluate(() => document.documentElement.scrollHeight);
  await context.close();
  return height;
}

/**
 * Waits until the frame is exactly as tall as its content, give or take 3 px. It scrolls the
 * frame into view first: Chromium does not draw a cross-origin frame out of view, so such a
 * frame measures (and says) its height only once the reader comes near it.
 */
async function expectSizedToContent(page: Page, blogId: string): Promise<number> {
  await page.locator(frameSelector(blogId)).scrollIntoViewIfNeeded();
  const content = await contentHeight(page, blogId);
  await waitFor(async () => Math.abs((await frameHeight(page, blogId)) - content) <= 3, {
    what: `the frame of ${blogId} to be ${content} px tall`,
  });
  return content;
}

describe("the embed script on a host page of another origin", () => {
  it("puts a frame of the blog where its tag is, as tall as its content, and keeps it live", async () => {
    const blog = await site.editor.createBlog("Election night");
    const kept = await site.editor.post(blog.id, { headline: "Polls open", body: "Queues early." });
    const gone = await site.editor.post(blog.id, { headline: "Wrong", body: "Will be deleted." });
    const options = { theme: "dark", accent: "#C00", limit: "10", "key-events": "0" };
    const page = await openHost(hostArticle(tag(blog.id, options)));
    await entryIn(page, blog.id, kept.id).waitFor(WAIT);

    const frame = page.locator(frameSelector(blog.id));
    const placed = await frame.evaluate((el: HTMLIFrameElement) => ({
      before: el.previousElementSibling?.id,
      after: el.nextElementSibling?.getAttribute("src"),
      title: el.title,
      width: el.getBoundingClientRect().width,
      column: el.parentElement!.clientWidth - 32,
    }));
    expect(placed).toMatchObject({ before: "before-3", title: "Live blog" });
    expect(placed.after).toBe(`${site.server.url}/embed.js`);
    expect(placed.width).toBe(placed.column);
    const src = new URL((await frame.getAttribute("src"))!);
    expect(src.origin).toBe(site.server.url);
    expect(src.pathname).toBe(`/blogs/${blog.id}/embed`);
    expect(Object.fromEntries(src.searchParams)).toEqual({
      frame: expect.stringMatching(FRAME_ID_PATTERN),
      theme: "dark",
      accent: "#c00",
      limit: "10",
      keyEvents: "0",
    });
    const first = await expectSizedToContent(page, blog.id);

    const posted = await site.editor.post(blog.id, {
      headline: "First results",
      body: "Turnout is *high*.\n\nA second paragraph, so the frame has to grow.",
    });
    await entryIn(page, blog.id, posted.id).waitFor(WAIT);
    expect(await entryIn(page, blog.id, posted.id).locator(".entry-body em").textContent()).toBe(
      "high",
    );
    expect(await expectSizedToContent(page, blog.id)).toBeGreaterThan(first + 20);

    await site.editor.edit(blog.id, kept.id, { version: 1, body: "Queues early, and long." });
    await entryIn(page, blog.id, kept.id)
      .locator(".entry-body", { hasText: "Queues early, and long." })
      .waitFor(WAIT);
    await site.editor.remove(blog.id, gone.id);
    await entryIn(page, blog.id, gone.id).waitFor({ state: "detached", ...WAIT });
    await expectSizedToContent(page, blog.id);
    await page.context().close();
  });

  it("touches nothing else on the host page: no globals, no other element", async () => {
    const blog = await site.editor.createBlog();
    await site.editor.post(blog.id, { body: "Hello." });
    const bare = await openHost(hostArticle("<p>no embed</p>"));
    const page = await openHost(hostArticle(tag(blog.id)));
    await page.locator(frameSelector(blog.id)).waitFor({ state: "attached", ...WAIT });
    // Indexed names ("0") are the browser's: window[0] is the first frame's window.
    const globals = (p: Page) =>
      p.evaluate(() =>
        Object.getOwnPropertyNames(window)
          .filter((name) => !/^[0-9]+$/.test(name))
          .sort(),
      );
    expect(await globals(page)).toEqual(await globals(bare));
    const shape = await page.evaluate(() => ({
      elements: document.querySelectorAll("body *:not(iframe)").length,
      styled: document.querySelectorAll("[style]:not(iframe)").length,
      htmlAttributes: document.documentElement.attributes.length,
    }));
    // The bare page's <p>no embed</p> stands where the script tag is.
    expect(shape).toEqual({
      elements: await bare.evaluate(() => document.querySelectorAll("body *").length),
      styled: 0,
      htmlAttributes: 1,
    });
    await bare.context().close();
    await page.context().close();
  });

  for (const anchoring of ["on", "off"] as const) {
    it(`keeps the place of a reader below the frame when the frame grows (scroll anchoring ${anchoring})`, async () => {
      const blog = await site.editor.createBlog();
      const seen = await site.editor.post(blog.id, { headline: "Earlier", body: "Before." });
      // Host pages may turn scroll anchoring off, and Safari lacks it: embed.js keeps the place.
      const head = anchoring === "off" ? "<style>html { overflow-anchor: none; }</style>" : "";
      const page = await openHost(hostArticle(tag(blog.id), { after: 30, head }));
      await entryIn(page, blog.id, seen.id).waitFor(WAIT);
      const before = await expectSizedToContent(page, blog.id);
      await page.evaluate(() => document.getElementById("after-8")!.scrollIntoView());
      const topOf = () =>
        page.evaluate(() => document.getElementById("after-8")!.getBoundingClientRect().top);
      const top = await topOf();
      expect(await page.evaluate(() => scrollY)).toBeGreaterThan(before);

      // Chromium draws a cross-origin frame out of view late, so the frame says nothing while the
      // reader is below it; other browsers do draw it, and its height arrives at once. The frame
      // says so here, as its own page would (the same message from the same window).
      const frameId = await frameIdOf(page, blog.id);
      const frame = (await (await page
        .locator(frameSelector(blog.id))
        .elementHandle())!.contentFrame())!;
      await frame.evaluate(
        ([id, height]) =>
          parent.postMessage({ tag: "liveblog-embed", frame: id, type: "height", height }, "*"),
        [frameId, before + 300] as const,
      );
      await waitFor(async () => (await frameHeight(page, blog.id)) === before + 300, {
        what: "the frame to grow",
      });
      await twoFrames(page);
      expect(Math.abs((await topOf()) - top)).toBeLessThan(1);

      // A real entry while the reader is below: nothing moves; back up, the frame fits it.
      const entry = await site.editor.post(blog.id, {
        headline: "Breaking",
        body: "A longer entry.\n\nWith a second paragraph.",
      });
      await entryIn(page, blog.id, entry.id).waitFor({ state: "attached", ...WAIT });
      await twoFrames(page);
      expect(Math.abs((await topOf()) - top)).toBeLessThan(1);
      expect(await expectSizedToContent(page, blog.id)).toBeGreaterThan(before + 20);
      await page.context().close();
    });
  }

  it("runs two embeds of two blogs on one page independently", async () => {
    const [a, b] = [await site.editor.createBlog("A"), await site.editor.createBlog("B")];
    const [a1, b1] = [
      await site.editor.post(a.id, { headline: "A one", body: "In A." }),
      await site.editor.post(b.id, { headline: "B one", body: "In B." }),
    ];
    const page = await openHost(
      hostArticle(`${tag(a.id)}\n<p id="between">Between.</p>\n${tag(b.id)}`),
    );
    await entryIn(page, a.id, a1.id).waitFor(WAIT);
    await entryIn(page, b.id, b1.id).waitFor(WAIT);
    expect(await frameIdOf(page, a.id)).not.toBe(await frameIdOf(page, b.id));
    const [heightA, heightB] = [
      await expectSizedToContent(page, a.id),
      await expectSizedToContent(page, b.id),
    ];

    // Each blog's new entry goes in at once only for a reader at the top of its stream (else it
    // waits behind "N new updates"): show each frame's top before posting to it.
    const showTop = async (blogId: string) => {
      const frame = page.locator(frameSelector(blogId));
      await frame.evaluate((element) => element.scrollIntoView());
      // Its IntersectionObserver has to see that before the post arrives.
      await afterFrameRenders((await (await frame.elementHandle())!.contentFrame())!);
    };
    await showTop(a.id);
    const a2 = await site.editor.post(a.id, { headline: "A two", body: "Only in A.\n\nTwo." });
    await entryIn(page, a.id, a2.id).waitFor(WAIT);
    expect(await expectSizedToContent(page, a.id)).toBeGreaterThan(heightA + 20);
    // B's own post is the sentinel: once it shows in B, A's would have too.
    await showTop(b.id);
    const b2 = await site.editor.post(b.id, { headline: "B two", body: "Only in B." });
    await entryIn(page, b.id, b2.id).waitFor(WAIT);
    expect(await entryIn(page, b.id, a2.id).count()).toBe(0);
    expect(await entryIn(page, a.id, b2.id).count()).toBe(0);
    expect(await expectSizedToContent(page, b.id)).toBeGreaterThan(heightB);
    expect(await frameHeight(page, a.id)).toBeGreaterThan(heightA + 20);
    await page.context().close();
  });

  it("scrolls the host page to the entry a permalink in its URL names, on load and on hashchange", async () => {
    const blog = await site.editor.createBlog();
    const entries = await site.editor.postMany(blog.id, 12);
    const [old, newer] = [entries[2]!, entries[9]!];
    const page = await openHost(hostArticle(tag(blog.id), { before: 8 }), `#lb-entry-${old.id}`);
    const inView = (entryId: string) => async () => {
      const box = await entryIn(page, blog.id, entryId).boundingBox();
      return box !== null && box.y >= 0 && box.y < 120;
    };
    await waitFor(inView(old.id), { what: "the permalinked entry in view" });
    expect(await page.evaluate(() => scrollY)).toBeGreaterThan(800);

    await page.evaluate((id) => (location.hash = `#lb-entry-${id}`), newer.id);
    await waitFor(inView(newer.id), { what: "the second permalinked entry in view" });
    await page.context().close();
  });

  it("believes no message but its frame's: a forged height or scroll changes nothing", async () => {
    const blog = await site.editor.createBlog();
    const first = await site.editor.post(blog.id, { body: "First." });
    // Two frames of the blog: the second is a real liveblog window, yet not the first's.
    const page = await openHost(hostArticle(`${tag(blog.id)}\n${tag(blog.id)}`));
    const frames = page.locator(frameSelector(blog.id));
    await page
      .frameLocator(frameSelector(blog.id))
      .first()
      .locator(`#entry-${first.id}`)
      .waitFor(WAIT);
    await page
      .frameLocator(frameSelector(blog.id))
      .nth(1)
      .locator(`#entry-${first.id}`)
      .waitFor(WAIT);
    const frameId = new URL((await frames.first().getAttribute("src"))!).searchParams.get("frame")!;
    const height = () => frames.first().evaluate((el) => el.getBoundingClientRect().height);
    await waitFor(async () => (await height()) !== 480, { what: "the first frame sized" });
    const sized = await height();
    // Every height the first frame is given, from now on.
    await frames.first().evaluate((el: HTMLIFrameElement) => {
      const given: string[] = [];
      (window as unknown as { given: string[] }).given = given;
      new MutationObserver(() => given.push(el.style.height)).observe(el, {
        attributeFilter: ["style"],
      });
    });

    const forged = [
      { tag: EMBED_MESSAGE_TAG, frame: frameId, type: "height", height: 5 },
      { tag: EMBED_MESSAGE_TAG, frame: frameId, type: "scroll", top: 2_000 },
    ];
    // From the host page's own script...
    await page.evaluate((messages) => {
      for (const message of messages) window.postMessage(message, "*");
    }, forged);
    // ...and from another window of the liveblog's origin, with the right shape and frame id.
    const other = await frames.nth(1).elementHandle();
    await (await other!.contentFrame())!.evaluate((messages) => {
      for (const message of messages) parent.postMessage(message, "*");
    }, forged);

    // The sentinel: a real change, whose true height arrives after the forgeries.
    await site.editor.post(blog.id, { headline: "Real", body: "A real entry.\n\nTwo paragraphs." });
    await waitFor(async () => (await height()) > sized + 20, { what: "the real height" });
    const given = await page.evaluate(() => (window as unknown as { given: string[] }).given);
    expect(given.length).toBeGreaterThan(0);
    expect(given).not.toContain("5px");
    expect(await page.evaluate(() => scrollY)).toBe(0);
    await page.context().close();
  });

  it("replaces a prefetch fragment of the blog with the live frame", async () => {
    const blog = await site.editor.createBlog();
    const entry = await site.editor.post(blog.id, { headline: "Live now", body: "Live." });
    const fragment = `<div data-liveblog-prefetch="${blog.id}"><h2>Latest updates</h2>
      <article><h3>Prefetched headline</h3><p>What crawlers read.</p></article></div>`;
    const page = await openHost(hostArticle(`${fragment}\n${tag(blog.id)}`));
    await entryIn(page, blog.id, entry.id).waitFor(WAIT);
    await page.locator("[data-liveblog-prefetch]").waitFor({ state: "detached", ...WAIT });
    expect(await page.getByText("Prefetched headline").count()).toBe(0);
    expect(
      await page
        .locator(frameSelector(blog.id))
        .evaluate((el) => [el.previousElementSibling?.id, el.nextElementSibling?.tagName]),
    ).toEqual(["before-3", "SCRIPT"]);
    await expectSizedToContent(page, blog.id);
    await page.context().close();
  });

  it("shows a note instead of a frame for a data-blog that is no blog id, and the frame's own 'does not exist' for an unknown blog", async () => {
    const warnings: string[] = [];
    const html = hostArticle(
      [
        tag("../admin"),
        tag('x" onload="alert(1)'),
        `<script async src="${site.server.url}/embed.js"></script>`,
        tag("no-such-blog"),
      ].join("\n"),
    );
    const context = await site.browser.newContext();
    const page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "warning") warnings.push(m.text());
    });
    page.on("dialog", () => warnings.push("a dialog opened"));
    await page.goto(host.serve(html));
    await page.getByText("This live blog cannot be shown").nth(2).waitFor(WAIT);
    expect(await page.getByText("This live blog cannot be shown").count()).toBe(3);
    expect(await page.locator("iframe").count()).toBe(1);
    await page
      .frameLocator(frameSelector("no-such-blog"))
      .getByText(/does not exist/)
      .first()
      .waitFor(WAIT);
    expect(warnings.filter((w) => w.startsWith("liveblog embed.js:"))).toHaveLength(3);
    expect(warnings).not.toContain("a dialog opened");
    await context.close();
  });
});
