/**
 * Fills an empty store with the demo blog. Each entry is back-dated to its time in the story
 * (istanbul-talks.ts), so the page reads like a blog that has been running for a while and
 * whose latest update came a few minutes ago. Embedded mode runs it at start; `npm run cluster`
 * runs it on its Redis (deploy/cluster/demo.ts), since the API would stamp every entry "now".
 */
import type { Logger } from "pino";
import { createBlogService } from "../blogs/service.js";
import type { BlogStore } from "../store/port.js";
import { demoBlog, demoTimeline } from "./istanbul-talks.js";

/** How long before its first entry the blog was started. */
const BLOG_LEAD_MINUTES = 6;

export async function seedDemo(store: BlogStore, log: Logger, now = Date.now()): Promise<void> {
  if ((await store.listBlogs()).length > 0) return;
  const minutesAgo = (minutes: number) => new Date(now - minutes * 60_000);
  let at = minutesAgo((demoTimeline[0]?.minutesAgo ?? 0) + BLOG_LEAD_MINUTES);
  // The demo's entries link no uploaded pictures: no media catalog needed.
  const blogs = createBlogService(store, { clock: () => at });
  await blogs.createBlog(demoBlog);
  for (const { minutesAgo: minutes, entry } of demoTimeline) {
    at = minutesAgo(minutes);
    await blogs.createEntry(demoBlog.id!, entry, { name: "Newsdesk", displayName: "Newsdesk" });
  }
  log.info(
    { blogId: demoBlog.id, entries: demoTimeline.length },
    "created the demo blog (DEMO=off to skip)",
  );
}
