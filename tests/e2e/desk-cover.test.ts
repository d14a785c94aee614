/**
 * A blog's cover set and removed from the desk, in real Chromium: the editor opens "Cover
 * picture", chooses a file, describes it, uploads it; the blog then has that cover (the API,
 * the reader page's link-preview tags) and the desk shows it; "Remove cover" takes it away.
 */
import request from "supertest";
import { describe, expect, it, vi } from "vitest";
import type { Blog } from "../../shared/schemas.js";
import { photo } from "../support/pictures.js";
import { waitFor } from "../support/wait.js";
import { logInToDesk } from "./support/desk.js";
import { useBrowserSite } from "./support/site.js";

// A browser on a busy two-core machine, and a picture to process.
vi.setConfig({ testTimeout: 90_000 });

const site = useBrowserSite();
const WAIT = { timeout: 20_000 };

const blogOf = async (id: string) =>
  (await request(site.server.url).get(`/api/blogs/${id}`)).body as Blog;

describe("the cover on the desk", () => {
  it("uploads a chosen picture as the cover, shows it, and removes it", async () => {
    const blog = await site.editor.createBlog("Talks in Istanbul");
    const page = await logInToDesk(site.browser, site.server.url, blog.id, WAIT);
    const cover = page.locator("[data-cover]");
    await cover.locator("summary").click();
    await cover.locator("[data-picture-file]").setInputFiles({
      name: "palace.jpg",
      mimeType: "image/jpeg",
      buffer: await photo(1600, 1000),
    });
    await cover
      .getByLabel("Alt text", { exact: true })
      .fill("Delegations at the table in Dolmabahçe Palace");
    await cover.getByRole("button", { name: "Upload and use as cover" }).click();

    await cover.locator("[data-cover-current]").waitFor({ state: "visible", ...WAIT });
    await waitFor(async () => (await blogOf(blog.id)).cover !== null, {
      what: "the cover to be set",
    });
    const { cover: mediaId } = await blogOf(blog.id);
    const media = await site.server.store.media.getMedia(mediaId!);
    expect(media?.alt).toBe("Delegations at the table in Dolmabahçe Palace");
    expect(Object.keys(media?.crops ?? {}).sort()).toEqual(["16x9", "1x1", "4x3"]);
    // The desk shows the picture itself, loaded.
    await waitFor(
      () =>
        cover.locator("[data-cover-img]").evaluate((img: HTMLImageElement) => img.naturalWidth > 0),
      { what: "the cover's thumbnail to load" },
    );
    const readerPage = (await request(site.server.url).get(`/blogs/${blog.id}`)).text;
    expect(readerPage).toContain(`<meta property="og:image:alt" content="${media!.alt}">`);
    await cover
      .locator("[role=status]", { hasText: "The picture is now the blog's cover." })
      .waitFor(WAIT);

    await cover.getByRole("button", { name: "Remove cover" }).click();
    await cover.locator("[data-cover-none]").waitFor({ state: "visible", ...WAIT });
    expect((await blogOf(blog.id)).cover).toBeNull();
    expect(await cover.locator("[data-cover-current]").isHidden()).toBe(true);
    await page.context().close();
  });
});
