/**
 * POST /api/preview: the admin page's live preview, rendered by the server's own renderBody, so
 * that the preview is exactly what will be published (one sanitizer, not a second in the browser).
 */
import { Router, type RequestHandler } from "express";
import { z } from "zod";
import { LIMITS, multilineText } from "../../shared/schemas.js";
import { renderBody } from "../blogs/markdown.js";
import { parse } from "../http/validate.js";

const previewSchema = z.strictObject({ body: multilineText(LIMITS.bodyMax) });

export function previewRoutes(editorOnly: RequestHandler): Router {
  const router = Router();
  router.post("/preview", editorOnly, (req, res) => {
    const { body } = parse(previewSchema, req.body, "preview");
    res.set("Cache-Control", "no-store").json({ html: renderBody(body) });
  });
  return router;
}
