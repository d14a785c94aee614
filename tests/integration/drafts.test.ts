/**
 * Drafts as readers and the desk see them (issue 13), on two instances sharing one Redis: a draft
 * never shows anywhere a reader can look, publishing one is exactly one entry.created with the
 * next seq, an editor can send one back with a note or take a published entry back, and the
 * desk's events reach editors on every instance.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { DeskEvent } from "../../shared/events.js";
import { readerEntrySchema, type Draft, type Entry } from "../../shared/schemas.js";
import { ensureClientBuilt } from "../e2e/support/browser.js";
import { editorApi, useSite } from "../support/fixtures.js";
import type { TestInstance } from "../support/instance.js";
import { deskOf, newsroom, send, watchDesk, type Asker } from "../support/newsroom.js";
import { eventsBeforeSentinel } from "../support/sentinel.js";

const site = useSite({ instances: { a: {}, b: {} } });
/** Signed in on a; a session is good on every instance. */
let cast: Awaited<ReturnType<typeof newsroom>>;
let blogId: string;

beforeAll(async () => {
  // The reader page is served with the built client's assets.
  await ensureClientBuilt();
  blogId = (await editorApi(site.a.url).createBlog("Drafts")).id;
  cast = await newsroom(site.a, [blogId]);
}, 120_000);

const on = (instance: TestInstance) => deskOf(instance, blogId);
const file = async (instance: TestInstance, who: Asker, fields: Record<string, unknown>) => {
  const answer = await on(instance).file(who, fields);
  expect(answer.status).toBe(201);
  return answer.body as unknown as Draft;
};
const publicSeq = async () => (await editorApi(site.b.url).entries(blogId)).seq;
const reader = async (instance: TestInstance) => {
  const r = await site.connectReader(instance);
  expect((await r.subscribe(blogId, await publicSeq())).ok).toBe(true);
  return r;
};
const postSentinel = (body: string) => editorApi(site.a.url).post(blogId, { body });
/** A desk socket of `who` on `instance`, joined to the blog. */
const deskSocket = async (instance: TestInstance, who: Exclude<Asker, "anonymous">) => {
  const socket = watchDesk(
    await site.connectReader(instance, { extraHeaders: { Cookie: who.cookie } }),
  );
  expect(await socket.join(blogId)).toEqual({ ok: true, data: null });
  return socket;
};

describe("drafts never reach readers", () => {
  it("shows a draft nowhere: list, entry by id, events since 0, page, JSON-LD, feeds, embed", async () => {
    const secret = `unpublished-${Date.now().toString(36)}`;
    await editorApi(site.a.url).post(blogId, { body: "A published entry" });
    const seqBefore = await publicSeq();
    const r = await reader(site.b);
    const draft = await file(site.a, cast.member, { headline: secret, body: `${secret} body` });
    const scheduled = await file(site.a, cast.editor, {
      body: `${secret} scheduled`,
      status: "scheduled",
      publishAt: new Date(Date.now() + 3_600_000).toISOString(),
    });

    // Readers following the blog got nothing before the next published entry.
    const [before] = await eventsBeforeSentinel([r], postSentinel);
    expect(before).toEqual([]);
    expect(await publicSeq()).toBe(seqBefore + 1);

    const unknown = await send(site.b, "anonymous", "GET", `/api/blogs/${blogId}/entries/nope1`);
    for (const id of [draft.id, scheduled.id]) {
      const read = await send(site.b, "anonymous", "GET", `/api/blogs/${blogId}/entries/${id}`);
      expect(read.status).toBe(404);
      expect(JSON.stringify(read.body).replace(id, "nope1")).toBe(JSON.stringify(unknown.body));
    }
    const readable = [
      `/api/blogs/${blogId}/entries?limit=100`,
      `/api/blogs/${blogId}/events?since=0`,
      `/blogs/${blogId}`,
      `/blogs/${blogId}/feed.atom`,
      `/blogs/${blogId}/feed.json`,
      `/blogs/${blogId}/embed.html`,
      "/",
    ];
    for (const path of readable) {
      const response = await fetch(`${site.b.url}${path}`);
      expect(response.status, path).toBe(200);
      const text = await response.text();
      expect(text, path).toContain(path === "/" ? "Drafts" : "A published entry");
      for (const hidden of [secret, draft.id, scheduled.id])
        expect(text, path).not.toContain(hidden);
    }
  });

  it("refuses a reader's socket the desk channel, and sends it no desk event", async () => {
    const r = await reader(site.a);
    const socket = watchDesk(r);
    expect(await socket.join(blogId)).toMatchObject({ ok: false, error: { code: "unauthorized" } });
    await file(site.a, cast.member, { body: "Not for readers" });
    await eventsBeforeSentinel([r], postSentinel);
    expect(socket.events).toEqual([]);
  });
});

