/**
 * Redis killed in the middle of a stream of posts (issue 6, row 1). Every post is answered
 * 201 or 503 store_unavailable, nothing hangs, every 201 is still there after Redis comes
 * back, and retrying every post with its Idempotency-Key never makes a duplicate. How fast the
 * 503 comes is for the benchmark: on a busy machine a bound of a second or two fails for the
 * wrong reason, so only a hang (20 times the command timeout) fails here.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import type { Entry } from "../../shared/schemas.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";
import { waitFor } from "../support/wait.js";

const site = useSite({
  redis: { appendonly: true },
  env: { REDIS_COMMAND_TIMEOUT_MS: "500", WRITES_PER_MINUTE: "100000" },
});
/** A post not answered by then hangs; supertest fails it with "Timeout of 10000ms exceeded". */
const HANG_MS = 10_000;

interface Answer {
  key: string;
  status: number;
  code?: string;
  entryId?: string;
}

const post = (blogId: string, key: string) =>
  request(site.server.url)
    .post(`/api/blogs/${blogId}/entries`)
    .set(bearer)
    .set("Idempotency-Key", key)
    .send({ body: `post ${key}` })
    .timeout(HANG_MS);

async function answerTo(blogId: string, key: string): Promise<Answer> {
  const res = await post(blogId, key);
  return { key, status: res.status, code: res.body?.error?.code, entryId: res.body?.id };
}

describe("Redis killed during a stream of posts", () => {
  it(
    "answers each post 201 or 503 without hanging, keeps every 201, and never duplicates on retry",
    { timeout: 60_000 },
    async () => {
      const { id: blogId } = await editorApi(site.server.url).createBlog("Storm");

      const total = 60;
      const keys = Array.from({ length: total }, (_, i) => `stream-${String(i).padStart(3, "0")}`);
      const answers: Answer[] = [];
      let next = 0;
      let killed: Promise<void> | undefined;
      // Three editors' worth of concurrent posts; Redis dies once a third have been answered.
      const lane = async () => {
        while (next < total) {
          const key = keys[next++]!;
          answers.push(await answerTo(blogId, key));
          if (!killed && answers.length >= total / 3) killed = site.redis.kill("SIGKILL");
        }
      };
      await Promise.all([lane(), lane(), lane()]);
      await killed;

      for (const answer of answers) {
        expect([201, 503]).toContain(answer.status);
        if (answer.status === 503) expect(answer.code).toBe("store_unavailable");
      }
      const saved = answers.filter((a) => a.status === 201);
      expect(saved.length).toBeGreaterThanOrEqual(total / 3);
      expect(answers.filter((a) => a.status === 503).length).toBeGreaterThan(0);

      await site.redis.restart();
      await waitFor(async () => (await request(site.server.url).get("/readyz")).status === 200, {
        timeoutMs: 30_000,
        what: "the instance to be ready on the restarted Redis",
      });

      // Everything acknowledged before the kill survived it (AOF).
      const listed = await request(site.server.url).get(`/api/blogs/${blogId}/entries?limit=100`);
      const ids = new Set((listed.body.entries as Entry[]).map((e) => e.id));
      for (const answer of saved) expect(ids.has(answer.entryId!)).toBe(true);

      // The editor retries everything; posting resumes by itself and nothing is doubled.
      for (const key of keys) {
        const retry = await post(blogId, key);
        expect(retry.status).toBe(201);
        const first = saved.find((a) => a.key === key);
        if (first) {
          expect(retry.body.id).toBe(first.entryId);
          expect(retry.headers["idempotent-replayed"]).toBe("true");
        }
      }
      const after = await request(site.server.url).get(`/api/blogs/${blogId}/entries?limit=100`);
      const bodies = (after.body.entries as Entry[]).map((e) => e.body).sort();
      expect(bodies).toEqual(keys.map((key) => `post ${key}`));
      expect(after.body.seq).toBe(total);
    },
  );
});
