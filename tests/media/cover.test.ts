/**
 * A blog's cover (issue 12, item 5): set and removed over the API, made into 1200-px crops in
 * 16:9, 4:3 and 1:1 once, and shown where link previews, search engines, the index page and feed
 * readers look for it. Embedded and on Redis, since the blog's cover lives in both stores.
 */
import { createHash } from "node:crypto";
import { buffer } from "node:stream/consumers";
import sharp from "sharp";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type { Media, MediaFile } from "../../shared/media.js";
import type { Blog } from "../../shared/schemas.js";
import { ensureClientBuilt } from "../e2e/support/browser.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer, type TestInstance } from "../support/instance.js";

/** A picture as an upload leaves it: a 1600x1200 JPEG fallback and WebP variants, stored. */
async function storedPicture(instance: TestInstance, id: string): Promise<Media> {
  const source = sharp({
    create: { width: 1600, height: 1200, channels: 3, background: { r: 40, g: 90, b: 160 } },
  });
  const file = async (width: number, format: "jpeg" | "webp"): Promise<MediaFile> => {
    const bytes = await source.clone().resize({ width }).toFormat(format).toBuffer();
    const name = `${createHash("sha256").update(bytes).digest("hex").slice(0, 32)}.${format === "jpeg" ? "jpg" : "webp"}`;
    await instance.mediaFiles.put(name, bytes, `image/${format}`);
    const height = Math.round((width * 1200) / 1600);
    return { url: `/media/${name}`, width, height, type: `image/${format}`, bytes: bytes.length };
  };
  const media: Media = {
    id,
    url: `/media/${id}`,
    width: 1600,
    height: 1200,
    type: "image/jpeg",
    alt: "Delegations at the table in Dolmabahçe Palace",
    caption: "",
    credit: "Photo: Agency",
    decorative: false,
    createdAt: new Date().toISOString(),
    createdBy: "admin",
    variants: [await file(480, "webp"), await file(960, "webp"), await file(1600, "jpeg")],
  };
  await instance.store.media.saveMedia(media);
  return media;
}

const metaContent = (html: string, key: string) =>
  new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(html)?.[1];

