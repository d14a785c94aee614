/**
 * A blog's cover: the picture link previews, search results and the index page show. Search
 * engines ask for it 1200 px wide in 16:9, 4:3 and 1:1, and social networks crop whatever they
 * get, so the crops are made here, once per picture, the first time it becomes a cover: centred
 * on what sharp finds most interesting (`attention`), in JPEG, which every network reads.
 */
import { buffer } from "node:stream/consumers";
import sharp from "sharp";
import {
  COVER_CROPS,
  mediaPathOf,
  type CoverCrop,
  type Media,
  type MediaFile,
} from "../../shared/media.js";
import { badRequest, notFound } from "../errors.js";
import type { MediaCatalog } from "../store/port.js";
import type { MediaFiles } from "./port.js";
import { contentHashedName } from "./process.js";
import type { WorkQueue } from "./work-queue.js";
import { fileNameOfUrl } from "./stored-files.js";

const CROP_WIDTH = 1200;

/** The largest variant in the picture's own type: the best source for a crop. */
function largestFallback(media: Media): MediaFile {
  const ownType = media.variants.filter((file) => file.type === media.type);
  const candidates = ownType.length > 0 ? ownType : media.variants;
  return candidates.reduce((a, b) => (b.width > a.width ? b : a));
}

/** The crop's size: 1200 px wide where the source allows, never enlarged. */
function cropSize(source: { width: number; height: number }, ratio: number) {
  const width = Math.min(CROP_WIDTH, source.width, Math.floor(source.height * ratio));
  return { width, height: Math.round(width / ratio) };
}

export interface Covers {
  /**
   * Checks that a media id names a picture and makes its cover crops unless it has them. Throws
   * 400 for an id with no picture, so that a blog never points at a cover that does not exist.
   */
  prepare(mediaId: string): Promise<Media>;
}

export function createCovers(catalog: MediaCatalog, files: MediaFiles, queue: WorkQueue): Covers {
  return {
    async prepare(mediaId) {
      const media = await catalog.getMedia(mediaId);
      if (!media) {
        throw badRequest(
          "validation_failed",
          `cover: there is no picture ${mediaPathOf(mediaId)}. Upload it first with POST /api/media, then use the id it returns.`,
        );
      }
      if (media.crops && Object.keys(COVER_CROPS).every((crop) => crop in media.crops!)) {
        return media;
      }
      const source = largestFallback(media);
      const name = fileNameOfUrl(source.url);
      const stored = name ? await files.get(name) : null;
      if (!stored) throw notFound(`The file of picture ${mediaPathOf(mediaId)}`);
      const bytes = await buffer(stored.body);
      const crops: Partial<Record<CoverCrop, MediaFile>> = {};
      await queue.run(async () => {
        for (const [crop, ratio] of Object.entries(COVER_CROPS) as [CoverCrop, number][]) {
          const size = cropSize(source, ratio);
          const output = await sharp(bytes)
            .resize({ ...size, fit: "cover", position: "attention" })
            // JPEG has no transparency: a PNG's transparent parts become white, not black.
            .flatten({ background: "#ffffff" })
            .jpeg({ quality: 82, mozjpeg: true })
            .toBuffer();
          const name = contentHashedName(output, "jpg");
          await files.put(name, output, "image/jpeg");
          crops[crop] = {
            url: source.url.slice(0, source.url.lastIndexOf("/") + 1) + name,
            ...size,
            type: "image/jpeg",
            bytes: output.length,
          };
        }
      });
      const prepared = { ...media, crops };
      await catalog.saveMedia(prepared);
      return prepared;
    },
  };
}
