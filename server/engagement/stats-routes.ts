/**
 * HTTP routes of the newsroom's numbers (stats.ts), for the people on a blog's desk: the numbers
 * as JSON, and the readers-per-minute series as a CSV download. Answers are for one person:
 * never kept by a shared cache.
 */
import { Router, type RequestHandler } from "express";
import { blogIdOf } from "../blogs/entry-routes.js";
import { readersCsv, readersCsvName } from "./readers-csv.js";
import type { StatsService } from "./stats.js";

export function statsRoutes(stats: StatsService, signedIn: RequestHandler): Router {
  const router = Router();

  router.get("/blogs/:blogId/stats", signedIn, async (req, res) => {
    const numbers = await stats.forDesk(blogIdOf(req.params), req.editor!);
    res.set("Cache-Control", "private, no-store").json(numbers);
  });

  router.get("/blogs/:blogId/stats.csv", signedIn, async (req, res) => {
    const blogId = blogIdOf(req.params);
    const series = await stats.series(blogId, req.editor!);
    res
      .set("Cache-Control", "private, no-store")
      .type("text/csv; charset=utf-8")
      .attachment(readersCsvName(blogId))
      .send(readersCsv(series));
  });

  return router;
}
