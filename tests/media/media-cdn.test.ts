/**
 * Media behind a CDN (MEDIA_PUBLIC_URL): the API hands out the CDN's URLs for a picture's
 * files while the catalog keeps `/media/<name>` (so that changing the CDN changes no record);
 * `/media/<name>` redirects there permanently, `/media/<id>` to the largest fallback file there,
 * and the pages' Content-Security-Policy lets images come from it.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import type { Media } from "../../shared/media.js";
import { useSite } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";
import { photo } from "../support/pictures.js";
import { fileNameOf, storedFileNames, upload } from "../support/uploads.js";

const CDN = "http://cdn.media.test:9000/liveblog";
const site = useSite({ redis: false, env: { MEDIA_PUBLIC_URL: `${CDN}/` } });

describe("with MEDIA_PUBLIC_URL set", () => {
  it("serves a picture's files from the CDN, and keeps records free of its address", async () => {
    const res = await upload(site.server, await photo(1000, 750), { fields: { alt: "Quay" } });
    expect(res.status, res.text).toBe(201);
    const media = res.body as Media;
    expect(media.url).toBe(`/media/${media.id}`);
    for (const variant of media.variants) {
      expect(variant.url).toMatch(new RegExp(`^${CDN}/[0-9a-f]{32}\\.(webp|jpg)$`));
    }
    // Stored: the files in the folder (the CDN's origin), the record with paths of this server.
    expect(await storedFileNames(site.server)).toEqual(
      media.variants.map((v) => fileNameOf(v.url)).sort(),
    );
    const stored = (await site.server.store.media.getMedia(media.id))!;
    expect(stored.variants.map((v) => v.url)).toEqual(
      media.variants.map((v) => `/media/${fileNameOf(v.url)}`),
    );
    const found = await request(site.server.url).get(`/api/media/${media.id}`).set(bearer);
    expect(found.body).toEqual(media);

    const name = fileNameOf(media.variants[0]!.url);
    const file = await request(site.server.url).get(`/media/${name}`);
    expect([file.status, file.headers.location]).toEqual([301, `${CDN}/${name}`]);
    const picture = await request(site.server.url).get(media.url);
    expect([picture.status, picture.headers.location]).toEqual([302, media.variants.at(-1)!.url]);
    expect(media.variants.at(-1)).toMatchObject({ width: 1000, type: "image/jpeg" });
  });

  it("lets pages load images from the CDN's origin, even on plain http", async () => {
    const page = await request(site.server.url).get("/");
    const imgSrc = String(page.headers["content-security-policy"])
      .split(";")
      .find((directive) => directive.trim().startsWith("img-src"));
    expect(imgSrc?.trim().split(/\s+/)).toEqual([
      "img-src",
      "'self'",
      "https:",
      "data:",
      "http://cdn.media.test:9000",
    ]);
  });
});
