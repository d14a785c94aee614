/**
 * Bad uploads (issue 12, "Bad input"): each is refused with a clear error and stores nothing,
 * whatever its name or Content-Type claims: a text file named .jpg, an SVG with a script, a
 * JPEG cut short, a PNG bomb, 30 MB, no credentials. A file name with ../ changes nothing (the
 * names are ours), and a phone's photo loses its GPS position, serial number and every other
 * piece of metadata, and comes out upright.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { MEDIA_LIMITS, type Media } from "../../shared/media.js";
import { useSite } from "../support/fixtures.js";
import { TEST_PASSWORD, TEST_TOKEN, type TestInstance } from "../support/instance.js";
import {
  animatedGif,
  phonePhoto,
  photo,
  pngBomb,
  scriptedSvg,
  SECRETS,
  truncated,
} from "../support/pictures.js";
import {
  bytesReadWhenAnswered,
  fileNameOf,
  sendLargeUpload,
  storedFile,
  storedMedia,
  upload,
} from "../support/uploads.js";

const site = useSite({
  redis: false,
  instances: { server: {}, strict: { env: { MEDIA_MAX_PIXELS: "1000000" } } },
});

const MB = 1024 * 1024;

/** Runs `act` and checks that the instance stored no file and no record meanwhile. */
async function expectNothingStored(instance: TestInstance, act: () => Promise<void>) {
  const before = await storedMedia(instance);
  await act();
  expect(await storedMedia(instance)).toEqual(before);
}

describe("a file that is not a picture we take", () => {
  it("a text file named photo.jpg and sent as image/jpeg is refused with 415", async () => {
    await expectNothingStored(site.server, async () => {
      const text = Buffer.from("Not a picture at all, whatever the name says.\n".repeat(50));
      const res = await upload(site.server, text, { filename: "photo.jpg" });
      expect([res.status, res.body.error.code]).toEqual([415, "unsupported_image_type"]);
      expect(res.body.error.message).toMatch(/Send a JPEG, PNG, WebP, AVIF or GIF picture/);
    });
  });

  it("an SVG with a script, named .png, is refused with 415 and said to be SVG", async () => {
    await expectNothingStored(site.server, async () => {
      const res = await upload(site.server, scriptedSvg, {
        filename: "logo.png",
        contentType: "image/png",
      });
      expect([res.status, res.body.error.code]).toEqual([415, "unsupported_image_type"]);
      expect(res.body.error.message).toContain("SVG");
    });
  });

  it("a JPEG cut off halfway is refused with 422 image_unreadable", async () => {
    await expectNothingStored(site.server, async () => {
      const res = await upload(site.server, truncated(await photo(1200, 900)));
      expect([res.status, res.body.error.code]).toEqual([422, "image_unreadable"]);
      expect(res.body.error.message).toMatch(/damaged or incomplete/);
    });
  });
});

describe("a decompression bomb", () => {
  it(
    "a 20,000 x 20,000 PNG of 50 KB is refused with 422 from its header, in bounded memory",
    { timeout: 60_000 },
    async () => {
      const bomb = pngBomb(20_000);
      expect(bomb.length).toBeLessThan(200 * 1024);
      const baseline = process.memoryUsage.rss();
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
      try {
        await expectNothingStored(site.server, async () => {
          const res = await upload(site.server, bomb, { filename: "bomb.png" });
          expect([res.status, res.body.error.code]).toEqual([422, "image_too_large"]);
          expect(res.body.error.message).toContain("20000 x 20000 pixels");
          expect(res.body.error.message).toContain("MEDIA_MAX_PIXELS");
        });
      } finally {
        clearInterval(sampler);
      }
      // Decoded, it is 400 MB of pixels at one byte each (this process is the server).
      expect(peak - baseline).toBeLessThan(100 * MB);
    },
  );

  it("an animation whose frames together pass MEDIA_MAX_PIXELS is refused with 422", async () => {
    // 600 x 400 is 0.24 million pixels a frame; six frames pass the 1 million allowed here.
    const gif = await animatedGif(600, 400, 6);
    await expectNothingStored(site.strict, async () => {
      const res = await upload(site.strict, gif, { filename: "loop.gif" });
      expect([res.status, res.body.error.code]).toEqual([422, "image_too_large"]);
      expect(res.body.error.message).toContain("600 x 400 pixels in 6 frames");
    });
  });
});