describe("the desk's workflow", () => {
  it("publishes a draft as exactly one entry.created with the blog's next seq, created when published", async () => {
    const readers = [await reader(site.a), await reader(site.b)];
    const draft = await file(site.a, cast.member, { headline: "From the venue", body: "Filed" });
    const edited = await on(site.b).change(cast.member, draft.id, {
      version: 1,
      body: "Filed, checked",
    });
    expect(edited.body).toMatchObject({ version: 2 });
    const seq = await publicSeq();
    const asked = new Date().toISOString();
    const published = await on(site.b).publish(cast.editor, draft.id, { version: 2 });
    expect(published.status).toBe(200);
    const entry = published.body as unknown as Entry;
    expect(entry).toMatchObject({
      id: draft.id,
      seq: seq + 1,
      version: 1,
      status: "published",
      body: "Filed, checked",
      authors: [{ name: cast.member.name, displayName: cast.member.displayName }],
    });
    expect(entry.createdAt >= asked).toBe(true);
    expect(entry).not.toHaveProperty("createdBy");

    for (const events of await eventsBeforeSentinel(readers, postSentinel)) {
      expect(events.map((e) => [e.type, e.seq, e.entry?.id])).toEqual([
        ["entry.created", seq + 1, draft.id],
      ]);
      // Readers are sent the published entry without its Markdown body.
      expect(events[0]!.entry).toEqual(readerEntrySchema.parse(entry));
      expect(events[0]!.entry).not.toHaveProperty("body");
    }
    expect((await editorApi(site.a.url).entries(blogId)).entries[1]).toEqual(entry);
    expect((await on(site.a).drafts(cast.editor)).body.drafts.map((d) => d.id)).not.toContain(
      draft.id,
    );
    expect((await on(site.a).publish(cast.editor, draft.id)).body.error).toMatchObject({
      code: "not_a_draft",
    });
  });

  it("sends a draft back with a note its writer sees, until they save it again", async () => {
    const draft = await file(site.a, cast.member, { body: "Numbers?" });
    const returned = await on(site.b).sendBack(cast.editor, draft.id, "Which ministry said so?");
    expect(returned.status).toBe(200);
    const review = {
      note: "Which ministry said so?",
      by: { name: cast.editor.name, displayName: cast.editor.displayName },
      at: expect.any(String),
    };
    const seen = (await on(site.a).drafts(cast.member)).body.drafts as unknown as Draft[];
    expect(seen.find((d) => d.id === draft.id)).toMatchObject({ status: "draft", review });
    const saved = await on(site.a).change(cast.member, draft.id, {
      version: 2,
      body: "The interior ministry said so.",
    });
    expect(saved.body).toMatchObject({ review: null, version: 3 });
  });

  it("unpublishes: readers get entry.deleted, and the entry waits on the desk as a draft", async () => {
    const entry = await editorApi(site.a.url).post(blogId, { body: "Premature" });
    const readers = [await reader(site.a), await reader(site.b)];
    const seq = await publicSeq();
    const taken = await on(site.b).unpublish(cast.admin, entry.id);
    expect(taken.body).toMatchObject({
      id: entry.id,
      status: "draft",
      createdBy: cast.admin.name,
      body: "Premature",
    });
    for (const events of await eventsBeforeSentinel(readers, postSentinel))
      expect(events.map((e) => [e.type, e.seq, e.entryId])).toEqual([
        ["entry.deleted", seq + 1, entry.id],
      ]);
    const read = await send(site.a, "anonymous", "GET", `/api/blogs/${blogId}/entries/${entry.id}`);
    expect(read.status).toBe(404);
    expect((await on(site.a).drafts(cast.member)).body.drafts.map((d) => d.id)).toContain(entry.id);
  });

  it("files a retried draft (the same Idempotency-Key) once", async () => {
    const headers = { "Idempotency-Key": `draft-retry-${Date.now()}` };
    const post = () =>
      fetch(`${site.a.url}/api/blogs/${blogId}/entries`, {
        method: "POST",
        headers: {
          Cookie: cast.member.cookie,
          Origin: site.a.url,
          "Content-Type": "application/json",
          ...headers,
        },
        body: JSON.stringify({ body: "Sent twice" }),
      });
    const [first, second] = [await post(), await post()];
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const ids = [(await first.json()).id, (await second.json()).id];
    expect(ids[0]).toBe(ids[1]);
    const drafts = (await on(site.a).drafts(cast.editor)).body.drafts as unknown as Draft[];
    expect(drafts.filter((d) => d.body === "Sent twice")).toHaveLength(1);
  });
});

