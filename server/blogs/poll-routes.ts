/**
 * HTTP routes of an entry's poll on the desk: close it now, reopen it (issue 16). Attaching,
 * changing and removing one go through the entry routes (`poll` in an entry's body); readers'
 * votes through server/engagement/. Each handler: parse -> service (which authorizes).
 */
import { Router, type RequestHandler } from "express";
import { closePollSchema, reopenPollSchema } from "../../shared/schemas.js";
import { parse } from "../http/validate.js";
import type { DraftService } from "./drafts.js";
import { blogIdOf, entryIdOf } from "./entry-routes.js";

export function pollRoutes(
  desk: DraftService,
  signedIn: RequestHandler,
  writeLimit: RequestHandler,
): Router {
  const router = Router();
  const poll = "/blogs/:blogId/entries/:entryId/poll";

  router.post(`${poll}/close`, signedIn, writeLimit, async (req, res) => {
    parse(closePollSchema, req.body ?? {}, "closing");
    res.json(await desk.closePoll(blogIdOf(req.params), entryIdOf(req.params), req.editor!));
  });

  router.post(`${poll}/reopen`, signedIn, writeLimit, async (req, res) => {
    const { closesAt } = parse(reopenPollSchema, req.body ?? {}, "reopening");
    const [blogId, entryId] = [blogIdOf(req.params), entryIdOf(req.params)];
    res.json(await desk.reopenPoll(blogId, entryId, closesAt, req.editor!));
  });

  return router;
}
