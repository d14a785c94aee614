/**
 * An entry's own page, `/blogs/:blogId/entries/:entryId` (issue 14, sharing): the reader page
 * opened at that entry, with the entry's own link preview, canonical at its own address; 404 for
 * an unknown entry and for a draft alike.
 */
import request from "supertest";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Media } from "../../shared/media.js";
import type { Blog, Entry } from "../../shared/schemas.js";
import { ensureClientBuilt } from "../e2e/support/browser.js";
import { editorApi, useSite, type EditorApi } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";
import { photo } from "../support/pictures.js";
import { upload } from "../support/uploads.js";

// One upload, resized by sharp, and 25 entries: room for a busy two-core machine.
vi.setConfig({ testTimeout: 60_000 });

const site = useSite({ redis: false });
const http = () => request(site.server.url);
let editor: EditorApi;
let blog: Blog;
let cover: Media;
let picture: Media;
let oldest: Entry;
let withPicture: Entry;
let plain: Entry;

/** The content of `<meta property|name="name">`, unescaped as a browser would read it. */
function meta(html: string, name: string): string | undefined {
  const tag = new RegExp(`<meta (?:property|name)="${name}" content="([^"]*)">`).exec(html);
  return tag?.[1]
    ?.replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

const readerState = (html: string) =>
  JSON.parse(/<script type="application\/json" id="lb-state">(.*?)<\/script>/s.exec(html)![1]!);

async function uploaded(alt: string): Promise<Media> {
  const res = await upload(site.server, await photo(1600, 900), { fields: { alt } });
  expect(res.status, res.text).toBe(201);
  return res.body as Media;
}

beforeAll(async () => {
  await ensureClientBuilt();
  editor = editorApi(site.server.url);
  blog = await editor.createBlog("Election night", { description: "Results as they come." });
  [cover, picture] = [await uploaded("The count hall"), await uploaded("Ballots on a table")];
  await http().patch(`/api/blogs/${blog.id}`).set(bearer).send({ cover: cover.id }).expect(200);
  oldest = await editor.post(blog.id, {
    headline: "Polls open",
    body: "Doors open at seven.\n\nQueues are short.",
  });
  await editor.postMany(blog.id, 22);
  withPicture = await editor.post(blog.id, {
    headline: `Turnout "high" & rising`,
    body: `First figures *in*.\n\n![](/media/${picture.id})`,
  });
  plain = await editor.post(blog.id, { body: "No headline here, just a short line of text." });
});

const pathOf = (entry: Pick<Entry, "id">, blogId = blog.id) =>
  `/blogs/${blogId}/entries/${entry.id}`;

describe("an entry's page", () => {
  it("previews the entry: its headline, first paragraph and picture, canonical at its own address", async () => {
    const res = await http().get(pathOf(withPicture)).expect(200).expect("Content-Type", /html/);
    const url = `${site.server.url}${pathOf(withPicture)}`;
    expect(res.text).toContain(`<link rel="canonical" href="${url}">`);
    expect(meta(res.text, "og:url")).toBe(url);
    expect(meta(res.text, "og:type")).toBe("article");
    expect(meta(res.text, "og:title")).toBe(`Turnout "high" & rising`);
    expect(meta(res.text, "og:description")).toBe("First figures in.");
    const largest = picture.variants
      .filter((file) => file.type === picture.type)
      .sort((a, b) => b.width - a.width)[0]!;
    expect(meta(res.text, "og:image")).toBe(`${site.server.url}${largest.url}`);
    expect(meta(res.text, "og:image:width")).toBe(String(largest.width));
    expect(meta(res.text, "og:image:height")).toBe(String(largest.height));
    expect(meta(res.text, "og:image:alt")).toBe("Ballots on a table");
    expect(meta(res.text, "twitter:card")).toBe("summary_large_image");
    expect(meta(res.text, "twitter:image")).toBe(`${site.server.url}${largest.url}`);
    // The blog's structured data, as on its reader page.
    expect(res.text).toContain(`"@type":"LiveBlogPosting"`);
    expect(res.text).toContain(`"url":"${site.server.url}/blogs/${blog.id}"`);
    // The page is the blog's, live from the seq it was rendered at, aimed at the entry.
    const state = readerState(res.text);
    expect(state.target).toBe(withPicture.id);
    expect(state.before).toBeNull();
    expect(res.text).toContain(`id="entry-${withPicture.id}"`);
  });

  it("falls back to the blog's cover without a picture, and to the text without a headline", async () => {
    const res = await http().get(pathOf(plain)).expect(200);
    expect(meta(res.text, "og:title")).toBe("No headline here, just a short line of text.");
    expect(meta(res.text, "og:description")).toBe("No headline here, just a short line of text.");
    // The crops are cut when the picture becomes a cover.
    const crop = (await site.server.store.media.getMedia(cover.id))!.crops!["16x9"]!;
    expect(meta(res.text, "og:image")).toBe(`${site.server.url}${crop.url}`);
    expect(meta(res.text, "og:image:alt")).toBe("The count hall");
    expect(meta(res.text, "twitter:card")).toBe("summary_large_image");
  });

  it("gives a small text card when neither the entry nor the blog has a picture", async () => {
    const bare = await editor.createBlog("No pictures");
    const entry = await editor.post(bare.id, { headline: "Just words", body: "Only text." });
    const res = await http().get(pathOf(entry, bare.id)).expect(200);
    expect(meta(res.text, "og:image")).toBeUndefined();
    expect(meta(res.text, "twitter:card")).toBe("summary");
    expect(meta(res.text, "og:description")).toBe("Only text.");
  });

  it("starts the stream at an entry older than the first page, so it is in the HTML", async () => {
    const newest = await http().get(`/blogs/${blog.id}`).expect(200);
    expect(newest.text).not.toContain(`id="entry-${oldest.id}"`);

    const res = await http().get(pathOf(oldest)).expect(200);
    expect(res.text).toContain(`id="entry-${oldest.id}"`);
    expect(meta(res.text, "og:title")).toBe("Polls open");
    expect(meta(res.text, "og:description")).toBe("Doors open at seven.");
    const state = readerState(res.text);
    expect(state.target).toBe(oldest.id);
    expect(state.stream[0].id).toBe(oldest.id);
    // A way back to the newest updates, as on any older page of the blog.
    expect(res.text).toContain(`<p class="back-to-latest"><a href="/blogs/${blog.id}">`);
  });

  it("is cached like the reader page, and revalidates until the blog changes", async () => {
    const first = await http().get(pathOf(plain)).expect(200);
    expect(first.headers["cache-control"]).toBe("public, max-age=5, stale-while-revalidate=60");
    const etag = first.headers.etag as string;
    await http().get(pathOf(plain)).set("If-None-Match", etag).expect(304);
    await editor.edit(blog.id, plain.id, { body: "Edited line.", version: plain.version });
    const after = await http().get(pathOf(plain)).set("If-None-Match", etag).expect(200);
    expect(meta(after.text, "og:description")).toBe("Edited line.");
  });

  it("answers an unknown entry, a draft and a malformed id alike, with a 404 page that leaks nothing", async () => {
    const draft = await http()
      .post(`/api/blogs/${blog.id}/entries`)
      .set(bearer)
      .send({ headline: "Secret projection", body: "Not yet.", status: "draft" })
      .expect(201);
    const unknown = await http()
      .get(pathOf({ id: "no-such-entry" }))
      .expect(404)
      .expect("Content-Type", /html/);
    const drafted = await http()
      .get(pathOf(draft.body as Entry))
      .expect(404);
    expect(drafted.text).not.toContain("Secret projection");
    expect(drafted.text.replaceAll(draft.body.id, "ID")).toBe(
      unknown.text.replaceAll("no-such-entry", "ID"),
    );
    expect(drafted.headers["cache-control"]).toBe("no-store");
    await http().get(`/blogs/${blog.id}/entries/bad%20id!`).expect(404);
    await http().get(`/blogs/no-such-blog/entries/${plain.id}`).expect(404);
  });
});
