/**
 * An editor's script through nginx: Bearer token, one Idempotency-Key per entry, and the retry
 * that docs/DEPLOY.md asks of clients. nginx resends a request to another instance only when it
 * could not reach the first one; a POST that reached an instance which then died comes back 502,
 * and the same key makes the retry safe (the store answers the first result, never a duplicate).
 */
import { randomUUID } from "node:crypto";
import type { Blog, Entry } from "../../shared/schemas.js";

const RETRYABLE = new Set([502, 503, 504]);
const jitter = (ms: number) => ms / 2 + Math.random() * ms;

export interface PostResult {
  entry: Entry;
  attempts: number;
  /** The instance had saved it before the answer was lost; the retry got the saved entry. */
  replayed: boolean;
}

/** One attempt's outcome, for counting what editors saw while a fault lasted. */
export interface EditorAnswer {
  path: string;
  /** The HTTP status, or 0 when no answer came (connection refused, timed out). */
  status: number;
  /** When the request was sent and when the answer came (performance.now()). */
  sentAt: number;
  at: number;
}

export function createEditor(url: string, token: string, { giveUpAfterMs = 30_000 } = {}) {
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  const answers: EditorAnswer[] = [];

  /** POSTs JSON, retrying transient failures with the same Idempotency-Key until `giveUpAfterMs`. */
  async function send<T>(path: string, body: unknown) {
    const key = randomUUID();
    const deadline = Date.now() + giveUpAfterMs;
    for (let attempts = 1; ; attempts += 1) {
      let problem: string;
      const sentAt = performance.now();
      try {
        const res = await fetch(`${url}${path}`, {
          method: "POST",
          headers: { ...headers, "Idempotency-Key": key },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        const text = await res.text();
        answers.push({ path, status: res.status, sentAt, at: performance.now() });
        if (res.status === 201) {
          const replayed = res.headers.get("idempotent-replayed") === "true";
          return { value: JSON.parse(text) as T, attempts, replayed };
        }
        if (!RETRYABLE.has(res.status))
          throw new Error(`POST ${path} answered ${res.status}: ${text}`);
        problem = `${res.status}`;
      } catch (err) {
        if (err instanceof Error && err.message.startsWith("POST ")) throw err;
        answers.push({ path, status: 0, sentAt, at: performance.now() });
        problem = err instanceof Error ? err.message : String(err);
      }
      if (Date.now() > deadline) {
        throw new Error(`POST ${path} failed ${attempts} times; last: ${problem}`);
      }
      await new Promise((r) => setTimeout(r, jitter(Math.min(2_000, 100 * 2 ** attempts))));
    }
  }

  return {
    /** Every attempt's answer, retries included, in the order they came. */
    answers,
    async createBlog(title: string): Promise<Blog> {
      return (await send<Blog>("/api/blogs", { title })).value;
    },
    async post(blogId: string, body: string): Promise<PostResult> {
      const { value, attempts, replayed } = await send<Entry>(`/api/blogs/${blogId}/entries`, {
        body,
      });
      return { entry: value, attempts, replayed };
    },
  };
}

export type Editor = ReturnType<typeof createEditor>;

/**
 * Posts `count` entries one after another, `everyMs` apart, until done or `stop()`; failures
 * are collected, not thrown, so that a test can assert there were none.
 */
export function postSteadily(editor: Editor, blogId: string, everyMs: number, count = Infinity) {
  const posted: PostResult[] = [];
  const failures: string[] = [];
  let stopped = false;
  const done = (async () => {
    for (let i = 1; i <= count && !stopped; i += 1) {
      const started = Date.now();
      try {
        posted.push(await editor.post(blogId, `Update ${i}`));
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
      await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (Date.now() - started))));
    }
  })();
  return {
    posted,
    failures,
    /** Stops after the post in progress and resolves when it is answered. */
    async stop() {
      stopped = true;
      await done;
    },
    done,
  };
}
