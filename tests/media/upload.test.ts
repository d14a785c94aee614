/**
 * Uploading pictures (issue 12): a good JPEG, PNG, WebP, AVIF or GIF becomes a record with
 * WebP files and fallbacks in its own type at 480, 960 and 1600 px, each stored under the hash
 * of its bytes and served for a year; the record is in the catalog (on Redis here) and
 * `/media/<id>` leads to the picture.
 */
import { createHash } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mediaSchema, type Media } from "../../shared/media.js";
import { useSite } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";
import { animatedGif, photo, type PictureFormat } from "../support/pictures.js";
import {
  fileNameOf,
  storedFile,
  storedFileNames,
  storedMedia,
  upload,
} from "../support/uploads.js";

const site = useSite();

/** Making and processing a 2000 px picture takes seconds on a busy 2-core machine. */
const PROCESSING_TIMEOUT = 60_000;

const TYPES: Record<PictureFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
  gif: "image/gif",
};

/** Checks each variant against its stored file and returns the files' bytes by name. */
async function expectStoredAsDescribed(media: Media) {
  const names = await storedFileNames(site.server);
  const files = new Map<string, Buffer>();
  for (const variant of media.variants) {
    const name = fileNameOf(variant.url);
    expect(variant.url).toBe(`/media/${name}`);
    expect(names).toContain(name);
    const bytes = await storedFile(site.server, name);
    expect(bytes.length).toBe(variant.bytes);
    // The name is the hash of the bytes: the URL can never mean another picture.
    expect(name.split(".")[0]).toBe(createHash("sha256").update(bytes).digest("hex").slice(0, 32));
    const meta = await sharp(bytes).metadata();
    expect([meta.width, meta.pageHeight ?? meta.height]).toEqual([variant.width, variant.height]);
    expect(`image/${meta.format === "heif" ? "avif" : meta.format}`).toBe(variant.type);
    files.set(name, bytes);
  }
  return files;
}

describe.each<PictureFormat>(["jpeg", "png", "webp", "avif", "gif"])(
  "a 2000 x 1500 %s upload",
  (format) => {
    it(
      "is stored as WebP and fallback files at 480, 960 and 1600 px, and served for a year",
      { timeout: PROCESSING_TIMEOUT },
      async () => {
        const picture =
          format === "gif" ? await animatedGif(2000, 1500, 3) : await photo(2000, 1500, format);
        const res = await upload(site.server, picture, {
          filename: `holiday.${format}`,
          contentType: TYPES[format],
          fields: { alt: "A square crosses the frame", caption: "Seen at noon", credit: "AP" },
        });
        expect(res.status, res.text).toBe(201);
        const media = mediaSchema.parse(res.body);
        expect(res.headers.location).toBe(`/api/media/${media.id}`);
        expect(media).toMatchObject({
          url: `/media/${media.id}`,
          width: 1600,
          height: 1200,
          type: TYPES[format],
          alt: "A square crosses the frame",
          caption: "Seen at noon",
          credit: "AP",
          decorative: false,
          createdBy: "admin",
        });
        // WebP first at each width, then the fallback; a WebP upload needs no fallback.
        const types = format === "webp" ? ["image/webp"] : ["image/webp", TYPES[format]];
        expect(media.variants.map((v) => [v.width, v.height, v.type])).toEqual(
          [480, 960, 1600].flatMap((w) => types.map((type) => [w, (w * 3) / 4, type])),
        );
        expect(await site.server.store.media.getMedia(media.id)).toEqual(media);

        const files = await expectStoredAsDescribed(media);
        if (format === "gif") {
          // Animated GIFs stay animated, in WebP and in GIF.
          for (const bytes of files.values()) expect((await sharp(bytes).metadata()).pages).toBe(3);
        }
        for (const variant of media.variants) {
          const served = await request(site.server.url).get(variant.url).buffer(true);
          expect(served.status).toBe(200);
          expect(served.headers).toMatchObject({
            "content-type": variant.type,
            "cache-control": "public, max-age=31536000, immutable",
            etag: `"${fileNameOf(variant.url)}"`,
            "x-content-type-options": "nosniff",
            "cross-origin-resource-policy": "cross-origin",
            "content-length": String(variant.bytes),
          });
          expect(Buffer.compare(served.body as Buffer, files.get(fileNameOf(variant.url))!)).toBe(
            0,
          );
        }
      },
    );
  },
);