describe("30 MB (MEDIA_MAX_BYTES is 15 MB)", () => {
  const auth = { Authorization: `Bearer ${TEST_TOKEN}` };

  it("is refused with 413 from its Content-Length, before the body is read", async () => {
    await expectNothingStored(site.server, async () => {
      const read = bytesReadWhenAnswered(site.server);
      const res = await sendLargeUpload(site.server.url, 30 * MB, { headers: auth });
      expect([res.status, JSON.parse(res.body).error.code]).toEqual([413, "payload_too_large"]);
      expect(JSON.parse(res.body).error.message).toContain("15 MB");
      // Answered while the client was still sending, and told to stop: the connection closes.
      expect(res.headers.connection).toBe("close");
      expect(res.sentAll).toBe(false);
      // The server had read little more than the headers (what the socket delivered at once).
      expect(await read).toBeLessThan(1 * MB);
    });
  });

  it("is refused with 413 as soon as it passes the limit when it comes chunked, without a size", async () => {
    await expectNothingStored(site.server, async () => {
      const read = bytesReadWhenAnswered(site.server);
      // Longer than 30 MB, since the kernel's buffers on loopback take 10 MB and more before
      // the client notices the answer; it stops writing when it does.
      const res = await sendLargeUpload(site.server.url, 200 * MB, {
        headers: auth,
        chunked: true,
      });
      expect([res.status, JSON.parse(res.body).error.code]).toEqual([413, "payload_too_large"]);
      expect(res.headers.connection).toBe("close");
      expect(res.sentAll).toBe(false);
      expect(await read).toBeLessThan(16 * MB);
    });
    // And the instance takes the next upload as usual.
    expect((await upload(site.server, await photo(400, 300))).status).toBe(201);
  });
});

describe("an upload without credentials", () => {
  it("is refused with 401 before its body is read, and nothing is written to the folder", async () => {
    const fresh = await storedMedia(site.strict);
    expect(fresh).toEqual({ files: [], records: [] });
    const res = await upload(site.strict, await photo(800, 600), { headers: {} });
    expect([res.status, res.body.error.code]).toEqual([401, "unauthorized"]);
    const wrongToken = await upload(site.strict, await photo(800, 600), {
      headers: { Authorization: "Bearer not-the-token-not-the-token" },
    });
    expect([wrongToken.status, wrongToken.body.error.code]).toEqual([401, "unauthorized"]);
    // Refused from the headers alone: the answer comes while 10 MB are still being sent.
    const large = await sendLargeUpload(site.strict.url, 10 * MB);
    expect([large.status, large.sentAll]).toEqual([401, false]);
    expect(await storedMedia(site.strict)).toEqual({ files: [], records: [] });
  });

  it("is refused with 403 with an editor's cookie from another site's page, nothing written", async () => {
    const login = await request(site.strict.url)
      .post("/api/session")
      .send({ name: "admin", password: TEST_PASSWORD });
    const cookie = (login.headers["set-cookie"] as unknown as string[])[0]!.split(";")[0]!;
    const res = await upload(site.strict, await photo(800, 600), {
      headers: { Cookie: cookie, Origin: "https://evil.example" },
    });
    expect([res.status, res.body.error.code]).toEqual([403, "forbidden"]);
    expect(await storedMedia(site.strict)).toEqual({ files: [], records: [] });
  });
});

