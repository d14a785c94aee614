/**
 * Pictures in entries, in real Chromium. On the desk an editor pastes a picture (a PNG file in
 * the paste event's clipboardData), is asked for its alt text, watches the upload's progress bar
 * (the upload is slowed by Chromium's network throttling so that progress is visible), and
 * publishes; a reader's page shows the figure live, and nothing on it moves when the picture
 * arrives. A body whose picture has no alt text is refused in the form. Tapping a picture opens
 * it large in a dialog that Escape closes, giving focus back, on the reader page and in an
 * embedded frame.
 *
 * The desk's upload needs POST /api/media and the files served under /media/ (the upload
 * pipeline); the other tests store their pictures directly (tests/support/media.ts).
 */
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { describe, expect, it, vi } from "vitest";
import type { Media } from "../../shared/media.js";
import { TEST_PASSWORD } from "../support/instance.js";
import { storePicture } from "../support/media.js";
import { openPage, seriousA11yViolations } from "./support/browser.js";
import { embedTag, hostArticle, useHostSite } from "./support/host-site.js";
import { useBrowserSite } from "./support/site.js";

// A browser on a busy two-core machine, and an upload slowed on purpose.
vi.setConfig({ testTimeout: 90_000 });

const site = useBrowserSite();
const host = useHostSite();
const WAIT = { timeout: 20_000 };

