/**
 * The media contract: what an uploaded picture is once processed, as the API returns it and as
 * entries and blogs refer to it. Entries link a picture by its path, `/media/<id>`; the files of
 * its variants have content-hashed names (`/media/<hash>.<ext>`), so their URLs never change
 * meaning and can be cached forever.
 */
import { z } from "zod";
import { MEDIA_PATH } from "./media-path.js";
import { mediaIdSchema, multilineText, singleLineText } from "./schemas.js";

export { MEDIA_PATH, mediaPathOf } from "./media-path.js";

export { mediaIdSchema };

/** Widths (CSS px) of the resized variants; smaller pictures are never enlarged. */
export const MEDIA_WIDTHS = [480, 960, 1600] as const;

/** Crops of a blog's cover, at 1200 px wide, in the ratios Google asks for (16:9, 4:3, 1:1). */
export const COVER_CROPS = { "16x9": 16 / 9, "4x3": 4 / 3, "1x1": 1 } as const;
export type CoverCrop = keyof typeof COVER_CROPS;

export const MEDIA_LIMITS = {
  altMax: 300,
  captionMax: 500,
  creditMax: 200,
} as const;

/** The picture types accepted, sniffed from the bytes (never from the name or the header). */
export const MEDIA_TYPES = [
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/avif",
  "image/gif",
] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** A stored file's name: a content hash and an extension. */
export const mediaFileNameSchema = z
  .string()
  .regex(/^[a-f0-9]{16,64}\.(webp|jpg|png|gif|avif)$/, "is not a media file name");

/** The media id an entry's image path names (`/media/<id>`), or null for any other URL. */
export function mediaIdOfPath(url: string): string | null {
  const match = /^\/media\/([a-z0-9]{16})$/.exec(url);
  return match ? match[1]! : null;
}

/**
 * Where a stored file is fetched: records keep `/media/<name>`; with MEDIA_PUBLIC_URL (a CDN)
 * set, `<MEDIA_PUBLIC_URL>/<name>`, so that pages send readers straight there.
 */
export function mediaFileUrl(path: string, publicUrl: string | undefined): string {
  if (!publicUrl || !path.startsWith(`${MEDIA_PATH}/`)) return path;
  return `${publicUrl}${path.slice(MEDIA_PATH.length)}`;
}

export const mediaFileSchema = z.object({
  /** `/media/<hash>.<ext>` (or under MEDIA_PUBLIC_URL when a CDN serves the files). */
  url: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  type: z.enum(MEDIA_TYPES),
  bytes: z.number().int().nonnegative(),
});
export type MediaFile = z.infer<typeof mediaFileSchema>;

export const mediaSchema = z.object({
  id: mediaIdSchema,
  /** `/media/<id>`: what an entry links; it redirects to the largest variant in `type`. */
  url: z.string(),
  /** Of the picture as processed (rotated upright, at most the largest width). */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** The type the upload was, and the type of the fallback variants. */
  type: z.enum(MEDIA_TYPES),
  alt: z.string(),
  caption: z.string(),
  credit: z.string(),
  /** Marked as decoration on purpose: the only case where an empty alt is accepted. */
  decorative: z.boolean(),
  createdAt: z.iso.datetime(),
  /** The editor who uploaded it. */
  createdBy: z.string(),
  /** Every stored file but the crops, narrowest first: WebP ones and fallbacks in `type`. */
  variants: z.array(mediaFileSchema),
  /** Made when the picture first becomes a blog's cover. */
  crops: z.partialRecord(z.enum(["16x9", "4x3", "1x1"]), mediaFileSchema).optional(),
});
export type Media = z.infer<typeof mediaSchema>;

/**
 * A record as the API returns it and pages use it: its files' URLs under MEDIA_PUBLIC_URL when
 * that is set (mediaFileUrl). Stored records never carry the CDN's address, so moving to
 * another CDN, or to none, changes no record.
 */
export function servedFrom(media: Media, publicUrl: string | undefined): Media {
  if (!publicUrl) return media;
  const moved = (file: MediaFile): MediaFile => ({
    ...file,
    url: mediaFileUrl(file.url, publicUrl),
  });
  const crops = media.crops
    ? Object.fromEntries(Object.entries(media.crops).map(([crop, file]) => [crop, moved(file)]))
    : undefined;
  return { ...media, variants: media.variants.map(moved), ...(crops ? { crops } : {}) };
}

/** The text fields of an upload (multipart fields next to `file`). */
export const mediaFieldsSchema = z.strictObject({
  alt: singleLineText(MEDIA_LIMITS.altMax).default(""),
  caption: multilineText(MEDIA_LIMITS.captionMax, { trim: true }).default(""),
  credit: singleLineText(MEDIA_LIMITS.creditMax).default(""),
  decorative: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
});
export type MediaFields = z.infer<typeof mediaFieldsSchema>;

/** The order of media lists: newest first (then by id, so that the order is total). */
export const newestMediaFirst = (a: Media, b: Media) =>
  b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
