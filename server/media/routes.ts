/**
 * Media over HTTP: the upload API (POST /api/media, GET /api/media/:id), for editors, and the
 * files under /media/. Mounted at the app's root ahead of the JSON API, whose router would
 * refuse a multipart body (requireJsonBody); paths that match nothing here fall through to it.
 *
 * The upload's order matters: who is asking (401/403) before a byte of the body is read, then
 * what the headers say (415, 413), then the editor's rate (429), and only then the body.
 */
import cookieParser from "cookie-parser";
import { Router, type Request, type RequestHandler, type Response } from "express";
import type { Logger } from "pino";
import { mediaFieldsSchema, mediaIdSchema } from "../../shared/media.js";
import type { Config } from "../config.js";
import { badRequest } from "../errors.js";
import { parse } from "../http/validate.js";
import type { MediaFiles } from "./port.js";
import type { MediaService } from "./service.js";
import { serveMedia } from "./serving.js";
import { checkUploadHeaders, closeUnreadBody, readUpload } from "./upload.js";

export interface MediaRouteDeps {
  media: MediaService;
  files: MediaFiles;
  config: Config["media"];
  /** requireEditor: Bearer token, or session cookie from an allowed origin. */
  editorOnly: RequestHandler;
  /** MEDIA_UPLOADS_PER_MINUTE per editor (server/http/rate-limits.ts). */
  uploadLimit: RequestHandler;
  log: Logger;
}

export function mediaRoutes({
  media,
  files,
  config,
  editorOnly,
  uploadLimit,
  log,
}: MediaRouteDeps): Router {
  const router = Router();
  const editors = [cookieParser(), editorOnly];

  router.post(
    "/api/media",
    ...editors,
    checkUploadHeaders(config.maxBytes),
    uploadLimit,
    readUpload(config.maxBytes),
    async (req: Request, res: Response) => {
      if (!req.file || req.file.size === 0) {
        throw badRequest(
          "validation_failed",
          req.file
            ? "The picture is empty (0 bytes); choose the file again."
            : "The form has no picture: send it in a field called file (curl -F file=@photo.jpg).",
        );
      }
      const fields = parse(mediaFieldsSchema, { ...req.body }, "upload");
      const stored = await media.upload(req.file.buffer, fields, req.editor!.name);
      res.status(201).location(`/api/media/${stored.id}`).json(stored);
    },
    closeUnreadBody,
  );

  router.get("/api/media/:id", ...editors, async (req, res) => {
    res.json(await media.get(parse(mediaIdSchema, req.params.id, "media id")));
  });

  router.get(
    "/media/:name",
    serveMedia({ files, media, publicUrl: config.publicUrl, log: log.child({ module: "media" }) }),
  );

  return router;
}
