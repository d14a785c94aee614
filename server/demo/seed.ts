/**
 * Fills an empty embedded store with the demo blog. Entries are back-dated a few minutes apart,
 * so the page reads like a blog that has been running for a while.
 */
import type { Logger } from "pino";
import { createBlogService } from "../blogs/service.js";
import type { BlogStore } from "../store/port.js";
import { demoBlog, demoEntries } from "./istanbul-talks.js";

const MINUTES_BETWEEN_ENTRIES = 7;

export async function seedDemo(store: BlogStore, log: Logger): Promise<void> {
  if ((await store.listBlogs()).length > 0) return;
  let at = Date.now() - demoEntries.length * MINUTES_BETWEEN_ENTRIES * 60_000;
  const blogs = createBlogService(store, () => new Date(at));
  await blogs.createBlog(demoBlog);
  for (const entry of demoEntries) {
    at += MINUTES_BETWEEN_ENTRIES * 60_000;
    await blogs.createEntry(demoBlog.id!, entry, { name: "Newsdesk" });
  }
  log.info(
    { blogId: demoBlog.id, entries: demoEntries.length },
    "created the demo blog (DEMO=off to skip)",
  );
}
