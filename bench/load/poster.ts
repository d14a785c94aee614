/**
 * The editor: creates the blog and posts one entry every interval, on schedule (a slow answer
 * does not delay the next post), to the instance the caller picks. liveblog gets the real API
 * call with the bearer token; the baseline and the floor get the LiveEvent liveblog would send.
 */
import { nowMs, sleep } from "../clock.js";
import type { Entry } from "../../shared/schemas.js";
import type { ServerKind } from "../options.js";
import { entryBody, liveEventLike } from "./payload.js";

/** Where entries go: liveblog needs an editor's token; the baseline and the floor take anything. */
export interface PostTarget {
  kind: ServerKind;
  adminToken?: string;
}

const headers = (target: PostTarget) => ({
  "Content-Type": "application/json",
  ...(target.adminToken ? { Authorization: `Bearer ${target.adminToken}` } : {}),
});

/** Creates the benchmark's blog on liveblog and returns its seq; the others need no setup. */
export async function prepareBlog(
  target: PostTarget,
  url: string,
  blogId: string,
): Promise<number> {
  if (target.kind !== "liveblog") return 0;
  const res = await fetch(`${url}/api/blogs`, {
    method: "POST",
    headers: headers(target),
    body: JSON.stringify({ id: blogId, title: "Benchmark" }),
  });
  if (!res.ok) throw new Error(`creating the blog failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { seq: number }).seq;
}

async function postEntry(target: PostTarget, url: string, blogId: string, seq: number, n: number) {
  const body = entryBody(n, nowMs());
  const payload = target.kind === "liveblog" ? { body } : liveEventLike(blogId, seq, body);
  const res = await fetch(`${url}/api/blogs/${blogId}/entries`, {
    method: "POST",
    headers: headers(target),
    body: JSON.stringify(payload),
  });
  await res.arrayBuffer();
  if (res.status !== 201) throw new Error(`POST entry ${n}: ${res.status}`);
}

/** The poll the editor attaches, and the entry and poll ids the server gave it. */
export interface PostedPoll {
  entryId: string;
  pollId: string;
  options: string[];
}

/**
 * Posts entry `n` with a poll (liveblog), as an editor attaches one: the server makes the poll's
 * id. The body carries the clock reading like every posted entry, so readers time its arrival.
 */
export async function postPoll(
  target: PostTarget,
  url: string,
  blogId: string,
  n: number,
  poll: { question: string; options: string[] },
): Promise<PostedPoll> {
  const res = await fetch(`${url}/api/blogs/${blogId}/entries`, {
    method: "POST",
    headers: headers(target),
    body: JSON.stringify({ body: entryBody(n, nowMs()), poll }),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST entry with a poll: ${res.status} ${text}`);
  const entry = JSON.parse(text) as Entry;
  if (!entry.poll) throw new Error(`the entry was saved without its poll: ${text.slice(0, 300)}`);
  return { entryId: entry.id, pollId: entry.poll.id, options: entry.poll.options };
}

/**
 * Posts a few entries to every instance before readers come, so that JIT compilation and lazy
 * set-up are not billed to the first measured entries. Returns the blog's seq afterwards.
 */
export async function warmUp(
  target: PostTarget,
  urls: string[],
  blogId: string,
  seqBase: number,
  perInstance = 5,
): Promise<number> {
  let seq = seqBase;
  for (let i = 0; i < perInstance; i++)
    for (const url of urls) {
      seq += 1;
      await postEntry(target, url, blogId, seq, 0);
    }
  return seq;
}

export interface PostPlan {
  target: PostTarget;
  blogId: string;
  seqBase: number;
  entries: number;
  intervalMs: number;
  /** The instance URL entry n is posted to. */
  urlFor(n: number): string;
  /** Entries 1..count have all been answered 201. */
  onPosted(count: number): void;
}

/** Posts entries 1..N on schedule; resolves with how many failed once every POST answered. */
export async function postEntries(plan: PostPlan): Promise<{ failed: number; errors: string[] }> {
  const done = new Uint8Array(plan.entries + 1);
  let contiguous = 0;
  const errors: string[] = [];
  const start = nowMs();
  const posts: Promise<void>[] = [];
  for (let n = 1; n <= plan.entries; n++) {
    const wait = start + (n - 1) * plan.intervalMs - nowMs();
    if (wait > 0) await sleep(wait);
    posts.push(
      postEntry(plan.target, plan.urlFor(n), plan.blogId, plan.seqBase + n, n).then(
        () => {
          done[n] = 1;
          while (contiguous < plan.entries && done[contiguous + 1]) contiguous += 1;
          plan.onPosted(contiguous);
        },
        (err: unknown) => void errors.push(String(err)),
      ),
    );
  }
  await Promise.all(posts);
  return { failed: errors.length, errors };
}

/**
 * Posts entries 1..N to each blog, on the same schedule (every interval, one POST per blog);
 * blog b's entry n goes to urlFor(n + b), so that the blogs' posts take turns over the instances.
 */
export async function postEntriesToBlogs(
  plan: Omit<PostPlan, "blogId" | "onPosted"> & { blogIds: string[] },
): Promise<{ failed: number; errors: string[] }> {
  const results = await Promise.all(
    plan.blogIds.map((blogId, b) =>
      postEntries({ ...plan, blogId, urlFor: (n) => plan.urlFor(n + b), onPosted: () => {} }),
    ),
  );
  return {
    failed: results.reduce((n, r) => n + r.failed, 0),
    errors: results.flatMap((r) => r.errors),
  };
}
