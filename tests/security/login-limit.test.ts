/**
 * Password guessing (issue 6, row 11): 1000 wrong passwords spread over three instances meet
 * ONE limit kept in Redis (rate-limit-redis), not one per process: after LOGIN_MAX_ATTEMPTS
 * failures from an address, every instance answers 429 with Retry-After, and the real editor
 * can log in again once the window has passed. The window is 3 s here instead of 15 min.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { useSite } from "../support/fixtures.js";
import { TEST_PASSWORD, type TestInstance } from "../support/instance.js";
import { waitFor } from "../support/wait.js";

const MAX_ATTEMPTS = 5;
const WINDOW_SECONDS = 3;
const site = useSite({
  env: { LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS), LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS) },
  instances: { first: {}, second: {}, third: {} },
});

const logIn = (instance: TestInstance, password: string) =>
  request(instance.url).post("/api/session").send({ name: "admin", password });

describe("failed log-ins", () => {
  it("shares one limit over all instances: 1000 guesses get at most a window's worth of tries", async () => {
    const { first, second, third } = site;
    // The attempts a single instance allows, used up on the first one...
    for (let i = 0; i < MAX_ATTEMPTS; i++)
      expect((await logIn(first, `guess ${i}`)).status).toBe(401);
    // ...are used up on the others as well.
    for (const instance of [second, third]) {
      const res = await logIn(instance, "one more guess");
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe("rate_limited");
      const retryAfter = Number(res.headers["retry-after"]);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    }
    // Even the right password waits for the window: the guesser cannot tell it was right.
    expect((await logIn(third, TEST_PASSWORD)).status).toBe(429);

    // 1000 guesses, 20 at a time, round-robin over the three instances.
    const statuses: number[] = [];
    const started = Date.now();
    for (let batch = 0; batch < 50; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => logIn(site.all[i % 3]!, `guess ${batch}-${i}`)),
      );
      statuses.push(...answers.map((r) => r.status));
    }
    expect(statuses.every((s) => s === 429 || s === 401)).toBe(true);
    // However long the 1000 took, each window let MAX_ATTEMPTS through for all instances
    // together; limits per process would have let through three times as many.
    const windows = Math.ceil((Date.now() - started) / (WINDOW_SECONDS * 1000)) + 1;
    const tried = statuses.filter((s) => s === 401).length;
    expect(tried).toBeLessThanOrEqual(MAX_ATTEMPTS * windows);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1000 - tried);

    await waitFor(async () => (await logIn(second, TEST_PASSWORD)).status === 201, {
      timeoutMs: WINDOW_SECONDS * 1000 * 4,
      intervalMs: 500,
      what: "the real editor to log in after the window",
    });
  });
});
