/**
 * The desk's Numbers panel in real Chromium: as readers open the blog (two reader pages, then the
 * embed inside another site's article), readers now, the chart of readers per minute, its
 * summary and table, and distinct devices follow by themselves, without a reload; when a reader
 * leaves, readers now drops and the peak stays. The reader pages get the device cookie (HttpOnly)
 * and the embed none (its device is a token of its own); the CSV link downloads the series.
 */
import { readFile } from "node:fs/promises";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openPage, seriousA11yViolations } from "./support/browser.js";
import { logInToDesk } from "./support/desk.js";
import { startHostServer, type HostServer } from "./support/host-page.js";
import { useBrowserSite } from "./support/site.js";

// A browser on a busy two-core machine: room for the generous waits below.
vi.setConfig({ testTimeout: 90_000 });

const site = useBrowserSite();
const WAIT = { timeout: 20_000 };
let host: HostServer;

beforeAll(async () => {
  host = await startHostServer();
});
afterAll(async () => {
  await host?.close();
});

/** The panel's numbers as an editor reads them. */
const panel = (desk: Page) => ({
  now: desk.locator("[data-numbers-now]"),
  devices: desk.locator("[data-numbers-devices]"),
  peak: desk.locator("[data-numbers-peak]"),
  summary: desk.locator("[data-chart-summary]"),
  bars: desk.locator(".readers-chart-svg rect"),
});

/** Waits until `locator`'s text is exactly `text`. */
const showsText = (locator: ReturnType<Page["locator"]>, text: string | RegExp) =>
  locator
    .filter({ hasText: typeof text === "string" ? new RegExp(`^${text}$`) : text })
    .waitFor(WAIT);

/** Opens a blog's reader page in a context of its own (a reader's own browser) until it is live. */
async function openReader(url: string): Promise<Page> {
  const page = await openPage(site.browser, url);
  await page.locator('[data-connection][data-state="live"]').waitFor(WAIT);
  return page;
}

const deviceCookies = async (context: BrowserContext) =>
  (await context.cookies()).filter((cookie) => cookie.name === "lb_device");

describe("the desk's numbers", () => {
  it("follow readers as they come and go: readers now, the chart, the peak and distinct devices", async () => {
    const blog = await site.editor.createBlog("Cup final");
    await site.editor.post(blog.id, { headline: "Kick-off", body: "We are under way." });
    const desk = await logInToDesk(site.browser, site.server.url, blog.id);
    await desk.getByText("Numbers", { exact: true }).click();
    const numbers = panel(desk);
    // The desk itself is not a reader.
    await showsText(numbers.now, "0");
    await desk.getByText("No readers counted yet.").waitFor(WAIT);

    const first = await openReader(`${site.server.url}/blogs/${blog.id}`);
    await showsText(numbers.now, "1");
    await showsText(numbers.summary, /at most 1 at once, 1 now\./);
    await showsText(numbers.devices, "1");

    const second = await openReader(`${site.server.url}/blogs/${blog.id}`);
    await showsText(numbers.now, "2");
    await showsText(numbers.summary, /at most 2 at once, 2 now\./);
    await showsText(numbers.devices, "2");
    expect(await numbers.bars.last().getAttribute("data-readers")).toBe("2");

    // The embed in another site's article: a reader too, on a device of its own, with no cookie.
    const article = await openPage(
      site.browser,
      host.page("/article", [
        { id: "f1", src: `${site.server.url}/blogs/${blog.id}/embed?frame=f1` },
      ]),
    );
    const frame = article.frame({ url: /\/embed\?/ })!;
    await frame.locator('[data-connection][data-state="live"]').waitFor(WAIT);
    await showsText(numbers.now, "3");
    await showsText(numbers.devices, "3");
    await showsText(numbers.peak, /^3 readers, /);

    for (const reader of [first, second]) {
      const [cookie] = await deviceCookies(reader.context());
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    }
    expect(await deviceCookies(article.context())).toEqual([]);

    await second.context().close();
    await showsText(numbers.now, "2");
    await showsText(numbers.summary, /at most 3 at once, 2 now\./);
    await showsText(numbers.peak, /^3 readers, /);

    // What the table says is what the bars show.
    await desk.getByText("Readers per minute as a table").click();
    const busiest = await desk
      .locator(".chart-table td:nth-child(2)")
      .evaluateAll((cells) => Math.max(...cells.map((cell) => Number(cell.textContent))));
    expect(busiest).toBe(3);
    expect(await seriousA11yViolations(desk)).toEqual([]);

    const [download] = await Promise.all([
      desk.waitForEvent("download"),
      desk.getByRole("link", { name: "Download readers per minute (CSV)" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${blog.id}-readers.csv`);
    const csv = await readFile((await download.path())!, "utf8");
    const rows = csv.trim().split("\r\n");
    expect(rows[0]).toBe("minute_utc,readers");
    expect(Math.max(...rows.slice(1).map((row) => Number(row.split(",")[1])))).toBe(3);

    for (const page of [desk, first, article]) await page.context().close();
  });
});