/** Logs in on the desk of `blogId`; the page records the CSP violations it reports. */
async function logIn(blogId: string): Promise<Page> {
  const context = await site.browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      w.__violations.push(`${e.effectiveDirective} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  await page.goto(`${site.server.url}/admin?blog=${blogId}`);
  await page.getByLabel("Name").fill("admin");
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.locator('[data-ws-connection][data-state="live"]').waitFor(WAIT);
  return page;
}

/** A PNG of noise (so it does not compress away): about 2 MB for 1200 x 800. */
const noisePng = (width: number, height: number) =>
  sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();

/** Pastes `png` into the focused element, as a screenshot pasted from the clipboard arrives. */
async function pastePicture(page: Page, selector: string, png: Buffer, name: string) {
  await page.locator(selector).focus();
  await page.evaluate(
    ({ selector, base64, name }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], name, { type: "image/png" }));
      document
        .querySelector(selector)!
        .dispatchEvent(
          new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
        );
    },
    { selector, base64: png.toString("base64"), name },
  );
}

/** Starts summing layout shifts in `page` (hadRecentInput excluded, as CLS does). */
function watchLayoutShifts(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as { __shifts: { at: number; value: number }[] };
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
      })[]) {
        if (!entry.hadRecentInput) w.__shifts.push({ at: entry.startTime, value: entry.value });
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
}

const shiftsSince = (page: Page, since: number) =>
  page.evaluate(
    (t) =>
      (window as unknown as { __shifts: { at: number; value: number }[] }).__shifts
        .filter((s) => s.at > t)
        .reduce((sum, s) => sum + s.value, 0),
    since,
  );

/** `performance.now()` after two frames: whatever the last DOM change shifted is recorded. */
const afterTwoFrames = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))),
      ),
  );

const figureBox = (page: Page) =>
  page
    .locator(".entry-figure img")
    .first()
    .evaluate((img: HTMLImageElement) => {
      const figure = img.closest("figure")!.getBoundingClientRect();
      const box = img.getBoundingClientRect();
      return {
        loaded: img.complete && img.naturalWidth > 0,
        img: [Math.round(box.width), Math.round(box.height)],
        figure: [Math.round(figure.width), Math.round(figure.height)],
        // What comes after the figure must not move when the picture arrives. Measured from
        // the entry's top: a new entry slides in with a transform, which moves both alike.
        byline: Math.round(
          img.closest("article")!.querySelector(".entry-byline")!.getBoundingClientRect().top -
            img.closest("article")!.getBoundingClientRect().top,
        ),
      };
    });

describe("pictures on the desk and in the reader", () => {
  it("pastes a picture, asks for alt text, shows the upload's progress, publishes, and a reader sees the figure live with no layout shift", async () => {
    const blog = await site.editor.createBlog("Pictures");
    const reader = await openPage(site.browser, `${site.server.url}/blogs/${blog.id}`);
    await reader.locator('[data-connection][data-state="live"]').waitFor(WAIT);
    await watchLayoutShifts(reader);
    // The reader's picture files wait until the figure's box has been measured without them.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await reader.route("**/media/**", async (route) => {
      await held;
      await route.continue();
    });

    const desk = await logIn(blog.id);
    await desk.getByLabel("Body").fill("Crowds gather outside the palace.");
    await pastePicture(desk, "#entry-body", await noisePng(1200, 800), "crowd.png");
    const alt = desk.locator("[data-entry-form]").getByLabel("Alt text", { exact: true });
    await alt.waitFor(WAIT);
    expect(await desk.evaluate(() => document.activeElement?.id)).toBe("entry-picture-alt");
    expect(await seriousA11yViolations(desk)).toEqual([]);

    // Alt text is asked for before anything is sent.
    await desk.getByRole("button", { name: "Upload and insert" }).click();
    await desk
      .getByRole("alert")
      .filter({ hasText: "Describe the picture in Alt text, or mark it decorative." })
      .waitFor(WAIT);
    expect(await alt.getAttribute("aria-invalid")).toBe("true");

    await alt.fill("Protesters with flags in front of the palace gates");
    await desk
      .locator("[data-entry-form]")
      .getByLabel("Caption (optional)")
      .fill("Outside the palace at noon");
    await desk.locator("[data-entry-form]").getByLabel("Credit (optional)").fill("Photo: Desk");
    // About 2 MB at 400 kB/s: a few seconds of upload in which the bar moves.
    const cdp = await desk.context().newCDPSession(desk);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 400_000,
    });
    await desk.getByRole("button", { name: "Upload and insert" }).click();
    const bar = desk.locator("[data-entry-form]").getByRole("progressbar", { name: "Upload" });
    await bar.waitFor(WAIT);
    await desk.waitForFunction(
      () => {
        const value =
          document.querySelector<HTMLProgressElement>("[data-entry-form] [data-picture-bar]")
            ?.value ?? 0;
        return value > 0 && value < 100;
      },
      undefined,
      WAIT,
    );
    await desk
      .getByRole("status")
      .filter({ hasText: /Uploaded (25|50|75)%\./ })
      .waitFor(WAIT);
    await desk
      .getByRole("status")
      .filter({ hasText: "Picture uploaded and added to the body." })
      .waitFor({ timeout: 60_000 });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const body = await desk.getByLabel("Body").inputValue();
    const id = /\/media\/([a-z0-9]{16})\)$/.exec(body)?.[1];
    expect(body).toBe(
      `Crowds gather outside the palace.\n\n![Protesters with flags in front of the palace gates](/media/${id})`,
    );
    const media = (await site.server.store.media.getMedia(id!)) as Media;
    expect(media).toMatchObject({
      alt: "Protesters with flags in front of the palace gates",
      caption: "Outside the palace at noon",
      credit: "Photo: Desk",
      decorative: false,
      width: 1200,
      height: 800,
    });
    expect(
      await desk.locator("[data-entry-form]").getByLabel("Alt text", { exact: true }).isHidden(),
    ).toBe(true);

    // The preview shows the figure readers will get.
    await desk.locator("[data-preview] .entry-figure img").waitFor(WAIT);
    await desk.getByRole("button", { name: "Publish", exact: true }).click();
    await desk.getByRole("status").filter({ hasText: "Published." }).waitFor(WAIT);

    // The reader: the figure arrives live, sized by its width and height before any file came.
    const img = reader.locator(".entry-figure img");
    await img.waitFor({ state: "attached", ...WAIT });
    expect([await img.getAttribute("width"), await img.getAttribute("height")]).toEqual([
      "1200",
      "800",
    ]);
    expect(await reader.locator(".entry-figure figcaption").textContent()).toBe(
      "Outside the palace at noon Photo: Desk",
    );
    const settled = await afterTwoFrames(reader);
    const before = await figureBox(reader);
    expect(before.loaded).toBe(false);
    expect(before.img[0]).toBeGreaterThan(300);
    expect(Math.abs(before.img[1]! - (before.img[0]! * 800) / 1200)).toBeLessThanOrEqual(1);
    release();
    await reader.waitForFunction(
      () => {
        const picture = document.querySelector<HTMLImageElement>(".entry-figure img");
        return !!picture && picture.complete && picture.naturalWidth > 0;
      },
      undefined,
      WAIT,
    );
    await afterTwoFrames(reader);
    const after = await figureBox(reader);
    expect(after).toEqual({ ...before, loaded: true });
    expect(await shiftsSince(reader, settled)).toBe(0);
    // The browser took a WebP, of a width that fits the column.
    expect(await img.evaluate((el: HTMLImageElement) => el.currentSrc)).toMatch(/\.webp$/);
    await desk.context().close();
    await reader.context().close();
  });

  it("opens the panel for a dropped picture and a chosen file; Enter in it never publishes, Cancel gives focus back", async () => {
    const blog = await site.editor.createBlog();
    const desk = await logIn(blog.id);
    const png = await noisePng(60, 40);
    await desk.getByLabel("Body").fill("Text that must not be published by Enter.");
    await desk.evaluate((base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], "dropped.png", { type: "image/png" }));
      const form = document.querySelector("[data-entry-form]")!;
      for (const type of ["dragenter", "dragover", "drop"])
        form.dispatchEvent(
          new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }),
        );
    }, png.toString("base64"));
    const panel = desk
      .locator("[data-entry-form]")
      .getByRole("group", { name: "Add the picture “dropped.png”" });
    await panel.waitFor(WAIT);
    // A look at it, drawn on a canvas (a blob: image would break the pages' CSP).
    await desk.locator("[data-entry-form] canvas[data-picture-thumb]").waitFor(WAIT);
    const alt = desk.locator("[data-entry-form]").getByLabel("Alt text", { exact: true });
    await alt.press("Enter");
    await desk
      .getByRole("alert")
      .filter({ hasText: "Describe the picture in Alt text, or mark it decorative." })
      .waitFor(WAIT);
    await desk.locator("[data-entry-form]").getByRole("button", { name: "Cancel" }).click();
    await panel.waitFor({ state: "hidden", ...WAIT });
    expect(await desk.evaluate(() => document.activeElement?.id)).toBe("entry-body");

    // The button: a file chooser, then the same panel; Escape leaves it.
    await desk.locator("[data-entry-form] [data-picture-file]").setInputFiles({
      name: "chosen.png",
      mimeType: "image/png",
      buffer: png,
    });
    await desk
      .locator("[data-entry-form]")
      .getByRole("group", { name: "Add the picture “chosen.png”" })
      .waitFor(WAIT);
    await alt.press("Escape");
    await desk
      .locator("[data-entry-form] [data-picture-panel]")
      .waitFor({ state: "hidden", ...WAIT });
    expect((await site.editor.entries(blog.id)).entries).toEqual([]);
    // Nothing the desk does breaks its Content-Security-Policy (no eval, no inline script).
    expect(
      await desk.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
    ).toEqual([]);
    await desk.context().close();
  });

  it("adds a picture to an entry being edited, and the saved entry shows its figure", async () => {
    const blog = await site.editor.createBlog();
    const entry = await site.editor.post(blog.id, { body: "First report." });
    const desk = await logIn(blog.id);
    const item = desk.locator(`.admin-entry[data-entry="${entry.id}"]`);
    await item.getByRole("button", { name: /^Edit/ }).click();
    await item.locator("[data-picture-file]").setInputFiles({
      name: "later.png",
      mimeType: "image/png",
      buffer: await noisePng(640, 480),
    });
    await item.getByLabel("Alt text", { exact: true }).fill("The scene an hour later");
    await item.getByRole("button", { name: "Upload and insert" }).click();
    const body = item.getByLabel("Body");
    await desk.waitForFunction(
      (id) =>
        /!\[The scene an hour later\]\(\/media\/[a-z0-9]{16}\)$/.test(
          document.querySelector<HTMLTextAreaElement>(`#edit-${id}-body`)!.value,
        ),
      entry.id,
      WAIT,
    );
    expect(await body.inputValue()).toMatch(/^First report\.\n\n!\[/);
    await item.getByRole("button", { name: "Save" }).click();
    await item.locator(".entry-figure img[alt='The scene an hour later']").waitFor(WAIT);
    expect((await site.editor.entries(blog.id)).entries[0]!.html).toContain(
      'alt="The scene an hour later"',
    );
    await desk.context().close();
  });

  it("says in plain words why an upload was refused, and keeps the panel to try again", async () => {
    const blog = await site.editor.createBlog();
    const desk = await logIn(blog.id);
    // Text dressed up as a PNG: the server reads the bytes, not the name or the type.
    await pastePicture(desk, "#entry-body", Buffer.from("just some text"), "fake.png");
    await desk
      .locator("[data-entry-form]")
      .getByLabel("Alt text", { exact: true })
      .fill("Not really a picture");
    await desk.getByRole("button", { name: "Upload and insert" }).click();
    await desk
      .getByRole("alert")
      .filter({ hasText: "This file is not a picture the desk takes" })
      .waitFor(WAIT);
    await desk.getByRole("button", { name: "Try again" }).waitFor(WAIT);
    expect(await desk.getByLabel("Body").inputValue()).toBe("");
    await desk.context().close();
  });

  it("refuses to publish a picture without alt text, saying why in the preview and the form", async () => {
    const media = await storePicture(site.server);
    const blog = await site.editor.createBlog();
    const desk = await logIn(blog.id);
    const message = `Image /media/${media.id} needs alt text (describe it for readers who cannot see it), or mark it decorative when uploading.`;
    await desk.getByLabel("Body").fill(`![](/media/${media.id})`);
    await desk.locator("[data-preview] .preview-problem", { hasText: message }).waitFor(WAIT);
    await desk.getByRole("button", { name: "Publish", exact: true }).click();
    await desk.getByRole("alert").filter({ hasText: message }).waitFor(WAIT);
    expect((await site.editor.entries(blog.id)).entries).toEqual([]);
    // Described in the Markdown, it goes out.
    await desk.getByLabel("Body").fill(`![Delegates at the table](/media/${media.id})`);
    await desk.locator("[data-preview] .entry-figure").waitFor(WAIT);
    await desk.getByRole("button", { name: "Publish", exact: true }).click();
    await desk.getByRole("status").filter({ hasText: "Published." }).waitFor(WAIT);
    await desk.context().close();
  });

  it("opens a picture large in a dialog on click or Enter; Escape closes it and focus returns to the picture's link", async () => {
    const media = await storePicture(site.server, {
      alt: "The square from above",
      caption: "Taksim at dusk",
      credit: "Photo: Wire",
    });
    const blog = await site.editor.createBlog();
    await site.editor.post(blog.id, { body: `![](/media/${media.id})` });
    const reader = await openPage(site.browser, `${site.server.url}/blogs/${blog.id}`);
    await reader.locator('[data-connection][data-state="live"]').waitFor(WAIT);
    const link = reader.locator("a.entry-figure-link");
    expect(await seriousA11yViolations(reader)).toEqual([]);
    // Without JavaScript this link opens the largest file itself.
    expect(await link.getAttribute("href")).toBe(
      media.variants.filter((f) => f.type === "image/jpeg").at(-1)!.url,
    );

    const dialog = reader.getByRole("dialog", { name: "Picture: The square from above" });
    for (const open of [() => link.click(), () => link.focus().then(() => link.press("Enter"))]) {
      await open();
      await dialog.waitFor(WAIT);
      expect(await dialog.locator("img").getAttribute("alt")).toBe("The square from above");
      expect(await dialog.locator("img").getAttribute("sizes")).toBe("100vw");
      expect(await dialog.locator("figcaption").textContent()).toBe("Taksim at dusk Photo: Wire");
      // Focus is in the dialog (showModal keeps it there), on its Close button.
      expect(await reader.evaluate(() => document.activeElement?.textContent)).toBe(
        "Close picture",
      );
      expect(await seriousA11yViolations(reader)).toEqual([]);
      await reader.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden", ...WAIT });
      expect(
        await reader.evaluate(() =>
          document.activeElement?.classList.contains("entry-figure-link"),
        ),
      ).toBe(true);
    }
    // The Close button closes it too.
    await link.click();
    await dialog.getByRole("button", { name: "Close picture" }).click();
    await dialog.waitFor({ state: "hidden", ...WAIT });
    await reader.context().close();
  });

  it("opens a picture large inside an embedded frame, where the figure is, and gives focus back", async () => {
    const media = await storePicture(site.server, { alt: "Ballot boxes", caption: "Counting" });
    const blog = await site.editor.createBlog();
    for (let i = 1; i <= 3; i++) await site.editor.post(blog.id, { body: `Update ${i}.` });
    await site.editor.post(blog.id, { body: `![](/media/${media.id})` });
    const context = await site.browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    await page.goto(host.serve(hostArticle(embedTag(site.server.url, blog.id))));
    const frameElement = page.locator(`iframe[src*="/blogs/${blog.id}/embed?"]`);
    await frameElement.scrollIntoViewIfNeeded();
    const frame = (await (await frameElement.elementHandle())!.contentFrame())!;
    const link = frame.locator("a.entry-figure-link");
    await link.waitFor(WAIT);
    await link.scrollIntoViewIfNeeded();
    await link.click();
    const dialog = frame.getByRole("dialog", { name: "Picture: Ballot boxes" });
    await dialog.waitFor(WAIT);
    // Beside the figure, not in the middle of a frame as tall as the whole blog.
    const [linkTop, dialogTop] = await frame.evaluate(() => [
      document.querySelector(".entry-figure-link")!.getBoundingClientRect().top,
      document.querySelector("dialog.lightbox")!.getBoundingClientRect().top,
    ]);
    expect(Math.abs(dialogTop! - linkTop!)).toBeLessThanOrEqual(1);
    await frame.locator("dialog.lightbox").press("Escape");
    await dialog.waitFor({ state: "hidden", ...WAIT });
    expect(
      await frame.evaluate(() => document.activeElement?.classList.contains("entry-figure-link")),
    ).toBe(true);
    await context.close();
  });
});
