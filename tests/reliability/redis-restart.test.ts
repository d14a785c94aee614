/**
 * Redis restarted with its append-only file (issue 6, row 3): posting resumes by itself, every
 * entry acknowledged before the restart is still there, and a reader who stayed connected to
 * the instance through it gets the later entries, in order, with nothing missing or doubled.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import type { Entry } from "../../shared/schemas.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";
import { eventsBeforeSentinel } from "../support/sentinel.js";
import { waitFor } from "../support/wait.js";
import { textOf } from "../support/reader.js";

const site = useSite({ redis: { appendonly: true }, env: { REDIS_COMMAND_TIMEOUT_MS: "500" } });

const post = (blogId: string, body: string, key = `key-${body.replaceAll(" ", "-")}`) =>
  request(site.server.url)
    .post(`/api/blogs/${blogId}/entries`)
    .set(bearer)
    // Retried until it works: a try that timed out but was saved must not save it twice.
    .set("Idempotency-Key", key)
    .send({ body });

describe("Redis restarted", () => {
  it(
    "resumes posting by itself, keeps acknowledged entries, and keeps readers live through it",
    { timeout: 60_000 },
    async () => {
      const { id: blogId } = await editorApi(site.server.url).createBlog("Through the restart");
      const reader = await site.connectReader(site.server);
      expect((await reader.subscribe(blogId)).ok).toBe(true);

      const before: string[] = [];
      for (let i = 1; i <= 5; i++) {
        const res = await post(blogId, `before ${i}`);
        expect(res.status).toBe(201);
        before.push(res.body.id);
      }
      await reader.waitForEvents(5);

      await site.redis.kill("SIGKILL");
      const during = await post(blogId, "while Redis is down");
      expect(during.status).toBe(503);
      expect(during.body.error.code).toBe("store_unavailable");

      await site.redis.restart();
      // No instance restart, no operator: the next posts simply work again.
      let resumed: request.Response | undefined;
      await waitFor(
        async () => {
          resumed = await post(blogId, "after 1");
          return resumed.status === 201;
        },
        { timeoutMs: 30_000, what: "posting to work again" },
      );
      for (let i = 2; i <= 5; i++) expect((await post(blogId, `after ${i}`)).status).toBe(201);

      const listed = await request(site.server.url).get(`/api/blogs/${blogId}/entries?limit=100`);
      const entries = listed.body.entries as Entry[];
      for (const id of before) expect(entries.map((e) => e.id)).toContain(id);
      expect(entries.map((e) => e.body).reverse()).toEqual([
        ...[1, 2, 3, 4, 5].map((i) => `before ${i}`),
        ...[1, 2, 3, 4, 5].map((i) => `after ${i}`),
      ]);

      // The reader never reconnected, and got all ten entries exactly once, in seq order.
      const [events] = await eventsBeforeSentinel([reader], (body) => post(blogId, body));
      expect(reader.socket.connected).toBe(true);
      expect(events!.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(events!.map((e) => textOf(e))).toEqual(entries.map((e) => e.body).reverse());
    },
  );
});
