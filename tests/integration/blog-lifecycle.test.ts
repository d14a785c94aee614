/**
 * A blog's lifecycle on two instances sharing Redis (and a media folder): deletion reaches the
 * readers on every instance as one blog.deleted, leaves nothing of the blog in Redis and deletes
 * the pictures only it showed; archived blogs leave the index page for /archive but keep working;
 * the audit trail says who changed what.
 */
import { mkdtempSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Media } from "../../shared/media.js";
import type { AuditRecord, Blog } from "../../shared/schemas.js";
import { storedFileNames } from "../../server/media/stored-files.js";
import { SCHEDULED_KEY } from "../../server/store/redis/keys.js";
import { perBlogKeys } from "../../server/store/redis/lifecycle-scripts.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer, startInstance, type TestInstance } from "../support/instance.js";
import { storePicture } from "../support/media.js";
import { addPerson, asPerson, signIn } from "../support/people.js";
import type { TestReader } from "../support/reader.js";
import { waitFor } from "../support/wait.js";

const mediaDir = mkdtempSync(join(tmpdir(), "liveblog-lifecycle-"));
const site = useSite({ instances: { a: {}, b: {} }, env: { MEDIA_DIR: mediaDir } });

const send = (instance: TestInstance, method: string, path: string, body?: unknown, headers = {}) =>
  fetch(`${instance.url}${path}`, {
    method,
    headers: { ...bearer, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const statusOf = async (instance: TestInstance, path: string) =>
  (await fetch(`${instance.url}${path}`)).status;

describe("deleting a blog", () => {
  it("tells readers on every instance once, then answers 404 everywhere and leaves no key in Redis", async () => {
    const { a, b } = site;
    const redis = site.redis.client();
    const editor = editorApi(a.url);
    const doomed = await editor.createBlog("Doomed");
    const other = await editor.createBlog("Other");
    // Of different sizes: pictures of their own, with no file in common.
    const [onlyHere, shared, cover] = (await Promise.all(
      [1500, 1400, 1300].map((height) => storePicture(a, { height })),
    )) as [Media, Media, Media];
    expect((await send(a, "PATCH", `/api/blogs/${doomed.id}`, { cover: cover.id })).status).toBe(
      200,
    );
    expect((await send(a, "PATCH", `/api/blogs/${other.id}`, { cover: shared.id })).status).toBe(
      200,
    );
    for (const [i, picture] of [onlyHere, shared].entries()) {
      const posted = await send(
        a,
        "POST",
        `/api/blogs/${doomed.id}/entries`,
        { body: `![Picture ${i}](/media/${picture.id})`, pinned: true, keyEvent: true },
        { "Idempotency-Key": `lifecycle-key-${i}` },
      );
      expect(posted.status).toBe(201);
    }
    // A scheduled draft (in the drafts hash and the schedule), and another blog's schedule.
    const scheduled = await send(a, "POST", `/api/blogs/${doomed.id}/entries`, {
      body: "Due in an hour.",
      status: "scheduled",
      publishAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(scheduled.status).toBe(201);
    const draftId = ((await scheduled.json()) as { id: string }).id;
    // More idempotency keys than one SCAN batch.
    const tag = `lb:{${doomed.id}}`;
    const pipeline = redis.pipeline();
    for (let i = 0; i < 1_200; i++) pipeline.set(`${tag}:idem:bulk-${i}`, "x", "EX", 3600);
    pipeline.zadd(SCHEDULED_KEY, Date.now() + 60_000, `${other.id}/d2`);
    await pipeline.exec();
    expect(await redis.zrange(SCHEDULED_KEY, 0, -1)).toContain(`${doomed.id}/${draftId}`);
    const contributor = await addPerson(a.store, "contributor");
    expect(
      (await send(a, "PUT", `/api/blogs/${doomed.id}/team`, { members: [contributor.name] }))
        .status,
    ).toBe(200);
    const readers = [await site.connectReader(a), await site.connectReader(b)];
    for (const reader of readers) expect((await reader.subscribe(doomed.id)).ok).toBe(true);
    const otherReader = await site.connectReader(a);
    expect((await otherReader.subscribe(other.id)).ok).toBe(true);
    await waitFor(async () => (await redis.exists(`${tag}:presence`)) === 1, {
      what: "reader counts in Redis",
    });
    const kinds = (await redis.keys(`${tag}*`)).map((key) =>
      key.slice(tag.length + 1).replace(/^idem:.*/, "idem"),
    );
    expect([...new Set(kinds)].sort()).toEqual(
      ["audit", "blog", "drafts", "entries", "idem", "key", "log", "order", "pinned"]
        .concat(["presence", "presence:expiry", "readers:peak", "readers:series", "team"])
        .sort(),
    );
    const { seq, epoch } = (await a.store.blogs.position(doomed.id))!;
    const before = {
      onlyHere: (await a.store.media.getMedia(onlyHere.id))!,
      shared: (await a.store.media.getMedia(shared.id))!,
      cover: (await a.store.media.getMedia(cover.id))!,
    };

    const deleted = await send(a, "DELETE", `/api/blogs/${doomed.id}`, { confirm: doomed.id });
    expect(deleted.status).toBe(204);

    for (const reader of readers) {
      const [event] = await reader.waitForEvents(1);
      expect(event).toMatchObject({ blogId: doomed.id, seq: seq + 1, epoch, type: "blog.deleted" });
    }
    for (const instance of [a, b]) {
      for (const path of [
        `/blogs/${doomed.id}`,
        `/blogs/${doomed.id}/embed`,
        `/blogs/${doomed.id}/feed.atom`,
        `/api/blogs/${doomed.id}`,
        `/api/blogs/${doomed.id}/entries`,
        `/api/blogs/${doomed.id}/events?since=0`,
        `/api/blogs/${doomed.id}/events?since=${seq - 1}&epoch=${epoch}`,
      ])
        expect([path, await statusOf(instance, path)]).toEqual([path, 404]);
      // A reader already on the blog's channel here, and one new to it: both are told it is gone.
      const newcomer = await site.connectReader(instance);
      for (const asking of [readers[instance === a ? 0 : 1]!, newcomer]) {
        const ack = await asking.subscribe(doomed.id, seq);
        expect(ack).toMatchObject({ ok: false, error: { code: "not_found" } });
      }
    }

    // A report of reader counts after the deletion has run on both instances once a reader of
    // another blog on each sees the other's: the deleted blog's readers, still connected, were
    // reported in the same rounds.
    const sentinel = await site.connectReader(b);
    expect((await sentinel.subscribe(other.id)).ok).toBe(true);
    await waitFor(() => [otherReader, sentinel].every((r) => r.counts.at(-1) === 2), {
      what: "reader counts of the sentinel blog on both instances",
    });
    expect(await redis.keys(`${tag}*`)).toEqual([]);
    expect(await redis.sismember("lb:blogs", doomed.id)).toBe(0);
    expect(await redis.zrange(SCHEDULED_KEY, 0, -1)).toEqual([`${other.id}/d2`]);
    for (const reader of readers) expect(reader.events).toHaveLength(1);
    expect(otherReader.events.filter((e) => e.type === "blog.deleted")).toEqual([]);

    // The pictures only the deleted blog showed go after it; the one another blog shows stays.
    const filesOf = (media: Media) => storedFileNames(media);
    const gone = [...filesOf(before.onlyHere), ...filesOf(before.cover)];
    await waitFor(
      async () => {
        const files = await readdir(mediaDir);
        return (
          (await a.store.media.getMedia(onlyHere.id)) === null &&
          (await a.store.media.getMedia(cover.id)) === null &&
          gone.every((name) => !files.includes(name))
        );
      },
      { what: "the deleted blog's own pictures and their files to be deleted" },
    );
    const files = new Set(await readdir(mediaDir));
    expect(await a.store.media.getMedia(shared.id)).toEqual(before.shared);
    for (const name of filesOf(before.shared)) expect(files.has(name)).toBe(true);
    redis.disconnect();
  }, 60_000);

  it("lets a reader who missed the event find out when the relay reads a gap", async () => {
    const { a } = site;
    const blog = await editorApi(a.url).createBlog("Gap");
    const reader: TestReader = await site.connectReader(a);
    expect((await reader.subscribe(blog.id)).ok).toBe(true);
    await editorApi(a.url).post(blog.id, { body: "one" });
    await reader.waitForEvents(1);
    // As if the deletion's message were lost: the keys go, with no event published.
    const redis = site.redis.client();
    await redis.del(...perBlogKeys(blog.id));
    // The next message it hears is ahead of what it sent: reading the gap finds the blog gone.
    await redis.publish(
      `lb:{${blog.id}}:events`,
      JSON.stringify({
        blogId: blog.id,
        seq: 5,
        epoch: reader.events[0]!.epoch,
        at: new Date().toISOString(),
        type: "entry.deleted",
        entryId: "x",
      }),
    );
    const events = await reader.waitForEvents(2);
    expect(events[1]).toMatchObject({ blogId: blog.id, seq: 2, type: "blog.deleted" });
    redis.disconnect();
  });
});

describe("archived blogs", () => {
  const days = (n: number) => new Date(Date.now() - n * 24 * 3600 * 1000).toISOString();
  const endedAt = async (instance: TestInstance, blog: Blog, at: string) =>
    instance.store.blogs.updateBlog(blog.id, { status: "ended", endedAt: at }, at);

  it("leave the index page for /archive, newest ended first, and keep their page, API and feeds", async () => {
    const { a } = site;
    const editor = editorApi(a.url);
    const [live, recent, older, oldest] = await Promise.all(
      ["Still live", "Ended today", "Ended 35 days ago", "Ended 40 days ago"].map((title) =>
        editor.createBlog(title),
      ),
    );
    await endedAt(a, recent!, days(0));
    await endedAt(a, older!, days(35));
    await endedAt(a, oldest!, days(40));

    const index = await (await fetch(`${a.url}/`)).text();
    for (const shown of [live!, recent!]) expect(index).toContain(`href="/blogs/${shown.id}"`);
    for (const archived of [older!, oldest!])
      expect(index).not.toContain(`href="/blogs/${archived.id}"`);
    expect(index).toMatch(/<a href="\/archive">Archive: \d+ blogs that ended earlier<\/a>/);

    const archive = await (await fetch(`${a.url}/archive`)).text();
    expect(archive).not.toContain(`href="/blogs/${live!.id}"`);
    expect(archive).not.toContain(`href="/blogs/${recent!.id}"`);
    expect(archive.indexOf(`/blogs/${older!.id}"`)).toBeGreaterThan(-1);
    expect(archive.indexOf(`/blogs/${older!.id}"`)).toBeLessThan(
      archive.indexOf(`/blogs/${oldest!.id}"`),
    );
    for (const path of ["", "/feed.atom", "/feed.json", "/embed"])
      expect(await statusOf(a, `/blogs/${oldest!.id}${path}`)).toBe(200);
    expect(await statusOf(a, `/api/blogs/${oldest!.id}/entries`)).toBe(200);

    // Reopened, it is current again at once.
    expect((await send(a, "PATCH", `/api/blogs/${oldest!.id}`, { status: "live" })).status).toBe(
      200,
    );
    expect(await (await fetch(`${a.url}/`)).text()).toContain(`href="/blogs/${oldest!.id}"`);
  });

  it("stay on the index page with ARCHIVE_AFTER_DAYS=0, which has no archive page", async () => {
    const never = await startInstance({ env: { ARCHIVE_AFTER_DAYS: "0" } });
    try {
      const blog = await editorApi(never.url).createBlog("Ended long ago");
      await endedAt(never, blog, days(3650));
      const index = await (await fetch(`${never.url}/`)).text();
      expect(index).toContain(`href="/blogs/${blog.id}"`);
      expect(index).not.toContain(`href="/archive"`);
      expect(await statusOf(never, "/archive")).toBe(404);
    } finally {
      await never.close();
    }
  });
});

describe("the audit trail", () => {
  it("lists who created and changed the blog and its team, newest first, with what changed", async () => {
    const { a, b } = site;
    const editor = await addPerson(a.store, "editor");
    const contributor = await addPerson(a.store, "contributor");
    const as = asPerson(a, await signIn(a, editor.name));
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${a.url}${path}`, { method, headers: as, body: JSON.stringify(body) });
    const created = (await (await call("POST", "/api/blogs", { title: "Audited" })).json()) as Blog;
    const base = `/api/blogs/${created.id}`;
    for (const patch of [
      { title: "Audited night" },
      { description: "What happened" },
      { status: "ended" },
      { status: "live" },
      { title: "Audited night" },
    ])
      expect((await call("PATCH", base, patch)).status).toBe(200);
    expect((await call("PUT", `${base}/team`, { members: [contributor.name] })).status).toBe(200);

    // Another instance answers the same: the trail is in the store.
    const response = await fetch(`${b.url}${base}/audit?limit=10`, { headers: bearer });
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const { records } = (await response.json()) as { records: AuditRecord[] };
    expect(records.map((r) => [r.action, r.by, r.detail])).toEqual([
      ["blog.team", editor.name, `added ${contributor.name}`],
      ["blog.updated", editor.name, "nothing changed"],
      ["blog.updated", editor.name, "reopened"],
      ["blog.updated", editor.name, "ended"],
      ["blog.updated", editor.name, "description changed"],
      ["blog.updated", editor.name, 'title "Audited" → "Audited night"'],
      ["blog.created", editor.name, "Audited"],
    ]);
    expect(records.every((r) => r.blogId === created.id && !Number.isNaN(Date.parse(r.at)))).toBe(
      true,
    );
  });
});
