/**
 * A person's picture on the desk, in real Chromium: a contributor chooses their own picture in
 * My account; the store then has it as their avatar (an uploaded picture whose alt text is their
 * display name), the desk bar shows it beside their name, and an admin sees it in People; Remove
 * takes it away everywhere. An admin sets and removes someone else's the same way in People.
 */
import { describe, expect, it, vi } from "vitest";
import type { Locator } from "playwright-core";
import { addPerson, PERSON_PASSWORD } from "../support/people.js";
import { photo } from "../support/pictures.js";
import { waitFor } from "../support/wait.js";
import { logInToDesk } from "./support/desk.js";
import { useBrowserSite } from "./support/site.js";

// A browser on a busy two-core machine, and a picture to process.
vi.setConfig({ testTimeout: 90_000 });

const site = useBrowserSite();
const WAIT = { timeout: 20_000 };

const avatarOf = async (name: string) =>
  (await site.server.store.editors.getEditor(name))?.avatar ?? null;
const aPicture = async () => ({
  name: "portrait.jpg",
  mimeType: "image/jpeg",
  buffer: await photo(400, 400),
});
/** Waits until `img` has loaded a picture (not a broken image). */
const loaded = (img: Locator, what: string) =>
  waitFor(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), {
    what,
  });

describe("a person's picture on the desk", () => {
  it("lets a person set their own picture in My account, shown in the bar and in People, and remove it", async () => {
    const blog = await site.editor.createBlog("Pictures of people");
    const ana = await addPerson(site.server.store, "contributor", { displayName: "Ana Demir" });
    await site.server.store.blogs.setTeam(blog.id, [ana.name]);
    const page = await logInToDesk(site.browser, site.server.url, blog.id, WAIT, {
      name: ana.name,
      password: PERSON_PASSWORD,
    });
    const account = page.locator("[data-account]");
    await account.locator("summary").first().click();
    await account.getByText("No picture yet.").waitFor(WAIT);
    expect(await page.locator(".desk-bar img").count()).toBe(0);

    await account.locator("[data-avatar-file]").setInputFiles(await aPicture());
    await account.getByRole("status").filter({ hasText: "Picture updated." }).waitFor(WAIT);
    const id = await avatarOf(ana.name);
    expect(id).not.toBeNull();
    expect((await site.server.store.media.getMedia(id!))?.alt).toBe("Ana Demir");
    await loaded(account.getByRole("img", { name: "Ana Demir" }), "the account's thumbnail");
    const inBar = page.locator(".desk-bar [data-session-avatar] img");
    await loaded(inBar, "the thumbnail in the desk bar");
    expect(await inBar.getAttribute("src")).toBe(`/media/${id}`);

    // After a reload the page's session carries it.
    await page.reload();
    await loaded(page.locator(".desk-bar [data-session-avatar] img"), "the bar after a reload");

    const admin = await logInToDesk(site.browser, site.server.url, blog.id, WAIT);
    await admin.locator("[data-people] > summary").click();
    const row = admin.locator(`[data-person='${ana.name}']`);
    await loaded(row.locator(".person-line img.avatar"), "Ana's thumbnail in People");
    expect(await row.locator(".person-line img.avatar").getAttribute("src")).toBe(`/media/${id}`);

    await page.locator("[data-account] > summary").click();
    await page.locator("[data-account]").getByRole("button", { name: "Remove" }).click();
    await page.getByRole("status").filter({ hasText: "Picture removed." }).waitFor(WAIT);
    expect(await avatarOf(ana.name)).toBeNull();
    expect(await page.locator(".desk-bar img").count()).toBe(0);
    expect(await page.locator("[data-account]").getByText("No picture yet.").isVisible()).toBe(
      true,
    );
    for (const p of [page, admin]) await p.context().close();
  });

  it("lets an admin set and remove someone else's picture in People, with initials without one", async () => {
    const blog = await site.editor.createBlog("Pictures by the admin");
    const bo = await addPerson(site.server.store, "editor", { displayName: "Bo Lind" });
    const admin = await logInToDesk(site.browser, site.server.url, blog.id, WAIT);
    await admin.locator("[data-people] > summary").click();
    const row = admin.locator(`[data-person='${bo.name}']`);
    expect(await row.locator(".avatar-initials").textContent()).toBe("BL");

    await row.getByText("Change Bo Lind").click();
    await row.locator("[data-avatar-file]").setInputFiles(await aPicture());
    await admin.getByRole("status").filter({ hasText: "Bo Lind's picture updated." }).waitFor(WAIT);
    const id = await avatarOf(bo.name);
    expect(id).not.toBeNull();
    await loaded(row.locator(".person-line img.avatar"), "Bo's thumbnail in People");
    // Someone else's picture is not the admin's: the bar shows none.
    expect(await admin.locator(".desk-bar img").count()).toBe(0);

    await row.getByText("Change Bo Lind").click();
    await row.getByRole("button", { name: "Remove" }).click();
    await admin.getByRole("status").filter({ hasText: "Bo Lind's picture removed." }).waitFor(WAIT);
    expect(await avatarOf(bo.name)).toBeNull();
    expect(await row.locator(".avatar-initials").textContent()).toBe("BL");
    await admin.context().close();
  });
});