describe.each([
  ["embedded", false as const],
  ["Redis", undefined],
])("a blog's cover (%s)", (_mode, redis) => {
  const site = useSite({ redis });
  const http = () => request(site.server.url);
  let blog: Blog;
  let picture: Media;
  let counter = 0;

  beforeAll(async () => {
    await ensureClientBuilt();
    blog = await editorApi(site.server.url).createBlog("Talks in Istanbul");
    picture = await storedPicture(site.server, `cover${String(++counter).padStart(11, "0")}`);
  });

  it("sets a cover, makes its three crops once, and stores them as JPEG files of those sizes", async () => {
    const res = await http().patch(`/api/blogs/${blog.id}`).set(bearer).send({ cover: picture.id });
    expect(res.status).toBe(200);
    expect((res.body as Blog).cover).toBe(picture.id);
    const stored = await site.server.store.media.getMedia(picture.id);
    const crops = stored?.crops ?? {};
    expect(Object.keys(crops).sort()).toEqual(["16x9", "1x1", "4x3"]);
    for (const [crop, size] of [
      ["16x9", [1200, 675]],
      ["4x3", [1200, 900]],
      ["1x1", [1200, 1200]],
    ] as const) {
      const file = crops[crop]!;
      expect([file.width, file.height, file.type]).toEqual([...size, "image/jpeg"]);
      const bytes = await site.server.mediaFiles.get(file.url.slice("/media/".length));
      const metadata = await sharp(await buffer(bytes!.body)).metadata();
      expect([metadata.format, metadata.width, metadata.height]).toEqual(["jpeg", ...size]);
    }
    // A second blog with the same cover reuses the crops.
    const other = await editorApi(site.server.url).createBlog("Same picture");
    await http()
      .patch(`/api/blogs/${other.id}`)
      .set(bearer)
      .send({ cover: picture.id })
      .expect(200);
    expect((await site.server.store.media.getMedia(picture.id))?.crops).toEqual(crops);
  });

  it("shows the cover in link previews and in the JSON-LD, with absolute URLs", async () => {
    await http().patch(`/api/blogs/${blog.id}`).set(bearer).send({ cover: picture.id }).expect(200);
    const { crops } = (await site.server.store.media.getMedia(picture.id))!;
    const page = (await http().get(`/blogs/${blog.id}`).expect(200)).text;
    const absolute = (file: MediaFile | undefined) => new URL(file!.url, site.server.url).href;
    expect(metaContent(page, "og:image")).toBe(absolute(crops?.["16x9"]));
    expect(metaContent(page, "og:image:width")).toBe("1200");
    expect(metaContent(page, "og:image:height")).toBe("675");
    expect(metaContent(page, "og:image:alt")).toBe(picture.alt);
    expect(metaContent(page, "twitter:card")).toBe("summary_large_image");
    const jsonLd = JSON.parse(
      /<script type="application\/ld\+json"[^>]*>(.*?)<\/script>/s.exec(page)![1]!,
    );
    expect(jsonLd.image).toEqual([crops?.["1x1"], crops?.["4x3"], crops?.["16x9"]].map(absolute));
  });

  it("shows the cover on the index page's card with its size given, and in both feeds", async () => {
    await http().patch(`/api/blogs/${blog.id}`).set(bearer).send({ cover: picture.id }).expect(200);
    const { crops } = (await site.server.store.media.getMedia(picture.id))!;
    const index = (await http().get("/").expect(200)).text;
    expect(index).toMatch(
      /<img class="blog-cover" src="\/media\/[a-f0-9]{32}\.jpg" srcset="[^"]+ 480w, [^"]+ 960w"/,
    );
    expect(index).toContain(`width="1600" height="1200" alt="${picture.alt}"`);
    const atom = (await http().get(`/blogs/${blog.id}/feed.atom`).expect(200)).text;
    expect(atom).toContain(`<logo>${new URL(crops!["16x9"]!.url, site.server.url).href}</logo>`);
    const feed = JSON.parse((await http().get(`/blogs/${blog.id}/feed.json`).expect(200)).text);
    expect(feed.icon).toBe(new URL(crops!["1x1"]!.url, site.server.url).href);
  });

  it("refuses a cover that is no uploaded picture with 400, and keeps the one it had", async () => {
    await http().patch(`/api/blogs/${blog.id}`).set(bearer).send({ cover: picture.id }).expect(200);
    const res = await http()
      .patch(`/api/blogs/${blog.id}`)
      .set(bearer)
      .send({ cover: "nosuchpicture000" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.message).toMatch(
      /no picture \/media\/nosuchpicture000.*POST \/api\/media/,
    );
    expect((await http().get(`/api/blogs/${blog.id}`)).body.cover).toBe(picture.id);
    const malformed = await http()
      .patch(`/api/blogs/${blog.id}`)
      .set(bearer)
      .send({ cover: "../x" });
    expect(malformed.status).toBe(400);
  });

  it("removes the cover with null: small text card, no image in the JSON-LD or the feeds", async () => {
    await http().patch(`/api/blogs/${blog.id}`).set(bearer).send({ cover: picture.id }).expect(200);
    const res = await http().patch(`/api/blogs/${blog.id}`).set(bearer).send({ cover: null });
    expect(res.status).toBe(200);
    expect((res.body as Blog).cover).toBeNull();
    const page = (await http().get(`/blogs/${blog.id}`).expect(200)).text;
    expect(metaContent(page, "og:image")).toBeUndefined();
    expect(metaContent(page, "twitter:card")).toBe("summary");
    expect(page).not.toContain(`"image":`);
    expect((await http().get(`/blogs/${blog.id}/feed.atom`)).text).not.toContain("<logo>");
  });

  it("tells readers of a cover change in the blog.updated event, with null when removed", async () => {
    const reader = await site.connectReader(site.server);
    expect((await reader.subscribe(blog.id)).ok).toBe(true);
    const before = reader.events.length;
    await http().patch(`/api/blogs/${blog.id}`).set(bearer).send({ cover: picture.id }).expect(200);
    await http().patch(`/api/blogs/${blog.id}`).set(bearer).send({ cover: null }).expect(200);
    await reader.waitForEvents(before + 2);
    expect(reader.events.slice(before).map((event) => event.blog?.cover)).toEqual([
      picture.id,
      null,
    ]);
  });

  it("accepts a cover when the blog is created", async () => {
    const res = await http()
      .post("/api/blogs")
      .set(bearer)
      .send({ title: "Covered from the start", cover: picture.id });
    expect(res.status).toBe(201);
    expect((res.body as Blog).cover).toBe(picture.id);
    expect((await http().get(`/api/blogs/${res.body.id}`)).body.cover).toBe(picture.id);
  });
});
