/**
 * GET /metrics on a real instance's metrics port with a real Redis and a real reader: what an
 * operator's Prometheus would scrape after a reader subscribed and an editor posted. The public
 * app port does not serve them.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { MAX_BLOG_LABELS } from "../../server/observability/realtime.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";
import { waitFor } from "../support/wait.js";
import { sample } from "./prometheus-text.js";

const site = useSite({ env: { INSTANCE_ID: "metrics-test", WRITES_PER_MINUTE: "10000" } });

const scrape = async () => {
  const res = await fetch(site.server.metricsUrl);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};

const createBlog = async (title: string) => (await editorApi(site.server.url).createBlog(title)).id;

describe("GET /metrics", () => {
  it("is served on the metrics port only: the public app port answers 404", async () => {
    const text = await scrape();
    expect(sample(text, "liveblog_instance_info", { instance_id: "metrics-test" })).toBe(1);
    const publicPort = await request(site.server.url).get("/metrics");
    expect(publicPort.status).toBe(404);
    expect(publicPort.text).not.toContain("liveblog_");
    const elsewhere = await fetch(site.server.metricsUrl.replace(/\/metrics$/, "/livez"));
    expect(elsewhere.status).toBe(404);
  });

  it("counts the reader, its subscription, the published entry and its delivery", async () => {
    const blogId = await createBlog("Metrics night");
    const reader = await site.connectReader(site.server);
    expect((await reader.subscribe(blogId)).ok).toBe(true);

    const posted = await request(site.server.url)
      .post(`/api/blogs/${blogId}/entries`)
      .set(bearer)
      .send({ body: "Polls close." });
    expect(posted.status).toBe(201);
    await reader.waitForEvents(1);

    const text = await scrape();
    expect(sample(text, "liveblog_instance_info", { instance_id: "metrics-test" })).toBe(1);
    expect(sample(text, "liveblog_sockets_connected")).toBe(1);
    expect(sample(text, "liveblog_subscriptions", { blog: blogId })).toBe(1);
    expect(sample(text, "liveblog_events_published_total", { type: "entry.created" })).toBe(1);
    expect(sample(text, "liveblog_events_delivered_total")).toBe(1);
    expect(sample(text, "liveblog_event_delivery_seconds_count")).toBe(1);
    expect(
      sample(text, "liveblog_http_request_duration_seconds_count", {
        method: "POST",
        route: "/api/blogs/:blogId/entries",
        status: "201",
      }),
    ).toBe(1);
    expect(sample(text, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    reader.close();
  });

  it("labels requests by route pattern, failed ones included, and unknown paths as one label", async () => {
    const missing = await request(site.server.url).get("/api/blogs/no-such-blog/entries");
    expect(missing.status).toBe(404);
    await request(site.server.url).get("/api/blogs/no-such-blog/entries?limit=5");
    await request(site.server.url).get(`/api/nothing-here-${Date.now()}`);

    const text = await scrape();
    expect(
      sample(text, "liveblog_http_request_duration_seconds_count", {
        method: "GET",
        route: "/api/blogs/:blogId/entries",
        status: "404",
      }),
    ).toBe(2);
    expect(text).not.toContain("no-such-blog");
    expect(text).not.toContain("nothing-here");
    expect(
      sample(text, "liveblog_http_request_duration_seconds_count", {
        method: "GET",
        route: "unmatched",
        status: "404",
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it(`names at most ${MAX_BLOG_LABELS} blogs and sums the readers of the rest as _other`, async () => {
    const blogIds = await Promise.all(
      Array.from({ length: MAX_BLOG_LABELS + 2 }, (_, i) => createBlog(`Crowded ${i}`)),
    );
    const reader = await site.connectReader(site.server);
    for (const blogId of blogIds) expect((await reader.subscribe(blogId)).ok).toBe(true);

    const text = await scrape();
    const named = text.split("\n").filter((line) => line.startsWith("liveblog_subscriptions{"));
    expect(named).toHaveLength(MAX_BLOG_LABELS + 1);
    expect(sample(text, "liveblog_subscriptions", { blog: "_other" })).toBe(2);
    reader.close();
  });

  it("counts the subscriber connection coming back after Redis dropped it", async () => {
    const reader = await site.connectReader(site.server);
    expect((await reader.subscribe(await createBlog("Blip"))).ok).toBe(true);
    const admin = site.redis.client();
    expect(await admin.client("KILL", "TYPE", "pubsub")).toBe(1);
    await waitFor(
      async () =>
        (sample(await scrape(), "liveblog_redis_reconnects_total", {
          connection: "subscriber",
        }) ?? 0) >= 1,
      { what: "the subscriber's reconnect in /metrics" },
    );
    const text = await scrape();
    expect(sample(text, "liveblog_redis_reconnects_total", { connection: "command" }) ?? 0).toBe(0);
  });
});
