/**
 * The editors' page in real Chromium: log in, publish (with a second browser watching live), a
 * double click that makes one entry, edits with a 409 that shows both versions, deletion after a
 * confirmation, blogs created, ended (after a confirmation) and reopened, "Load older entries"
 * only when there are older ones, a clean console on load, and a page kept out of search engines.
 */
import type { Page } from "playwright-core";
import type { Blog } from "../../shared/schemas.js";
import { describe, expect, it, vi } from "vitest";
import { TEST_PASSWORD } from "../support/instance.js";
import { waitFor } from "../support/wait.js";
import { openPage, shownDespiteHidden, watchConsoleErrors } from "./support/browser.js";
import { logInToDesk } from "./support/desk.js";
import { useBrowserSite } from "./support/site.js";

// A browser on a busy two-core machine: room for the generous waits below.
vi.setConfig({ testTimeout: 45_000 });

const site = useBrowserSite();

const WAIT = { timeout: 10_000 };

/** Logs in as admin through the form, on the desk of the given blog. */
const logIn = (blogId: string): Promise<Page> =>
  logInToDesk(site.browser, site.server.url, blogId, WAIT);

describe("editors' page", () => {
  it("says plainly when the password is wrong", async () => {
    const page = await openPage(site.browser, `${site.server.url}/admin`);
    await page.getByLabel("Name").fill("admin");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("alert").filter({ hasText: "Wrong name or password." }).waitFor(WAIT);
    expect(await page.locator("[data-desk]").isHidden()).toBe(true);
    await page.context().close();
  });

  it("publishes from the form, clears it after 201, and a reader in another browser sees the entry live", async () => {
    const blog = await site.editor.createBlog("Desk test");
    const reader = await openPage(site.browser, `${site.server.url}/blogs/${blog.id}`);
    await reader.locator('[data-connection][data-state="live"]').waitFor(WAIT);
    const page = await logIn(blog.id);

    await page.getByLabel("Headline").fill("Minister resigns");
    await page.getByLabel("Body").fill("Confirmed by **two** sources.");
    await page.getByLabel("Key event").check();
    await page.locator("[data-preview] strong", { hasText: "two" }).waitFor(WAIT);
    await page.getByRole("button", { name: "Publish", exact: true }).click();

    await reader.locator(".entry-headline", { hasText: "Minister resigns" }).waitFor(WAIT);
    expect(await reader.locator("[data-key-events] .key-event-title").textContent()).toBe(
      "Minister resigns",
    );
    await page.getByRole("status").filter({ hasText: "Published." }).waitFor(WAIT);
    expect(await page.getByLabel("Headline").inputValue()).toBe("");
    expect(await page.getByLabel("Body").inputValue()).toBe("");
    await page
      .locator(".admin-entry .entry-headline", { hasText: "Minister resigns" })
      .waitFor(WAIT);

    // Ctrl+Enter publishes too.
    await page.getByLabel("Body").fill("Published from the keyboard.");
    await page.getByLabel("Body").press("Control+Enter");
    await reader.locator(".entry-body", { hasText: "Published from the keyboard." }).waitFor(WAIT);
    await page.context().close();
    await reader.context().close();
  });

  it("makes one entry of a double click on Publish", async () => {
    const blog = await site.editor.createBlog();
    const page = await logIn(blog.id);
    await page.getByLabel("Body").fill("Clicked twice.");
    await page.getByRole("button", { name: "Publish", exact: true }).dblclick();
    await page.getByRole("status").filter({ hasText: "Published." }).waitFor(WAIT);
    await page.locator(".admin-entry").first().waitFor(WAIT);
    const { entries } = await site.editor.entries(blog.id);
    expect(entries.map((e) => e.body)).toEqual(["Clicked twice."]);
    expect(await page.locator(".admin-entry").count()).toBe(1);
    await page.context().close();
  });

  it("keeps the form when the answer is lost, and publishing again makes still one entry (same Idempotency-Key)", async () => {
    const blog = await site.editor.createBlog();
    const page = await logIn(blog.id);
    const keys: string[] = [];
    let lose = true;
    await page.route(`**/api/blogs/${blog.id}/entries`, async (route) => {
      keys.push(route.request().headers()["idempotency-key"] ?? "");
      // The server gets the first request and saves the entry; its answer never reaches the page.
      const response = await route.fetch();
      if (lose) {
        lose = false;
        return route.abort("connectionreset");
      }
      return route.fulfill({ response });
    });
    await page.getByLabel("Body").fill("Sent over a bad line.");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: "Could not reach the server" }).waitFor(WAIT);
    expect(await page.getByLabel("Body").inputValue()).toBe("Sent over a bad line.");

    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Published." }).waitFor(WAIT);
    expect(await page.getByLabel("Body").inputValue()).toBe("");
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect((await site.editor.entries(blog.id)).entries.map((e) => e.body)).toEqual([
      "Sent over a bad line.",
    ]);
    await page.context().close();
  });

  it("shows another editor's edit live, and on a stale save shows both versions, then saves mine", async () => {
    const blog = await site.editor.createBlog();
    const entry = await site.editor.post(blog.id, { headline: "Draft", body: "First words." });
    const page = await logIn(blog.id);
    const item = page.locator(`.admin-entry[data-entry="${entry.id}"]`);
    await item.getByRole("button", { name: "Edit" }).click();
    await item.getByLabel("Body").fill("My words.");

    await site.editor.edit(blog.id, entry.id, { version: 1, body: "Their words." });
    await item.getByRole("button", { name: "Save" }).click();

    const conflict = item.locator("[data-conflict]");
    await conflict.getByText("Someone else changed this entry").waitFor(WAIT);
    expect(await conflict.locator(".entry-body").allTextContents()).toEqual([
      "Their words.",
      "My words.",
    ]);
    await conflict.getByRole("button", { name: "Save my version" }).click();
    await item.locator(".entry-body", { hasText: "My words." }).waitFor(WAIT);
    await waitFor(
      async () => (await site.editor.entries(blog.id)).entries[0]?.body === "My words.",
      { what: "the saved edit" },
    );
    expect((await site.editor.entries(blog.id)).entries[0]!.version).toBe(3);

    // An edit made elsewhere arrives live in the list.
    await site.editor.edit(blog.id, entry.id, { version: 3, headline: "Final" });
    await item.locator(".entry-headline", { hasText: "Final" }).waitFor(WAIT);
    // Readers' sockets get no Markdown, the desk's does: an entry that arrived live opens for
    // editing with its Markdown, not a blank or its HTML.
    await site.editor.edit(blog.id, entry.id, { version: 4, body: "**Their** final words." });
    await item.locator(".entry-body", { hasText: "Their final words." }).waitFor(WAIT);
    await item.getByRole("button", { name: "Edit" }).click();
    expect(await item.getByLabel("Body").inputValue()).toBe("**Their** final words.");
    await page.context().close();
  });

  it("deletes an entry only after a confirmation", async () => {
    const blog = await site.editor.createBlog();
    const entry = await site.editor.post(blog.id, { headline: "Mistake", body: "Oops." });
    const page = await logIn(blog.id);
    const item = page.locator(`.admin-entry[data-entry="${entry.id}"]`);

    await item.getByRole("button", { name: "Delete" }).click();
    await item.getByRole("button", { name: "Cancel" }).click();
    await item.getByRole("button", { name: "Delete" }).click();
    expect((await site.editor.entries(blog.id)).entries).toHaveLength(1);
    await item.getByRole("button", { name: "Yes, delete" }).click();

    await item.waitFor({ state: "detached", ...WAIT });
    expect((await site.editor.entries(blog.id)).entries).toHaveLength(0);
    await page.context().close();
  });

  it("creates a blog, ends it and reopens it", async () => {
    const first = await site.editor.createBlog();
    const page = await logIn(first.id);
    await page.getByText("New blog").click();
    await page.getByLabel("Title").fill("Budget day");
    await page.getByLabel("Slug (optional)").fill(`budget-${Date.now().toString(36)}`);
    await page.getByRole("button", { name: "Create blog" }).click();
    await page.locator("[data-ws-title]", { hasText: "Budget day" }).waitFor(WAIT);
    await page.locator('[data-ws-connection][data-state="live"]').waitFor(WAIT);

    const blogId = new URL(page.url()).searchParams.get("blog")!;
    const status = async () =>
      ((await fetch(`${site.server.url}/api/blogs/${blogId}`).then((r) => r.json())) as Blog)
        .status;

    // Ending is announced to every reader, so it asks first; Cancel leaves the blog live.
    await page.getByRole("button", { name: "End blog" }).click();
    await page.getByText("End this blog for every reader?").waitFor(WAIT);
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "End blog" }).waitFor(WAIT);
    expect(await status()).toBe("live");
    expect(await page.locator("[data-ws-status]").textContent()).toBe("Live");

    await page.getByRole("button", { name: "End blog" }).click();
    await page.getByRole("button", { name: "Yes, end it" }).click();
    await page.getByRole("button", { name: "Reopen blog" }).waitFor(WAIT);
    expect(await status()).toBe("ended");

    // Reopening takes nothing from readers and is undone by ending again: no question.
    await page.getByRole("button", { name: "Reopen blog" }).click();
    await page.getByRole("button", { name: "End blog" }).waitFor(WAIT);
    expect(await status()).toBe("live");
    await page.context().close();
  });

  it("shows 'Load older entries' only when there are older entries, and loads them", async () => {
    const few = await site.editor.createBlog();
    await site.editor.postMany(few.id, 2);
    // The desk shows 30 at first; 33 leave 3 to load.
    const many = await site.editor.createBlog();
    await site.editor.postMany(many.id, 33);
    const page = await logIn(few.id);
    await page.locator(".admin-entry").nth(1).waitFor(WAIT);
    const older = page.getByRole("button", { name: "Load older entries" });
    expect(await older.isVisible()).toBe(false);
    expect(await shownDespiteHidden(page)).toEqual([]);

    await page.getByRole("link", { name: many.title, exact: true }).click();
    await page.locator(".admin-entry .entry-headline", { hasText: "Update 33" }).waitFor(WAIT);
    expect(await page.locator(".admin-entry").count()).toBe(30);
    await older.click();
    await page.locator(".admin-entry .entry-headline", { hasText: /^Update 1$/ }).waitFor(WAIT);
    expect(await page.locator(".admin-entry").count()).toBe(33);
    await older.waitFor({ state: "hidden", ...WAIT });
    await page.context().close();
  });

  it("logs no console error on load, logged out or logged in", async () => {
    const blog = await site.editor.createBlog();
    await site.editor.post(blog.id, { body: "Something to show." });

    const context = await site.browser.newContext();
    const page = await context.newPage();
    const errors = watchConsoleErrors(page);
    await page.goto(`${site.server.url}/admin`);
    await page.getByRole("button", { name: "Log in" }).waitFor(WAIT);
    expect(errors).toEqual([]);

    // Logged in (the context holds the session cookie) and loading the desk afresh.
    const login = await context.request.post(`${site.server.url}/api/session`, {
      data: { name: "admin", password: TEST_PASSWORD },
    });
    expect(login.status()).toBe(201);
    await page.goto(`${site.server.url}/admin?blog=${blog.id}`);
    await page.locator('[data-ws-connection][data-state="live"]').waitFor(WAIT);
    await page.locator(".admin-entry").first().waitFor(WAIT);
    expect(await page.getByRole("button", { name: "Log in" }).isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("tells search engines not to index it, and describes itself", async () => {
    const page = await site.browser.newPage();
    const response = await page.goto(`${site.server.url}/admin`);
    expect(response?.headers()["x-robots-tag"]).toBe("noindex, nofollow");
    expect(await page.locator('meta[name="robots"]').getAttribute("content")).toBe(
      "noindex, nofollow",
    );
    const description = await page.locator('meta[name="description"]').getAttribute("content");
    expect(description).toMatch(/editors/i);
    await page.close();
  });
});

describe("the hidden attribute", () => {
  it("hides what it is on, whatever the element's class, on the reader page too", async () => {
    const blog = await site.editor.createBlog();
    await site.editor.postMany(blog.id, 1);
    const page = await openPage(site.browser, `${site.server.url}/blogs/${blog.id}`);
    await page.locator('[data-connection][data-state="live"]').waitFor(WAIT);
    // The page has hidden parts (no older updates, no pinned entries); none may show.
    expect(await page.locator("[hidden]").count()).toBeGreaterThan(0);
    expect(await shownDespiteHidden(page)).toEqual([]);
    await page.context().close();
  });
});
