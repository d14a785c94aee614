/**
 * HTTP routes of a blog's lifecycle (lifecycle.ts): deletion (admins), its team, its audit trail
 * (editors), and the desk's list of blogs. Each handler: parse -> authorize -> service -> respond.
 * Answers are for one person: never kept by a shared cache.
 */
import { Router, type RequestHandler, type Response } from "express";
import { auditQuerySchema, blogTeamSchema, deleteBlogSchema } from "../../shared/schemas.js";
import { requireRole } from "../auth/roles.js";
import { parse } from "../http/validate.js";
import { blogIdOf } from "./entry-routes.js";
import type { BlogLifecycle } from "./lifecycle.js";

const privately = (res: Response) => res.set("Cache-Control", "private, no-store");

export function lifecycleRoutes(
  lifecycle: BlogLifecycle,
  editorOnly: RequestHandler,
  writeLimit: RequestHandler,
): Router {
  const router = Router();
  const editors = (action: string) => requireRole("editor", action);

  router.delete(
    "/blogs/:blogId",
    editorOnly,
    requireRole("admin", "delete blogs"),
    writeLimit,
    async (req, res) => {
      const blogId = blogIdOf(req.params);
      // A missing or malformed body is "not confirmed", answered with what to send.
      const body = deleteBlogSchema.safeParse(req.body);
      await lifecycle.deleteBlog(blogId, body.data?.confirm, req.editor!);
      res.status(204).end();
    },
  );

  router.get("/blogs/:blogId/team", editorOnly, async (req, res) => {
    const members = await lifecycle.teamFor(blogIdOf(req.params), req.editor!);
    privately(res).json({ members });
  });

  router.put(
    "/blogs/:blogId/team",
    editorOnly,
    editors("change a blog's team"),
    writeLimit,
    async (req, res) => {
      const blogId = blogIdOf(req.params);
      const { members } = parse(blogTeamSchema, req.body, "team");
      privately(res).json({ members: await lifecycle.setTeam(blogId, members, req.editor!) });
    },
  );

  router.get(
    "/blogs/:blogId/audit",
    editorOnly,
    editors("read a blog's history"),
    async (req, res) => {
      const blogId = blogIdOf(req.params);
      const { limit } = parse(auditQuerySchema, req.query, "query");
      privately(res).json({ records: await lifecycle.history(blogId, limit) });
    },
  );

  router.get("/desk/blogs", editorOnly, async (req, res) => {
    privately(res).json({ blogs: await lifecycle.deskBlogs(req.editor!) });
  });

  return router;
}
