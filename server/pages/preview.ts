/**
 * POST /api/preview: the admin page's live preview, rendered by the server's own body renderer,
 * so that the preview is exactly what will be published (one sanitizer, not a second in the
 * browser; uploaded pictures as the figures readers get), and a body that publishing would
 * refuse (an image without alt text) is refused here too, with the same message.
 */
import { Router, type RequestHandler } from "express";
import { z } from "zod";
import { LIMITS, multilineText } from "../../shared/schemas.js";
import { createBodyRenderer, type MediaLookup } from "../blogs/body-renderer.js";
import { parse } from "../http/validate.js";

const previewSchema = z.strictObject({ body: multilineText(LIMITS.bodyMax) });

export function previewRoutes(editorOnly: RequestHandler, media: MediaLookup): Router {
  const router = Router();
  const bodies = createBodyRenderer(media);
  router.post("/preview", editorOnly, async (req, res) => {
    const { body } = parse(previewSchema, req.body, "preview");
    res.set("Cache-Control", "no-store").json({ html: await bodies.render(body) });
  });
  return router;
}
