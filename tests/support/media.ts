/**
 * Uploaded pictures for tests that need one in place without going through POST /api/media:
 * real image bytes made with sharp, resized to the MEDIA_WIDTHS a picture allows (WebP and a
 * fallback in its own type), stored in the instance's MediaFiles under content-hashed names, and
 * the Media record saved in its catalog: the state an upload leaves behind.
 */
import { createHash, randomBytes } from "node:crypto";
import sharp from "sharp";
import { MEDIA_WIDTHS, mediaPathOf, type Media, type MediaFile } from "../../shared/media.js";
import type { TestInstance } from "./instance.js";

export interface PictureOptions {
  width?: number;
  height?: number;
  alt?: string;
  caption?: string;
  credit?: string;
  decorative?: boolean;
  /** The uploaded type: its fallbacks are JPEG or PNG. */
  type?: "image/jpeg" | "image/png";
}

/** A picture of `width` x `height` with some detail in it (a gradient and a square). */
export async function pictureBytes(width: number, height: number, format: "png" | "jpeg") {
  const square = Math.max(1, Math.round(Math.min(width, height) / 3));
  const overlay = await sharp({
    create: { width: square, height: square, channels: 3, background: "#b3141c" },
  })
    .png()
    .toBuffer();
  const base = sharp({
    create: { width, height, channels: 3, background: { r: 30, g: 90, b: 160 } },
  }).composite([{ input: overlay, top: Math.round(height / 3), left: Math.round(width / 3) }]);
  return format === "png" ? base.png().toBuffer() : base.jpeg({ quality: 80 }).toBuffer();
}

async function storeFile(
  instance: TestInstance,
  bytes: Buffer,
  type: MediaFile["type"],
  ext: string,
): Promise<MediaFile> {
  const name = `${createHash("sha256").update(bytes).digest("hex").slice(0, 32)}.${ext}`;
  await instance.mediaFiles.put(name, bytes, type);
  const { width, height } = await sharp(bytes).metadata();
  return { url: `/media/${name}`, width: width!, height: height!, type, bytes: bytes.length };
}

/** Stores a picture and its record in `instance`, as an upload would; returns the record. */
export async function storePicture(
  instance: TestInstance,
  options: PictureOptions = {},
): Promise<Media> {
  const { width = 2000, height = 1500, type = "image/jpeg" } = options;
  const ext = type === "image/png" ? "png" : "jpg";
  const original = await pictureBytes(width, height, type === "image/png" ? "png" : "jpeg");
  // Never enlarged: the widths below the picture's, and the picture itself up to the largest.
  const widths: number[] = MEDIA_WIDTHS.filter((w) => w < width);
  if (width <= MEDIA_WIDTHS.at(-1)!) widths.push(width);
  const variants: MediaFile[] = [];
  for (const w of [...new Set(widths)].sort((a, b) => a - b)) {
    const resized = sharp(original).resize({ width: w });
    variants.push(
      await storeFile(instance, await resized.clone().webp().toBuffer(), "image/webp", "webp"),
      await storeFile(
        instance,
        await (type === "image/png" ? resized.clone().png() : resized.clone().jpeg()).toBuffer(),
        type,
        ext,
      ),
    );
  }
  const largest = variants.at(-1)!;
  const id = Array.from(randomBytes(16), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36])
    .join("")
    .slice(0, 16);
  const media: Media = {
    id,
    url: mediaPathOf(id),
    width: largest.width,
    height: largest.height,
    type,
    alt: options.alt ?? "",
    caption: options.caption ?? "",
    credit: options.credit ?? "",
    decorative: options.decorative ?? false,
    createdAt: new Date().toISOString(),
    createdBy: "admin",
    variants,
  };
  await instance.store.media.saveMedia(media);
  return media;
}
