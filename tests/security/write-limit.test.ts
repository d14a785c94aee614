/**
 * Posting rate (issue 6, row 17): an editor, whether by session cookie or by the Bearer token,
 * gets WRITES_PER_MINUTE changes a minute over all instances (the counter is in Redis), then
 * 429 rate_limited with Retry-After and a message that says what the limit is. Other editors
 * keep their own budget, and readers are not limited at all.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { useSite } from "../support/fixtures.js";
import { bearer, TEST_PASSWORD, type TestInstance } from "../support/instance.js";
import { textOf } from "../support/reader.js";

const LIMIT = 6;
const site = useSite({ env: { WRITES_PER_MINUTE: String(LIMIT) }, instances: { a: {}, b: {} } });

async function cookieOf(name: string, password: string) {
  const res = await request(site.a.url).post("/api/session").send({ name, password });
  expect(res.status).toBe(201);
  return (res.headers["set-cookie"] as unknown as string[])[0]!.split(";")[0]!;
}

describe("posting rate per editor", () => {
  it("limits an editor to WRITES_PER_MINUTE over all instances, token and cookie alike, and not readers", async () => {
    const { a, b } = site;
    const adminCookie = await cookieOf("admin", TEST_PASSWORD);
    const created = await request(a.url).post("/api/blogs").set(bearer).send({ title: "Rush" });
    expect(created.status).toBe(201);
    const blogId: string = created.body.id;
    const reader = await site.connectReader(b);
    expect((await reader.subscribe(blogId)).ok).toBe(true);

    // One write went to the blog; five more, alternating instances and credentials.
    const post = (instance: TestInstance, i: number) => {
      const req = request(instance.url).post(`/api/blogs/${blogId}/entries`);
      return (
        i % 2 ? req.set(bearer) : req.set("Cookie", adminCookie).set("Origin", instance.url)
      ).send({ body: `post ${i}` });
    };
    for (let i = 1; i < LIMIT; i++) expect((await post(i % 2 ? a : b, i)).status).toBe(201);

    for (const [instance, i] of [
      [a, 1],
      [b, 2],
    ] as const) {
      const refused = await post(instance, 100 + i);
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe("rate_limited");
      expect(refused.body.error.message).toContain(`${LIMIT} a minute`);
      const retryAfter = Number(refused.headers["retry-after"]);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    const entries = await request(a.url).get(`/api/blogs/${blogId}/entries`);
    expect(entries.body.entries).toHaveLength(LIMIT - 1);

    // Readers: many reads on both instances, all answered; the live events all arrived.
    const reads = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        request(i % 2 ? a.url : b.url).get(
          i % 3 ? `/api/blogs/${blogId}/entries` : `/api/blogs/${blogId}/events?since=0`,
        ),
      ),
    );
    expect(reads.map((r) => r.status)).toEqual(reads.map(() => 200));
    const events = await reader.waitForEvents(LIMIT - 1);
    expect(events.map((e) => textOf(e))).toEqual(
      Array.from({ length: LIMIT - 1 }, (_, i) => `post ${i + 1}`),
    );

    // Another editor has a budget of their own.
    await a.app.auth.setPassword("ana", "ana's password here");
    const ana = await cookieOf("ana", "ana's password here");
    const hers = await request(b.url)
      .post(`/api/blogs/${blogId}/entries`)
      .set("Cookie", ana)
      .set("Origin", b.url)
      .send({ body: "ana's post" });
    expect(hers.status).toBe(201);
    expect(hers.body.author).toMatchObject({ name: "ana" });
  });
});
