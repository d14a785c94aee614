/**
 * HTTP routes of the desk's drafts: the list, and the editors' acts on one entry (publish, send
 * back, unpublish). Filing, editing and withdrawing go through the entry routes
 * (entry-routes.ts), which take drafts too. Each handler: parse -> service (which authorizes).
 */
import { Router, type RequestHandler } from "express";
import { publishDraftSchema, returnDraftSchema } from "../../shared/schemas.js";
import { parse } from "../http/validate.js";
import type { DraftService } from "./drafts.js";
import { blogIdOf, entryIdOf } from "./entry-routes.js";

export function draftRoutes(
  desk: DraftService,
  signedIn: RequestHandler,
  writeLimit: RequestHandler,
): Router {
  const router = Router();
  const one = "/blogs/:blogId/entries/:entryId";

  router.get("/blogs/:blogId/drafts", signedIn, async (req, res) => {
    res.json({ drafts: await desk.list(blogIdOf(req.params), req.editor!) });
  });

  router.post(`${one}/publish`, signedIn, writeLimit, async (req, res) => {
    // The body is optional: {version} publishes only the version the editor saw.
    const { version } = parse(publishDraftSchema, req.body ?? {}, "publication");
    const [blogId, entryId] = [blogIdOf(req.params), entryIdOf(req.params)];
    res.json(await desk.publish(blogId, entryId, req.editor!, version));
  });

  router.post(`${one}/return`, signedIn, writeLimit, async (req, res) => {
    const { note } = parse(returnDraftSchema, req.body, "return");
    const [blogId, entryId] = [blogIdOf(req.params), entryIdOf(req.params)];
    res.json(await desk.sendBack(blogId, entryId, note, req.editor!));
  });

  router.post(`${one}/unpublish`, signedIn, writeLimit, async (req, res) => {
    const [blogId, entryId] = [blogIdOf(req.params), entryIdOf(req.params)];
    res.json(await desk.unpublish(blogId, entryId, req.editor!));
  });

  return router;
}
