/**
 * GET /media/<name>: a stored file, cached for a year (its name is the hash of its bytes, so it
 * never changes), or a redirect to the CDN at MEDIA_PUBLIC_URL when one is set. GET
 * /media/<id>: a redirect to the picture's largest fallback file, so that `![alt](/media/<id>)`
 * shows the picture wherever Markdown is read.
 */
import { pipeline } from "node:stream/promises";
import type { Request, Response } from "express";
import type { Logger } from "pino";
import { mediaFileNameSchema, mediaFileUrl, mediaIdSchema } from "../../shared/media.js";
import { notFound } from "../errors.js";
import type { MediaFiles } from "./port.js";
import type { MediaService } from "./service.js";

/** A content-hashed file: the same name is always the same bytes. */
export const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Redirects are cached less long than files: they depend on MEDIA_PUBLIC_URL, which an operator
 * may change, and a picture's record may be deleted.
 */
const REDIRECT_CACHE = "public, max-age=3600";

export interface ServingDeps {
  files: MediaFiles;
  media: MediaService;
  publicUrl: string | undefined;
  log: Logger;
}

export function serveMedia({ files, media, publicUrl, log }: ServingDeps) {
  /** `/media/<id>`: to the largest file in the picture's own type. */
  async function redirectToPicture(res: Response, id: string) {
    const record = await media.find(id);
    if (!record) throw notFound("This picture");
    const largest = record.variants.filter((file) => file.type === record.type).at(-1)!;
    res.set("Cache-Control", REDIRECT_CACHE);
    res.redirect(302, mediaFileUrl(largest.url, publicUrl));
  }

  async function sendFile(req: Request, res: Response, name: string) {
    if (publicUrl) {
      res.set("Cache-Control", REDIRECT_CACHE);
      res.redirect(301, `${publicUrl}/${name}`);
      return;
    }
    const headers = {
      "Cache-Control": IMMUTABLE,
      ETag: `"${name}"`,
      "X-Content-Type-Options": "nosniff",
      // Pages of other sites show these pictures too: the embed fragment (embed.html) placed in
      // a host page, feed readers. helmet's same-origin would block them there.
      "Cross-Origin-Resource-Policy": "cross-origin",
    };
    // The ETag is the name, so a revalidation is answered from the name alone: no storage read
    // (an S3 request per reader's revalidation) for a file that can never change.
    res.set("ETag", headers.ETag);
    if (req.fresh) {
      res.set(headers).status(304).end();
      return;
    }
    // A 404 must carry none of a file's headers (a year of caching above all).
    res.removeHeader("ETag");
    const file = await files.get(name);
    if (!file) throw notFound("This media file");
    res.set({ ...headers, "Content-Type": file.contentType });
    if (req.method === "HEAD") {
      file.body.destroy();
      res.set("Content-Length", String(file.bytes)).end();
      return;
    }
    res.set("Content-Length", String(file.bytes));
    try {
      await pipeline(file.body, res);
    } catch (err) {
      // A reader who leaves mid-file is not an error; a storage that fails mid-file is.
      if ((err as NodeJS.ErrnoException).code !== "ERR_STREAM_PREMATURE_CLOSE") {
        log.warn({ err, name }, "a media file could not be sent whole");
      }
      res.destroy();
    }
  }

  return async (req: Request, res: Response) => {
    const name = String(req.params.name);
    if (mediaIdSchema.safeParse(name).success) return redirectToPicture(res, name);
    // Only names of the schema's shape reach the storage: nothing like ../ ever does.
    if (!mediaFileNameSchema.safeParse(name).success) throw notFound("This media file");
    return sendFile(req, res, name);
  };
}
