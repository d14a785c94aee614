/**
 * The picture pipeline, with no HTTP in it: from the bytes an editor uploaded to the files that
 * are stored and served. The type is sniffed from the bytes by sharp (libvips), never taken
 * from the file's name or the form's Content-Type. Each stored file is turned upright by its
 * EXIF orientation, carries no metadata at all (no EXIF, GPS, XMP, IPTC, ICC profile or PNG
 * text: colours are converted to sRGB first), is at most MEDIA_WIDTHS' largest width, and is
 * named by the hash of its bytes. docs/MEDIA.md explains the choices.
 */
import { createHash } from "node:crypto";
import sharp, { type Metadata, type OutputInfo, type Sharp } from "sharp";
import { MEDIA_WIDTHS, type MediaFile, type MediaType } from "../../shared/media.js";
import { imageTooLarge, imageTooSlow, imageUnreadable, unsupportedImageType } from "../errors.js";

// One libvips worker thread per pipeline (sharp's default on glibc, made explicit for every
// platform), and no operation cache: each input is processed once, so the cache would only
// hold memory. With one picture processed at a time (server/media/work-queue.ts), uploads keep
// to one core and one of libuv's four pool threads; the rest serve readers.
sharp.concurrency(1);
sharp.cache(false);

/** The accepted formats by sharp's name for them (AVIF is "heif" with AV1 compression). */
type Format = "jpeg" | "png" | "webp" | "avif" | "gif";

interface Encoding {
  type: MediaType;
  extension: string;
  encode(image: Sharp): Sharp;
}

/**
 * How each format is written. Efforts are low where the default costs seconds for little:
 * AVIF at effort 4 took 29 s for one 1600 px picture on the 2-core test machine (0.9 s at 0,
 * for 1 % more bytes), and GIF's palette search at the default effort 13 s for ten noisy frames.
 */
const ENCODINGS: Record<Format, Encoding> = {
  jpeg: { type: "image/jpeg", extension: "jpg", encode: (i) => i.jpeg({ quality: 80 }) },
  png: { type: "image/png", extension: "png", encode: (i) => i.png() },
  webp: { type: "image/webp", extension: "webp", encode: (i) => i.webp({ quality: 80 }) },
  avif: { type: "image/avif", extension: "avif", encode: (i) => i.avif({ effort: 0 }) },
  gif: { type: "image/gif", extension: "gif", encode: (i) => i.gif({ effort: 1 }) },
};

/** A pipeline that runs longer is stopped and the upload refused (422). */
export const PIPELINE_SECONDS = 30;

export interface PictureLimits {
  /** Decoded pixels, all frames of an animation together (MEDIA_MAX_PIXELS). */
  maxPixels: number;
}

/** One file to store, with its entry in the Media record's `variants`. */
export interface ProcessedFile {
  name: string;
  data: Buffer;
  variant: MediaFile;
}

export interface ProcessedPicture {
  /** The type the upload was, and that of the fallback variants. */
  type: MediaType;
  /** Of the largest variant (upright). */
  width: number;
  height: number;
  /** Narrowest first; at each width the WebP file, then the fallback (for WebP, one file). */
  files: ProcessedFile[];
}

interface Sniffed {
  format: Format;
  /** Frames of an animated GIF or WebP (1 for a still picture). */
  frames: number;
  /** Upright (after the EXIF orientation). */
  width: number;
}

/**
 * What the bytes are, from the header alone: nothing is decoded here, so a decompression bomb
 * (a few KB that decode to gigabytes) is refused before it costs any memory.
 */
async function sniff(bytes: Buffer, { maxPixels }: PictureLimits): Promise<Sniffed> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    // libvips found no loader for these bytes: a text file named .jpg, a PDF, ...
    if (/unsupported image format/i.test((err as Error).message)) throw unsupportedImageType();
    throw imageUnreadable(err);
  }
  const format = acceptedFormat(meta);
  const frames = format === "gif" || format === "webp" ? Math.max(1, meta.pages ?? 1) : 1;
  if (meta.width * meta.height * frames > maxPixels) {
    throw imageTooLarge(meta.width, meta.height, frames, maxPixels);
  }
  return { format, frames, width: meta.autoOrient.width };
}

function acceptedFormat(meta: Metadata): Format {
  switch (meta.format) {
    case "jpeg":
    case "png":
    case "webp":
    case "gif":
      return meta.format;
    case "heif":
      if (meta.compression === "av1") return "avif";
      throw unsupportedImageType("heic");
    default:
      // svg, tiff, jp2k, pdf, raw...: SVG because it is a document that can run script.
      throw unsupportedImageType(meta.format);
  }
}

/** The widths to produce for a picture `width` px wide: never enlarged, never wider than 1600. */
export function variantWidths(width: number): number[] {
  const largest = Math.min(width, MEDIA_WIDTHS.at(-1)!);
  return [...MEDIA_WIDTHS.filter((w) => w < largest), largest];
}

/** sha256 of the bytes, 32 hex digits (128 bits): the name never changes meaning. */
export const contentHashedName = (data: Buffer, extension: string) =>
  `${createHash("sha256").update(data).digest("hex").slice(0, 32)}.${extension}`;

async function render(
  bytes: Buffer,
  sniffed: Sniffed,
  width: number,
  encoding: Encoding,
  limits: PictureLimits,
): Promise<ProcessedFile> {
  const animated = sniffed.frames > 1;
  // failOn "warning" (sharp's default, said here because it matters): a JPEG cut short decodes
  // with a grey bottom and a mere warning, and must be refused.
  const image = sharp(bytes, { limitInputPixels: limits.maxPixels, animated, failOn: "warning" })
    .autoOrient()
    .resize({ width, withoutEnlargement: true })
    .timeout({ seconds: PIPELINE_SECONDS });
  let output: { data: Buffer; info: OutputInfo };
  try {
    // No withMetadata/keepMetadata/keepExif/keepIccProfile: sharp writes none of it.
    output = await encoding.encode(image).toBuffer({ resolveWithObject: true });
  } catch (err) {
    const message = (err as Error).message;
    if (/timeout/i.test(message)) throw imageTooSlow(PIPELINE_SECONDS);
    throw imageUnreadable(err);
  }
  const { data, info } = output;
  const name = contentHashedName(data, encoding.extension);
  return {
    name,
    data,
    variant: {
      url: `/media/${name}`,
      width: info.width,
      // An animation is one tall strip of frames; its picture is one frame high.
      height: animated ? Math.round(info.height / sniffed.frames) : info.height,
      type: encoding.type,
      bytes: data.length,
    },
  };
}

/**
 * Processes an upload into its stored files: 415 unsupported_image_type, 422 image_unreadable
 * or 422 image_too_large (AppErrors) when it cannot be. The pipelines run one after another, so
 * that an upload uses one thread; callers run one upload at a time (server/media/service.ts).
 */
export async function processPicture(
  bytes: Buffer,
  limits: PictureLimits,
): Promise<ProcessedPicture> {
  const sniffed = await sniff(bytes, limits);
  const fallback = ENCODINGS[sniffed.format];
  const encodings = fallback === ENCODINGS.webp ? [fallback] : [ENCODINGS.webp, fallback];
  const files: ProcessedFile[] = [];
  for (const width of variantWidths(sniffed.width)) {
    for (const encoding of encodings) {
      files.push(await render(bytes, sniffed, width, encoding, limits));
    }
  }
  const largest = files.at(-1)!.variant;
  return { type: fallback.type, width: largest.width, height: largest.height, files };
}
