/**
 * Scheduled entries with several instances on one Redis (issue 13): the entry is published at
 * its time, exactly once, by whichever instance asks first, even when the instance that accepted
 * it is gone; and a schedule outlives a restart of every instance.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Entry, ReaderLiveEvent } from "../../shared/schemas.js";
import { SCHEDULER } from "../../server/workflow/audit.js";
import { editorApi } from "../support/fixtures.js";
import { startInstance, type TestInstance } from "../support/instance.js";
import { addPerson, asPerson, signIn } from "../support/people.js";
import { connectReader, type TestReader } from "../support/reader.js";
import { startRedis, type TestRedis } from "../support/redis.js";
import { eventsBeforeSentinel } from "../support/sentinel.js";
import { waitFor } from "../support/wait.js";

let redis: TestRedis;
const running = new Set<TestInstance>();
const readers: TestReader[] = [];

const start = async () => {
  const instance = await startInstance({ redisUrl: redis.url });
  running.add(instance);
  return instance;
};
const stop = async (instance: TestInstance) => {
  running.delete(instance);
  await instance.close();
};

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const reader of readers) reader.close();
  await Promise.all([...running].map((instance) => instance.close()));
  await redis?.stop();
});

/** An editor schedules an entry on `instance`, `inMs` from now; answers the draft. */
async function schedule(instance: TestInstance, blogId: string, body: string, inMs: number) {
  const editor = await addPerson(instance.store, "editor");
  const publishAt = new Date(Date.now() + inMs).toISOString();
  const response = await fetch(`${instance.url}/api/blogs/${blogId}/entries`, {
    method: "POST",
    headers: asPerson(instance, await signIn(instance, editor.name)),
    body: JSON.stringify({ body, status: "scheduled", publishAt }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; publishAt: string; status: string };
}

const entriesOf = async (instance: TestInstance, blogId: string) =>
  (await editorApi(instance.url).entries(blogId)).entries as Entry[];
const publishedBy = async (instance: TestInstance, blogId: string) =>
  (await instance.store.audit.list(blogId, 100)).filter((r) => r.action === "entry.published");

describe("scheduled entries on three instances", () => {
  it(
    "are published once at their time, though the instance that accepted it stopped before",
    { timeout: 60_000 },
    async () => {
      const [a, b, c] = [await start(), await start(), await start()];
      const { id: blogId } = await editorApi(b.url).createBlog("Scheduled");
      const onB = await connectReader(b.url);
      const onC = await connectReader(c.url);
      readers.push(onB, onC);
      for (const r of [onB, onC]) expect((await r.subscribe(blogId)).ok).toBe(true);

      const draft = await schedule(a, blogId, "The 18:00 summary", 5_000);
      expect(draft.status).toBe("scheduled");
      await stop(a);
      // The test means something only if A was gone before the entry's time.
      expect(Date.now()).toBeLessThan(Date.parse(draft.publishAt));

      await waitFor(async () => (await entriesOf(b, blogId)).some((e) => e.id === draft.id), {
        what: "the scheduled entry to be published",
      });
      const [entry] = (await entriesOf(c, blogId)).filter((e) => e.id === draft.id);
      // Within a few seconds of its time (the scheduler asks twice a second), never before it.
      const late = Date.parse(entry!.createdAt) - Date.parse(draft.publishAt);
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(5_000);
      process.stdout.write(
        `[scheduled] published by another instance ${late} ms after its time, the accepting one stopped\n`,
      );

      const received = await eventsBeforeSentinel([onB, onC], (body) =>
        editorApi(c.url).post(blogId, { body }),
      );
      for (const events of received)
        expect(events.map((e: ReaderLiveEvent) => [e.type, e.entry?.id])).toEqual([
          ["entry.created", draft.id],
        ]);
      expect((await entriesOf(b, blogId)).filter((e) => e.id === draft.id)).toHaveLength(1);
      expect(await b.store.drafts.getDraft(blogId, draft.id)).toBeNull();
      expect((await publishedBy(b, blogId)).map((r) => [r.by, r.entryId])).toEqual([
        [SCHEDULER, draft.id],
      ]);
      await Promise.all([stop(b), stop(c)]);
    },
  );

  it(
    "outlive a restart of every instance: published once by the new ones",
    { timeout: 60_000 },
    async () => {
      const [a, b, c] = [await start(), await start(), await start()];
      const { id: blogId } = await editorApi(a.url).createBlog("Restarted");
      const draft = await schedule(b, blogId, "Published by whoever is up", 3_000);
      const seq = (await editorApi(a.url).entries(blogId)).seq;
      await Promise.all([stop(a), stop(b), stop(c)]);

      // Its time passes with no instance running: it waits in the store.
      await waitFor(() => Date.now() > Date.parse(draft.publishAt) + 500, {
        what: "the entry's time to pass",
      });
      const client = redis.client();
      expect(await client.hexists(`lb:{${blogId}}:drafts`, draft.id)).toBe(1);

      const [d, e] = [await start(), await start()];
      await waitFor(async () => (await entriesOf(d, blogId)).some((x) => x.id === draft.id), {
        what: "the new instances to publish the scheduled entry",
      });
      // Everything logged since, up to a sentinel entry: the scheduled one, once.
      const sentinel = await editorApi(e.url).post(blogId, { body: "sentinel" });
      const events = await fetch(`${e.url}/api/blogs/${blogId}/events?since=${seq}`);
      expect(
        ((await events.json()) as { events: ReaderLiveEvent[] }).events.map((x) => x.entry?.id),
      ).toEqual([draft.id, sentinel.id]);
      expect((await publishedBy(e, blogId)).map((r) => r.by)).toEqual([SCHEDULER]);
      expect(await client.zscore("lb:scheduled", `${blogId}/${draft.id}`)).toBeNull();
    },
  );
});
