/**
 * HTTP routes for a blog's entries. Each handler: parse -> authorize -> service -> respond. The
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
import type { BlogService } from "./service.js";

export const blogIdOf = (params: Record<string, unknown>) =>
  parse(blogIdSchema, params.blogId, "blog id");
export const entryIdOf = (params: Record<string, unknown>) =>
  parse(entryIdSchema, params.entryId, "entry id");

export function entryRoutes(
  blogs: BlogService,
  editorOnly: RequestHandler,
  writeLimit: RequestHandler,
): Router {
  const router = Router();

  router.get("/blogs/:blogId/entries", async (req, res) => {
    const blogId = blogIdOf(req.params);
    res.json(await blogs.listEntries(blogId, parse(listEntriesQuerySchema, req.query, "query")));
  });

  router.post("/blogs/:blogId/entries", editorOnly, writeLimit, async (req, res) => {
    const blogId = blogIdOf(req.params);
    const header = req.get("idempotency-key");
    const key =
      header === undefined
        ? undefined
        : parse(idempotencyKeySchema, header, "Idempotency-Key header");
    const input = parse(createEntrySchema, req.body, "entry");
    const { entry, replayed } = await blogs.createEntry(blogId, input, req.editor!, key);
    if (replayed) res.set("Idempotent-Replayed", "true");
    res.status(201).location(`/api/blogs/${blogId}/entries/${entry.id}`).json(entry);
  });

  router.get("/blogs/:blogId/entries/:entryId", async (req, res) => {
    res.json(await blogs.getEntry(blogIdOf(req.params), entryIdOf(req.params)));
  });

  router.patch("/blogs/:blogId/entries/:entryId", editorOnly, writeLimit, async (req, res) => {
    const [blogId, entryId] = [blogIdOf(req.params), entryIdOf(req.params)];
    res.json(
      await blogs.updateEntry(blogId, entryId, parse(updateEntrySchema, req.body, "entry change")),
    );
  });

  router.delete("/blogs/:blogId/entries/:entryId", editorOnly, writeLimit, async (req, res) => {
    await blogs.deleteEntry(blogIdOf(req.params), entryIdOf(req.params));
    res.status(204).end();
  });

  return router;
}
