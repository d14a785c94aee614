/**
 * HTTP routes for blogs and the event log (entries: entry-routes.ts). Each handler: parse -> authorize ->
 * service -> respond. The broadcast is the store's job and follows the write.
 */
import { Router, type RequestHandler } from "express";
import {
  createBlogSchema,
  eventsQuerySchema,
  updateBlogSchema,
  type EventsPage,
} from "../../shared/schemas.js";
import { requireRole } from "../auth/roles.js";
import { historyExpired, historyReset, rateLimited } from "../errors.js";
import { parse } from "../http/validate.js";
import type { CatchUp } from "../realtime/catch-up.js";
import { blogIdOf } from "./entry-routes.js";
import type { BlogService } from "./service.js";

export function blogRoutes(
  blogs: BlogService,
  editorOnly: RequestHandler,
  writeLimit: RequestHandler,
  catchUp: CatchUp,
): Router {
  const router = Router();

  router.get("/blogs", async (_req, res) => {
    res.json({ blogs: await blogs.listBlogs() });
  });

  router.post(
    "/blogs",
    editorOnly,
    requireRole("editor", "create blogs"),
    writeLimit,
    async (req, res) => {
      const input = parse(createBlogSchema, req.body, "blog");
      res.status(201).json(await blogs.createBlog(input, req.editor!.name));
    },
  );

  router.get("/blogs/:blogId", async (req, res) => {
    res.json(await blogs.requireBlog(blogIdOf(req.params)));
  });

  router.patch(
    "/blogs/:blogId",
    editorOnly,
    requireRole("editor", "change blogs"),
    writeLimit,
    async (req, res) => {
      const blogId = blogIdOf(req.params);
      const patch = parse(updateBlogSchema, req.body, "blog change");
      res.json(await blogs.updateBlog(blogId, patch, req.editor!.name));
    },
  );

  router.get("/blogs/:blogId/events", async (req, res) => {
    const blogId = blogIdOf(req.params);
    const query = parse(eventsQuerySchema, req.query, "query");
    const page = catchUp.page(blogId, query);
    if (!page) {
      res.set("Retry-After", "1");
      throw rateLimited(
        "Many readers are catching up with this server right now; ask again in a second.",
      );
    }
    const read = await page;
    if ("resync" in read) {
      throw read.resync === "expired"
        ? historyExpired(read.seq, read.epoch)
        : historyReset(read.seq, read.epoch);
    }
    const last = read.events.at(-1)?.seq;
    res.json({
      events: read.events,
      seq: read.seq,
      epoch: read.epoch,
      next: read.more && last !== undefined ? last : null,
    } satisfies EventsPage);
  });

  return router;
}