describe("a picture narrower than 480 px", () => {
  it("gets one WebP and one fallback at its own width, never enlarged", async () => {
    const res = await upload(site.server, await photo(300, 200, "png"), { filename: "icon.png" });
    expect(res.status, res.text).toBe(201);
    expect(
      res.body.variants.map((v: Media["variants"][number]) => [v.width, v.height, v.type]),
    ).toEqual([
      [300, 200, "image/webp"],
      [300, 200, "image/png"],
    ]);
    await expectStoredAsDescribed(res.body as Media);
  });
});

describe("a stored picture", () => {
  it("is found by id by editors only, and /media/<id> redirects to its largest fallback file", async () => {
    const res = await upload(site.server, await photo(1200, 800), { fields: { alt: "Crowd" } });
    expect(res.status, res.text).toBe(201);
    const media = res.body as Media;
    // 1200 px: 480, 960, and the picture's own width as the largest.
    expect(media.variants.map((v) => v.width)).toEqual([480, 480, 960, 960, 1200, 1200]);

    const found = await request(site.server.url).get(`/api/media/${media.id}`).set(bearer);
    expect([found.status, found.body]).toEqual([200, media]);
    const anonymous = await request(site.server.url).get(`/api/media/${media.id}`);
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, "unauthorized"]);
    const missing = await request(site.server.url).get("/api/media/aaaaaaaaaaaaaaaa").set(bearer);
    expect([missing.status, missing.body.error.code]).toEqual([404, "not_found"]);

    const redirect = await request(site.server.url).get(media.url);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toBe(media.variants.at(-1)!.url);
    expect(media.variants.at(-1)).toMatchObject({ type: "image/jpeg", width: 1200 });
    const unknownId = await request(site.server.url).get("/media/bbbbbbbbbbbbbbbb");
    expect(unknownId.status).toBe(404);
  });

  it("answers a revalidation with 304 and a HEAD with the size alone", async () => {
    const res = await upload(site.server, await photo(600, 400));
    expect(res.status, res.text).toBe(201);
    const file = (res.body as Media).variants[0]!;
    const again = await request(site.server.url)
      .get(file.url)
      .set("If-None-Match", `"${fileNameOf(file.url)}"`);
    expect(again.status).toBe(304);
    const head = await request(site.server.url).head(file.url);
    expect([head.status, head.headers["content-length"]]).toEqual([200, String(file.bytes)]);
  });

  it("answers a revalidation from the file's name alone, without reading the storage", async () => {
    const res = await upload(site.server, await photo(620, 400));
    expect(res.status, res.text).toBe(201);
    const file = (res.body as Media).variants[0]!;
    // Gone from the storage: only an answer that never reads it can still be a 304.
    await site.server.mediaFiles.delete(fileNameOf(file.url));
    const again = await request(site.server.url)
      .get(file.url)
      .set("If-None-Match", `"${fileNameOf(file.url)}"`);
    expect([again.status, again.headers.etag]).toEqual([304, `"${fileNameOf(file.url)}"`]);
    expect((await request(site.server.url).get(file.url)).status).toBe(404);
  });

  it("is stored once when uploaded twice: two records, the same content-hashed files", async () => {
    const picture = await photo(700, 500);
    const first = await upload(site.server, picture);
    const before = await storedFileNames(site.server);
    const second = await upload(site.server, picture, { filename: "copy.jpg" });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.variants).toEqual(first.body.variants);
    expect(await storedFileNames(site.server)).toEqual(before);
    expect((await storedMedia(site.server)).records).toEqual(
      expect.arrayContaining([first.body.id, second.body.id]),
    );
  });
});

describe("a media path that names no stored file", () => {
  const neighbour = `neighbour-${process.pid}.txt`;
  beforeAll(async () => {
    await writeFile(join(site.server.config.media.dir, "..", neighbour), "NEIGHBOUR SECRET");
  });
  afterAll(async () => {
    await rm(join(site.server.config.media.dir, "..", neighbour), { force: true });
  });

  it.each([
    "/media/0123456789abcdef0123456789abcdef.webp",
    "/media/0123456789abcdef0123456789abcdef.svg",
    "/media/..%2FNEIGHBOUR",
    "/media/%2e%2e%2fNEIGHBOUR",
    "/media/..%5CNEIGHBOUR",
    "/media/NEIGHBOUR",
  ])("%s is 404, whatever the folder's neighbours hold", async (path) => {
    const res = await request(site.server.url).get(path.replace("NEIGHBOUR", neighbour));
    expect(res.status).toBe(404);
    expect(res.headers["cache-control"] ?? "").not.toContain("immutable");
    expect(res.text).not.toContain("NEIGHBOUR SECRET");
  });
});
