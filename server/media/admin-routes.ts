/**
 * The media library over HTTP: GET /api/media lists the pictures, newest first (`?unused=1`:
 * only those nothing shows), for everyone on the desk (a contributor picks a picture too);
 * DELETE /api/media/:mediaId removes one nothing shows, files and all, for editors and admins
 * (a picture is shared by every blog). The upload and the picture's own record are in the
 * upload's routes.
 */
import { Router, type RequestHandler } from "express";
import { mediaListQuerySchema } from "../../shared/media-library.js";
import { mediaIdSchema } from "../../shared/media.js";
import { requireRole } from "../auth/roles.js";
import { parse } from "../http/validate.js";
import type { MediaLibrary } from "./library.js";

export function mediaAdminRoutes(
  library: MediaLibrary,
  editorOnly: RequestHandler,
  writeLimit: RequestHandler,
): Router {
  const router = Router();

  router.get("/media", editorOnly, async (req, res) => {
    const query = parse(mediaListQuerySchema, req.query, "query");
    // Editors' data: never kept by a shared cache.
    res.set("Cache-Control", "private, no-store").json(await library.list(query));
  });

  const editorsOnly = requireRole("editor", "delete pictures");
  router.delete("/media/:mediaId", editorOnly, editorsOnly, writeLimit, async (req, res) => {
    await library.remove(parse(mediaIdSchema, req.params.mediaId, "media id"));
    res.status(204).end();
  });

  return router;
}
