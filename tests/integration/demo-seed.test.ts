/**
 * The demo blog's times tell its story: oldest first, about two hours of coverage ending a few
 * minutes ago, the pinned explainer at its place in the middle. In embedded mode (the seeder
 * `npm start` runs) and in cluster mode (the seeder `npm run cluster` runs on its Redis), read
 * back over HTTP as a reader's page would get them.
 */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { demoBlog, demoTimeline } from "../../server/demo/istanbul-talks.js";
import { seedDemo } from "../../server/demo/seed.js";
import { seedClusterDemo } from "../../deploy/cluster/demo.js";
import type { Entry, EntryPage } from "../../shared/schemas.js";
import { useSite } from "../support/fixtures.js";
import { startInstance } from "../support/instance.js";

const MINUTE = 60_000;
const site = useSite();

async function demoEntries(url: string): Promise<Entry[]> {
  const response = await fetch(`${url}/api/blogs/${demoBlog.id}/entries?limit=100`);
  expect(response.status).toBe(200);
  return ((await response.json()) as EntryPage).entries;
}

/** What a reader of the demo should see, given when the seeding ran (`from`..`to`, ms). */
function expectStoryTimes(entries: Entry[], from: number, to: number) {
  const bySeq = [...entries].sort((a, b) => a.seq - b.seq);
  expect(bySeq.map((e) => e.headline)).toEqual(demoTimeline.map((d) => d.entry.headline));
  const times = bySeq.map((e) => Date.parse(e.createdAt));
  for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]!);

  // Ends about now: the newest a few minutes before the seeding, not "just now", not later.
  const newest = times.at(-1)!;
  expect(newest).toBeLessThanOrEqual(to - MINUTE);
  expect(newest).toBeGreaterThanOrEqual(from - 10 * MINUTE);
  // Spans a plausible afternoon of coverage: more than an hour, less than a day.
  const span = newest - times[0]!;
  expect(span).toBeGreaterThan(60 * MINUTE);
  expect(span).toBeLessThan(24 * 60 * MINUTE);
  // The pinned entry has its place in the story: neither the first nor the newest.
  const pinned = bySeq.findIndex((e) => e.pinned);
  expect(bySeq.filter((e) => e.pinned)).toHaveLength(1);
  expect(pinned).toBeGreaterThan(0);
  expect(pinned).toBeLessThan(bySeq.length - 1);
}

describe("the demo blog's times", () => {
  it("follow the story in embedded mode", async () => {
    const server = await startInstance();
    try {
      const from = Date.now();
      await seedDemo(server.store.blogs, pino({ level: "silent" }));
      const to = Date.now();
      expectStoryTimes(await demoEntries(server.url), from, to);
    } finally {
      await server.close();
    }
  });

  it("follow the story in cluster mode, seeded into Redis and served by an instance", async () => {
    const from = Date.now();
    await seedClusterDemo({ REDIS_URL: site.redis.url });
    const to = Date.now();
    expectStoryTimes(await demoEntries(site.server.url), from, to);

    // Run again (a restart of `npm run cluster` on kept data), it adds nothing.
    await seedClusterDemo({ REDIS_URL: site.redis.url });
    expect(await demoEntries(site.server.url)).toHaveLength(demoTimeline.length);
  });
});