describe("the desk channel across instances", () => {
  it("brings an editor on another instance each draft as it is saved and removed, and the audit trail", async () => {
    const editorDesk = await deskSocket(site.b, cast.editor);
    const memberDesk = await deskSocket(site.b, cast.member);
    const draft = await file(site.a, cast.member, { body: "Crowd is growing" });
    await on(site.a).change(cast.member, draft.id, { version: 1, body: "Crowd of thousands" });
    await on(site.a).publish(cast.editor, draft.id);
    // A draft saved after all that, on the same channel: once it is there, the rest has come.
    const sentinel = await file(site.a, cast.editor, { body: "sentinel", status: "draft" });
    const isSentinel = (e: DeskEvent) => e.type === "draft.saved" && e.draft.id === sentinel.id;
    await expect.poll(() => editorDesk.events.some(isSentinel)).toBe(true);
    await expect.poll(() => memberDesk.events.some(isSentinel)).toBe(true);

    const mine = (events: DeskEvent[]) =>
      events.filter(
        (e) =>
          (e.type === "audit"
            ? e.record.entryId
            : e.type === "draft.saved"
              ? e.draft.id
              : e.entryId) === draft.id,
      );
    const said = (e: DeskEvent) =>
      e.type === "audit"
        ? `audit ${e.record.action} by ${e.record.by}`
        : e.type === "draft.saved"
          ? `saved v${e.draft.version}`
          : `removed ${e.reason}`;
    expect(mine(editorDesk.events).map(said)).toEqual([
      "saved v1",
      `audit draft.created by ${cast.member.name}`,
      "saved v2",
      `audit draft.updated by ${cast.member.name}`,
      "removed published",
      `audit entry.published by ${cast.editor.name}`,
    ]);
    // Contributors follow the drafts, not the audit trail (editors' reading).
    expect(
      mine(memberDesk.events)
        .map(said)
        .filter((s) => s.startsWith("audit")),
    ).toEqual([]);
    expect(mine(memberDesk.events).map(said)).toEqual([
      "saved v1",
      "saved v2",
      "removed published",
    ]);
  });

  it("stops a desk's events at desk:unsubscribe", async () => {
    const r = await site.connectReader(site.b, { extraHeaders: { Cookie: cast.editor.cookie } });
    const socket = watchDesk(r);
    expect(await socket.join(blogId)).toEqual({ ok: true, data: null });
    expect((await r.subscribe(blogId, await publicSeq())).ok).toBe(true);
    await r.socket.timeout(10_000).emitWithAck("desk:unsubscribe", { blogId });
    const after = await file(site.a, cast.member, { body: "After leaving" });
    // The same socket reads the blog: its sentinel entry comes after the draft's desk event.
    await eventsBeforeSentinel([r], postSentinel);
    expect(
      socket.events.filter((e) => e.type === "draft.saved" && e.draft.id === after.id),
    ).toEqual([]);
  });
});
