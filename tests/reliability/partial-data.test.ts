/**
 * Issue 9, finding A5: keys of a blog lost one by one (an eviction policy other than noeviction,
 * a half-restored backup). Before the fix, with only `:entries` lost `GET entries` returned
 * `[null, null, null]` and the page and feed failed with 500; with only `:blog` lost a PATCH
 * answered 500 after it had changed the entry (Redis does not roll a script back). Now every
 * script checks all its preconditions before its first write, and missing data is a clear
 * 503 store_data_missing that changes nothing, logged once per blog.
 */
import { describe, expect, it } from "vitest";
import { blogKeys } from "../../server/store/redis/keys.js";
import { bearer } from "../support/instance.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { captureLog, LEVEL } from "../support/log-capture.js";

const log = captureLog();
const site = useSite({ instances: { server: { logTo: log.logTo, env: { LOG_LEVEL: "info" } } } });

/** A blog with three entries, and a snapshot of what Redis holds for it. */
async function blogWithEntries() {
  const api = editorApi(site.server.url);
  const { id } = await api.createBlog("Partial");
  const entries = [];
  for (let i = 1; i <= 3; i++) entries.push(await api.post(id, { body: `Entry ${i}` }));
  return { id, entries };
}
const snapshot = async (blogId: string) => {
  const redis = site.redis.client();
  const k = blogKeys(blogId);
  return {
    entries: await redis.hgetall(k.entries),
    log: await redis.xlen(k.log),
    seq: await redis.hget(k.blog, "seq"),
  };
};
const send = (path: string, method = "GET", body?: unknown) =>
  fetch(`${site.server.url}${path}`, {
    method,
    headers: { ...bearer, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const errorOf = async (response: Response) =>
  [response.status, ((await response.json()) as { error: { code: string } }).error.code] as const;

describe("a blog whose keys were partly lost", () => {
  it("answers 503 store_data_missing for its entries, page and feed, never nulls or a 500", async () => {
    const { id } = await blogWithEntries();
    await site.redis.client().del(blogKeys(id).entries);

    expect(await errorOf(await send(`/api/blogs/${id}/entries`))).toEqual([
      503,
      "store_data_missing",
    ]);
    for (const page of [`/blogs/${id}`, `/blogs/${id}/feed.atom`]) {
      const response = await send(page);
      expect([page, response.status]).toEqual([page, 503]);
      expect(await response.text()).not.toContain("Something went wrong");
    }
  });

  it("changes nothing when the blog's own hash is gone: PATCH, POST and DELETE answer 503", async () => {
    const { id, entries } = await blogWithEntries();
    await site.redis.client().del(blogKeys(id).blog);
    const before = await snapshot(id);
    const target = entries[1]!;

    const attempts = [
      send(`/api/blogs/${id}/entries/${target.id}`, "PATCH", { version: 1, body: "Changed" }),
      send(`/api/blogs/${id}/entries`, "POST", { body: "New" }),
      send(`/api/blogs/${id}/entries/${target.id}`, "DELETE"),
      send(`/api/blogs/${id}`, "PATCH", { title: "Renamed" }),
    ];
    for (const response of await Promise.all(attempts))
      expect(await errorOf(response)).toEqual([503, "store_data_missing"]);
    expect(await snapshot(id)).toEqual(before);
  });

  it("changes nothing when the log is ahead of the blog's seq (a half-restored backup)", async () => {
    const { id, entries } = await blogWithEntries();
    await site.redis.client().hset(blogKeys(id).blog, "seq", 1);
    const before = await snapshot(id);
    const response = await send(`/api/blogs/${id}/entries/${entries[0]!.id}`, "PATCH", {
      version: 1,
      body: "Changed",
    });
    expect(await errorOf(response)).toEqual([503, "store_data_missing"]);
    expect(await snapshot(id)).toEqual(before);
  });

  it("logs the missing data once per blog, however often it is asked for", async () => {
    const { id } = await blogWithEntries();
    await site.redis.client().del(blogKeys(id).entries);
    for (let i = 0; i < 5; i++) await send(`/api/blogs/${id}/entries`);
    for (let i = 0; i < 5; i++) await send(`/blogs/${id}`);
    const lines = log.atLeast(LEVEL.error).filter((line) => line.blogId === id);
    expect(lines).toHaveLength(1);
    expect(log.atLeast(LEVEL.error).filter((line) => line.url === `/blogs/${id}`)).toEqual([]);
  });
});
