/**
 * An instance whose subscriber connection is back but cannot subscribe yet receives no live
 * events: its readers would sit in silence. /readyz must say so (503 subscriber_down), so that a
 * load balancer drains it, until every channel is subscribed again; then the readers are caught
 * up with what was posted meanwhile (issue 9, B).
 */
import request from "supertest";
import { expect, it } from "vitest";
import { blogKeys } from "../../server/store/redis/keys.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { waitFor } from "../support/wait.js";

const site = useSite({ env: { REDIS_COMMAND_TIMEOUT_MS: "500" } });

const readyz = () => request(site.server.url).get("/readyz");

it("answers /readyz 503 subscriber_down while it cannot re-subscribe, then 200, and its readers get what was posted meanwhile", async () => {
  const editor = editorApi(site.server.url);
  const blog = await editor.createBlog("Outage");
  const reader = await site.connectReader(site.server);
  expect((await reader.subscribe(blog.id)).ok).toBe(true);
  await editor.post(blog.id, { body: "before" });
  await reader.waitForEvents(1);
  expect((await readyz()).status).toBe(200);

  const admin = site.redis.client();
  // An ACL that forbids SUBSCRIBE: the connection comes back at once, every SUBSCRIBE fails.
  await admin.call("ACL", "SETUSER", "default", "-subscribe");
  try {
    await admin.call("CLIENT", "KILL", "TYPE", "pubsub");
    await waitFor(async () => (await readyz()).status === 503, { what: "/readyz to say 503" });
    const down = await readyz();
    expect(down.body.error.code).toBe("subscriber_down");
    expect(down.body.error.message).toMatch(/live/);

    await editor.post(blog.id, { body: "during" });
    // The command connection works (the post was saved), the bus still does not.
    expect((await readyz()).status).toBe(503);
    expect(reader.events.map((e) => e.seq)).toEqual([1]);
  } finally {
    await admin.call("ACL", "SETUSER", "default", "+subscribe");
  }

  await waitFor(async () => (await readyz()).status === 200, {
    what: "/readyz to say 200",
    timeoutMs: 30_000,
  });
  // No later post: the catch-up after the re-subscribe brings the missed entry.
  const events = await reader.waitForEvents(2);
  expect(events.map((e) => e.seq)).toEqual([1, 2]);
  expect(((await admin.pubsub("NUMSUB", blogKeys(blog.id).channel)) as unknown[])[1]).toBe(1);
  expect((await readyz()).body).toEqual({ ok: true, store: "redis" });
}, 60_000);
