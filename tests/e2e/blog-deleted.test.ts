/**
 * A reader with a blog open in real Chromium when an admin deletes it: the page says "This live
 * blog was removed" in a status message, the updates go away, and the live connection stops; a
 * reader who was offline meanwhile finds out when they come back. The admin's way, on the desk:
 * a dialog where the blog's name must be typed before it can be deleted.
 */
import type { Page } from "playwright-core";
import { describe, expect, it, vi } from "vitest";
import { bearer } from "../support/instance.js";
import { waitFor } from "../support/wait.js";
import { openPage } from "./support/browser.js";
import { logInToDesk } from "./support/desk.js";
import { useBrowserSite } from "./support/site.js";

// A browser on a busy two-core machine: room for the generous waits below.
vi.setConfig({ testTimeout: 45_000 });

const site = useBrowserSite();
const WAIT = { timeout: 10_000 };

async function openLive(path: string) {
  const page = await openPage(site.browser, `${site.server.url}${path}`);
  await page.locator('[data-connection][data-state="live"]').waitFor(WAIT);
  return page;
}

async function deleteBlog(blogId: string) {
  const response = await fetch(`${site.server.url}/api/blogs/${blogId}`, {
    method: "DELETE",
    headers: { ...bearer, "Content-Type": "application/json" },
    body: JSON.stringify({ confirm: blogId }),
  });
  expect(response.status).toBe(204);
}

/** What the reader is shown once the blog is gone. */
async function expectRemoved(page: Page) {
  const notice = page.getByRole("status").filter({ hasText: "This live blog was removed." });
  await notice.waitFor(WAIT);
  expect(await page.locator("[data-stream]").isVisible()).toBe(false);
  expect(await page.locator("[data-connection]").isVisible()).toBe(false);
  expect(await page.title()).toBe("This live blog was removed.");
  expect(await page.locator("#lb-jsonld").count()).toBe(0);
}

describe("a deleted blog, in the reader's browser", () => {
  it("shows 'This live blog was removed' at once, and a reload answers 404", async () => {
    const blog = await site.editor.createBlog("Soon gone");
    await site.editor.post(blog.id, { headline: "First", body: "Read me." });
    const page = await openLive(`/blogs/${blog.id}`);
    const engine = site.server.app.io.engine;
    expect(engine.clientsCount).toBe(1);

    await deleteBlog(blog.id);

    await expectRemoved(page);
    // The page closed its connection, and does not open another: not even when the browser
    // says it is back online, which reconnects a live page at once. The fetch is the sentinel:
    // a reconnection would have started before it was sent.
    await waitFor(() => engine.clientsCount === 0, { what: "the page's socket to close" });
    const sockets: string[] = [];
    page.on("websocket", (socket) => sockets.push(socket.url()));
    const sentinel = await page.evaluate(async () => {
      window.dispatchEvent(new Event("online"));
      return (await fetch("/livez")).status;
    });
    expect([sentinel, sockets, engine.clientsCount]).toEqual([200, [], 0]);
    const reloaded = await page.reload();
    expect(reloaded?.status()).toBe(404);
    await page.context().close();
  });

  it("tells a reader who was offline during the deletion once they are back", async () => {
    const blog = await site.editor.createBlog("Gone while away");
    const page = await openLive(`/blogs/${blog.id}/embed`);
    await page.context().setOffline(true);
    await page.locator('[data-connection][data-state="offline"]').waitFor(WAIT);

    await deleteBlog(blog.id);
    await page.context().setOffline(false);

    await expectRemoved(page);
    await page.context().close();
  });

  it("is deleted from the desk once the admin types its name, and its reader is told", async () => {
    const blog = await site.editor.createBlog("Deleted at the desk");
    const reader = await openLive(`/blogs/${blog.id}`);
    const desk = await logInToDesk(site.browser, site.server.url, blog.id);

    await desk.getByRole("button", { name: "Delete blog…" }).click();
    const dialog = desk.getByRole("dialog", { name: `Delete “${blog.title}” for good?` });
    await dialog.waitFor(WAIT);
    const confirm = dialog.getByRole("button", { name: "Delete for good" });
    const name = dialog.getByLabel("To confirm, type the blog's name as in its address");
    await name.fill(blog.title);
    expect(await confirm.isDisabled()).toBe(true);
    await name.fill(blog.id);
    await confirm.click();

    await desk.getByRole("status").filter({ hasText: "was deleted" }).waitFor(WAIT);
    expect(await desk.locator(`[data-blog-list] a[data-blog="${blog.id}"]`).count()).toBe(0);
    await expectRemoved(reader);
    expect(await site.server.store.blogs.getBlog(blog.id)).toBeNull();
    await desk.context().close();
    await reader.context().close();
  });
});
