/**
 * The upload rate (issue 12): an editor gets MEDIA_UPLOADS_PER_MINUTE pictures a minute over
 * every instance (the counter is in Redis), apart from the budget for other writes; then 429
 * rate_limited with Retry-After, and nothing of the refused upload is stored. Another editor
 * keeps a budget of their own.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { useSite } from "../support/fixtures.js";
import type { TestInstance } from "../support/instance.js";
import { photo } from "../support/pictures.js";
import { storedMedia, upload } from "../support/uploads.js";

const LIMIT = 3;
const site = useSite({
  env: { MEDIA_UPLOADS_PER_MINUTE: String(LIMIT) },
  instances: { a: {}, b: {} },
});

async function cookieOf(instance: TestInstance, name: string, password: string) {
  const res = await request(instance.url).post("/api/session").send({ name, password });
  expect(res.status).toBe(201);
  return (res.headers["set-cookie"] as unknown as string[])[0]!.split(";")[0]!;
}

describe("the upload rate per editor", () => {
  it("allows MEDIA_UPLOADS_PER_MINUTE over all instances, then 429 with nothing stored", async () => {
    const { a, b } = site;
    const picture = await photo(500, 400);
    for (let i = 0; i < LIMIT; i++) {
      const res = await upload(i % 2 ? b : a, picture, { filename: `photo-${i}.jpg` });
      expect(res.status, res.text).toBe(201);
    }
    const before = await storedMedia(a);
    expect(before.records).toHaveLength(LIMIT);

    for (const instance of [a, b]) {
      const refused = await upload(instance, await photo(520, 400));
      expect([refused.status, refused.body.error.code]).toEqual([429, "rate_limited"]);
      expect(refused.body.error.message).toContain(`${LIMIT} a minute`);
      const retryAfter = Number(refused.headers["retry-after"]);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // Both instances share the Redis catalog; each has its own folder, which has not changed.
    expect(await storedMedia(a)).toEqual(before);
    expect((await storedMedia(b)).records).toEqual(before.records);

    // Entries are another budget (WRITES_PER_MINUTE): the editor can still post.
    const blog = await request(a.url)
      .post("/api/blogs")
      .set({ Authorization: `Bearer ${a.config.adminToken}` })
      .send({ title: "Still writing" });
    expect(blog.status).toBe(201);

    // Another editor, by session cookie from the page's own origin, has a budget of their own.
    await a.app.auth.setPassword("ana", "ana's password here");
    const ana = await cookieOf(b, "ana", "ana's password here");
    const hers = await upload(b, picture, { headers: { Cookie: ana, Origin: b.url } });
    expect([hers.status, hers.body.createdBy]).toEqual([201, "ana"]);
  });
});
