/**
 * HTTP routes for a blog's entries. Each handler: parse -> authorize -> service -> respond; who
 * may do what with entries and drafts is the desk workflow's to decide (drafts.ts). The
 * broadcast is the store's job and follows the write.
 */
import { Router, type RequestHandler } from "express";
import {
  blogIdSchema,
  createEntrySchema,
  entryIdSchema,
  idempotencyKeySchema,
  listEntriesQuerySchema,
  updateEntrySchema,
} from "../../shared/schemas.js";
import { parse } from "../http/validate.js";
import type { DraftService } from "./drafts.js";
import type { BlogService } from "./service.js";

export const blogIdOf = (params: Record<string, unknown>) =>
  parse(blogIdSchema, params.blogId, "blog id");
export const entryIdOf = (params: Record<string, unknown>) =>
  parse(entryIdSchema, params.entryId, "entry id");

export function entryRoutes(
  blogs: BlogService,
  desk: DraftService,
  signedIn: RequestHandler,
  writeLimit: RequestHandler,
): Router {
  const router = Router();

  router.get("/blogs/:blogId/entries", async (req, res) => {
    const blogId = blogIdOf(req.params);
    res.json(await blogs.listEntries(blogId, parse(listEntriesQuerySchema, req.query, "query")));
  });

  router.post("/blogs/:blogId/entries", signedIn, writeLimit, async (req, res) => {
    const blogId = blogIdOf(req.params);
    const header = req.get("idempotency-key");
    const key =
      header === undefined
        ? undefined
        : parse(idempotencyKeySchema, header, "Idempotency-Key header");
    const input = parse(createEntrySchema, req.body, "entry");
    const filed = await desk.file(blogId, input, req.editor!, key);
    if (filed.replayed) res.set("Idempotent-Replayed", "true");
    const made = filed.kind === "entry" ? filed.entry : filed.draft;
    res.status(201).location(`/api/blogs/${blogId}/entries/${made.id}`).json(made);
  });

  // Public: published entries only. A draft's id answers 404, as an unknown id does.
  router.get("/blogs/:blogId/entries/:entryId", async (req, res) => {
    res.json(await blogs.getEntry(blogIdOf(req.params), entryIdOf(req.params)));
  });

  router.patch("/blogs/:blogId/entries/:entryId", signedIn, writeLimit, async (req, res) => {
    const [blogId, entryId] = [blogIdOf(req.params), entryIdOf(req.params)];
    const input = parse(updateEntrySchema, req.body, "entry change");
    res.json(await desk.update(blogId, entryId, input, req.editor!));
  });

  router.delete("/blogs/:blogId/entries/:entryId", signedIn, writeLimit, async (req, res) => {
    await desk.remove(blogIdOf(req.params), entryIdOf(req.params), req.editor!);
    res.status(204).end();
  });

  return router;
}
