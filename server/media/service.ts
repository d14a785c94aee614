/**
 * Uploads: process the picture, store its files, then its record. Files go first and the record
 * last, so that a record never names a file that is not stored; a failure in between leaves
 * only unnamed files behind, which the next upload of the same picture reuses (the names are
 * content hashes).
 */
import { randomInt } from "node:crypto";
import type { Logger } from "pino";
import { mediaPathOf, servedFrom, type Media, type MediaFields } from "../../shared/media.js";
import type { Config } from "../config.js";
import { notFound } from "../errors.js";
import type { MediaCatalog } from "../store/port.js";
import type { MediaFiles } from "./port.js";
import { processPicture } from "./process.js";
import type { WorkQueue } from "./work-queue.js";

export interface MediaServiceDeps {
  files: MediaFiles;
  catalog: MediaCatalog;
  /** The instance's picture processing line (pictureWork()), shared with the covers' crops. */
  queue: WorkQueue;
  config: Pick<Config["media"], "maxPixels" | "publicUrl">;
  log: Logger;
}

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** 16 characters of a-z0-9 (mediaIdSchema): about 83 bits, unguessable. */
export const newMediaId = () =>
  Array.from({ length: 16 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join("");

export function createMediaService({ files, catalog, queue, config, log }: MediaServiceDeps) {
  return {
    /**
     * Processes and stores a picture; resolves with its record as served (URLs under
     * MEDIA_PUBLIC_URL when set). Throws the pipeline's 415/422, or 503 media_busy.
     */
    async upload(bytes: Buffer, fields: MediaFields, editorName: string): Promise<Media> {
      const started = performance.now();
      const picture = await queue.run(() => processPicture(bytes, config));
      // Each file under its own name: putting the same name twice stores the same bytes.
      await Promise.all(picture.files.map((f) => files.put(f.name, f.data, f.variant.type)));
      const id = newMediaId();
      const media: Media = {
        id,
        url: mediaPathOf(id),
        width: picture.width,
        height: picture.height,
        type: picture.type,
        ...fields,
        createdAt: new Date().toISOString(),
        createdBy: editorName,
        variants: picture.files.map((f) => f.variant),
      };
      await catalog.saveMedia(media);
      log.info(
        {
          mediaId: id,
          type: media.type,
          uploadBytes: bytes.length,
          files: picture.files.length,
          ms: Math.round(performance.now() - started),
        },
        "picture stored",
      );
      return servedFrom(media, config.publicUrl);
    },

    /** The record as served, or 404 not_found. */
    async get(id: string): Promise<Media> {
      const media = await catalog.getMedia(id);
      if (!media) throw notFound(`Media "${id}"`);
      return servedFrom(media, config.publicUrl);
    },

    /** The record as stored (`/media/<name>` paths), or null. */
    find: (id: string): Promise<Media | null> => catalog.getMedia(id),
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