describe("a form that is not an upload", () => {
  it("a JSON body is refused with 415, saying to send a multipart form with the field file", async () => {
    await expectNothingStored(site.server, async () => {
      const res = await request(site.server.url)
        .post("/api/media")
        .set("Authorization", `Bearer ${TEST_TOKEN}`)
        .send({ file: "aGVsbG8=" });
      expect([res.status, res.body.error.code]).toEqual([415, "unsupported_media_type"]);
      expect(res.body.error.message).toContain("multipart/form-data, in a field called file");
    });
  });

  it("a form without the field file, or with the picture in another field, is refused with 400", async () => {
    await expectNothingStored(site.server, async () => {
      const none = await request(site.server.url)
        .post("/api/media")
        .set("Authorization", `Bearer ${TEST_TOKEN}`)
        .field("alt", "A picture");
      expect([none.status, none.body.error.code]).toEqual([400, "validation_failed"]);
      expect(none.body.error.message).toContain("send it in a field called file");

      const elsewhere = await request(site.server.url)
        .post("/api/media")
        .set("Authorization", `Bearer ${TEST_TOKEN}`)
        .attach("picture", await photo(400, 300), "photo.jpg");
      expect([elsewhere.status, elsewhere.body.error.code]).toEqual([400, "validation_failed"]);
      expect(elsewhere.body.error.message).toContain(
        'in a field called file (this form has one in "picture")',
      );

      const empty = await upload(site.server, Buffer.alloc(0));
      expect([empty.status, empty.body.error.message]).toEqual([
        400,
        "The picture is empty (0 bytes); choose the file again.",
      ]);
    });
  });

  it("text fields that are too long or unknown are refused with 400, naming them", async () => {
    const picture = await photo(400, 300);
    await expectNothingStored(site.server, async () => {
      const long = await upload(site.server, picture, {
        fields: { alt: "a".repeat(MEDIA_LIMITS.altMax + 1) },
      });
      expect([long.status, long.body.error.code]).toEqual([400, "validation_failed"]);
      expect(long.body.error.message).toMatch(/^The upload is not valid: alt /);

      const unknown = await upload(site.server, picture, { fields: { title: "Hello" } });
      expect([unknown.status, unknown.body.error.code]).toEqual([400, "validation_failed"]);
      expect(unknown.body.error.message).toContain("title");
    });
  });
});

describe("a file name with ../", () => {
  it("has no effect: the stored files are named by their content, inside the folder", async () => {
    const escape = `escape-${process.pid}.jpg`;
    const res = await upload(site.server, await photo(640, 480), {
      filename: `../../../../../../tmp/${escape}`,
    });
    expect(res.status, res.text).toBe(201);
    const { files } = await storedMedia(site.server);
    expect(files.every((name) => /^[0-9a-f]{32}\.(webp|jpg)$/.test(name))).toBe(true);
    for (const variant of (res.body as Media).variants) {
      expect(files).toContain(fileNameOf(variant.url));
    }
    expect(existsSync(join("/tmp", escape))).toBe(false);
    expect(existsSync(join(site.server.config.media.dir, "..", escape))).toBe(false);
  });
});

describe("a phone's JPEG with EXIF GPS, a serial number, XMP and an ICC profile", () => {
  it(
    "is stored without any of it in every file, and turned upright",
    { timeout: 60_000 },
    async () => {
      // Stored 2000 x 1500 with orientation 6: upright it is 1500 x 2000.
      const original = await phonePhoto(2000, 1500);
      const meta = await sharp(original).metadata();
      expect([meta.orientation, Boolean(meta.exif && meta.icc && meta.xmp)]).toEqual([6, true]);
      expect(original.includes(SECRETS.serial)).toBe(true);

      const res = await upload(site.server, original, { fields: { alt: "A street" } });
      expect(res.status, res.text).toBe(201);
      const media = res.body as Media;
      expect([media.width, media.height]).toEqual([1500, 2000]);
      expect(media.variants.map((v) => [v.width, v.height])).toEqual([
        [480, 640],
        [480, 640],
        [960, 1280],
        [960, 1280],
        [1500, 2000],
        [1500, 2000],
      ]);
      for (const variant of media.variants) {
        const bytes = await storedFile(site.server, fileNameOf(variant.url));
        const stored = await sharp(bytes).metadata();
        expect(stored).toMatchObject({ width: variant.width, height: variant.height });
        expect({
          exif: stored.exif,
          icc: stored.icc,
          xmp: stored.xmp,
          iptc: stored.iptc,
          orientation: stored.orientation,
          comments: stored.comments,
        }).toEqual({
          exif: undefined,
          icc: undefined,
          xmp: undefined,
          iptc: undefined,
          orientation: undefined,
          comments: undefined,
        });
        // Not a trace in the bytes either, in any container's spelling.
        for (const trace of [
          SECRETS.serial,
          SECRETS.make,
          "Exif",
          "EXIF",
          "ICC_PROFILE",
          "ICCP",
          "iCCP",
          "XMP ",
          "adobe:ns:meta",
        ]) {
          expect(bytes.includes(trace), `${variant.url} contains ${trace}`).toBe(false);
        }
      }
    },
  );
});
