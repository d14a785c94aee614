/**
 * Who may do what with entries and drafts (issue 13), route by route and on the desk channel:
 * anonymous, a contributor off the blog's team, contributors on it, an editor and an admin.
 * Every refusal is checked for what it left behind: nothing a refused request touched changes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Draft, Entry } from "../../shared/schemas.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { deskOf, newsroom, send, watchDesk, type Asker } from "../support/newsroom.js";
import { eventsBeforeSentinel } from "../support/sentinel.js";

const site = useSite();
let blogId: string;
let cast: Awaited<ReturnType<typeof newsroom>>;
let desk: ReturnType<typeof deskOf>;

beforeAll(async () => {
  blogId = (await editorApi(site.server.url).createBlog("Roles")).id;
  cast = await newsroom(site.server, [blogId]);
  desk = deskOf(site.server, blogId);
});

/** The member of the cast a row names, or anonymous. */
const askerOf = (who: "anonymous" | keyof typeof cast): Asker =>
  who === "anonymous" ? who : cast[who];

/** What anyone could find stored: the blog's seq, its public entries and its drafts. */
const stored = async () => ({
  seq: (await site.server.store.blogs.getBlog(blogId))!.seq,
  entries: (await editorApi(site.server.url).entries(blogId)).entries.map((e) => [e.id, e.version]),
  drafts: (await site.server.store.drafts.listDrafts(blogId)).map((d) => [
    d.id,
    d.version,
    d.status,
  ]),
});
/** What POST .../entries answers: an entry, or a draft (which has createdBy and review). */
type Made = Omit<Draft, "status"> & { status: Entry["status"] | Draft["status"] };
const fileAs = async (who: Asker, fields: Record<string, unknown> = {}) => {
  const answer = await desk.file(who, {
    body: `by ${who === "anonymous" ? who : who.name}`,
    ...fields,
  });
  expect(answer.status).toBe(201);
  return answer.body as Made;
};
const inAMinute = () => new Date(Date.now() + 60_000).toISOString();

describe("POST /api/blogs/:blogId/entries", () => {
  it.each([
    ["anonymous", 401, undefined],
    ["outsider", 403, undefined],
    ["member", 201, "draft"],
    ["editor", 201, "published"],
    ["admin", 201, "published"],
  ] as const)("by %s without a status: %i, %s", async (who, status, made) => {
    const before = await stored();
    const asker = askerOf(who);
    const answer = await desk.file(asker, { body: `filed by ${who}` });
    expect(answer.status).toBe(status);
    if (!made) return expect(await stored()).toEqual(before);
    const id = answer.body.id as string;
    expect(answer.body.status).toBe(made);
    expect(answer.headers.get("location")).toBe(`/api/blogs/${blogId}/entries/${id}`);
    const publicRead = await send(
      site.server,
      "anonymous",
      "GET",
      `/api/blogs/${blogId}/entries/${id}`,
    );
    expect(publicRead.status).toBe(made === "published" ? 200 : 404);
    expect(await site.server.store.drafts.getDraft(blogId, id)).toEqual(
      made === "draft" ? answer.body : null,
    );
  });

  it("refuses a contributor's published or scheduled entry with 403 and stores nothing", async () => {
    const before = await stored();
    for (const fields of [
      { status: "published" },
      { status: "scheduled", publishAt: inAMinute() },
    ]) {
      const answer = await desk.file(cast.member, { body: "let me publish", ...fields });
      expect(answer.status).toBe(403);
      expect((answer.body.error as { message: string }).message).toBe(
        "Only editors and admins may publish; save it as a draft for review.",
      );
    }
    expect(await stored()).toEqual(before);
  });

  it("lets editors hold an entry as a draft or schedule it, but not in the past", async () => {
    expect((await fileAs(cast.editor, { status: "draft" })).status).toBe("draft");
    const publishAt = inAMinute();
    const scheduled = await fileAs(cast.admin, { status: "scheduled", publishAt });
    expect([scheduled.status, scheduled.publishAt]).toEqual(["scheduled", publishAt]);
    const before = await stored();
    const past = await desk.file(cast.editor, {
      body: "too late",
      status: "scheduled",
      publishAt: new Date(Date.now() - 1_000).toISOString(),
    });
    expect(past.status).toBe(400);
    expect((past.body.error as { message: string }).message).toMatch(/not in the future/);
    expect(await stored()).toEqual(before);
  });

  it("names authors by existing, active people only (400 naming the unknown one)", async () => {
    const before = await stored();
    const unknown = await desk.file(cast.editor, {
      body: "x",
      authors: [cast.member.name, "nobody"],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: "validation_failed" });
    expect((unknown.body.error as { message: string }).message).toContain('"nobody"');
    expect(await stored()).toEqual(before);
    const both = await fileAs(cast.editor, { authors: [cast.member.name, cast.editor.name] });
    expect(both.authors).toEqual([
      { name: cast.member.name, displayName: cast.member.displayName },
      { name: cast.editor.name, displayName: cast.editor.displayName },
    ]);
    expect(both.author).toEqual({ name: cast.member.name, displayName: cast.member.displayName });
  });
});

describe("GET /api/blogs/:blogId/drafts", () => {
  it.each([
    ["anonymous", 401],
    ["outsider", 403],
    ["member", 200],
    ["colleague", 200],
    ["editor", 200],
    ["admin", 200],
  ] as const)("answers %s with %i (everyone on the team sees every draft)", async (who, status) => {
    const editors = await fileAs(cast.editor, { status: "draft" });
    const answer = await desk.drafts(askerOf(who));
    expect(answer.status).toBe(status);
    if (status === 200) expect(answer.body.drafts.map((d) => d.id)).toContain(editors.id);
    else expect(answer.body).not.toHaveProperty("drafts");
  });
});

describe("changing and withdrawing drafts", () => {
  it.each([
    ["anonymous", 401],
    ["outsider", 403],
    ["colleague", 403],
    ["member", 200],
    ["editor", 200],
    ["admin", 200],
  ] as const)("PATCH of a contributor's draft by %s: %i", async (who, status) => {
    const draft = await fileAs(cast.member);
    const answer = await desk.change(askerOf(who), draft.id, {
      version: 1,
      body: `edited by ${who}`,
    });
    expect(answer.status).toBe(status);
    const now = await site.server.store.drafts.getDraft(blogId, draft.id);
    expect(now).toMatchObject(
      status === 200 ? { version: 2, body: `edited by ${who}` } : { version: 1, body: draft.body },
    );
  });

  it("refuses a contributor an editor's draft, and a schedule on their own", async () => {
    const editors = await fileAs(cast.editor, { status: "draft" });
    const own = await fileAs(cast.member);
    const before = await stored();
    expect(
      (await desk.change(cast.member, editors.id, { version: 1, body: "mine now" })).status,
    ).toBe(403);
    const schedule = { version: 1, status: "scheduled", publishAt: inAMinute() };
    expect((await desk.change(cast.member, own.id, schedule)).status).toBe(403);
    expect((await desk.remove(cast.member, editors.id)).status).toBe(403);
    expect(await stored()).toEqual(before);
    expect((await desk.change(cast.editor, own.id, schedule)).body).toMatchObject({
      status: "scheduled",
      publishAt: schedule.publishAt,
      version: 2,
    });
  });

  it("takes a scheduled draft back for review when its contributor changes it", async () => {
    const own = await fileAs(cast.member);
    const schedule = { version: 1, status: "scheduled", publishAt: inAMinute() };
    expect((await desk.change(cast.editor, own.id, schedule)).status).toBe(200);
    const changed = await desk.change(cast.member, own.id, { version: 2, body: "one more fact" });
    expect(changed.body).toMatchObject({ status: "draft", publishAt: null, version: 3 });
    const due = await site.server.store.drafts.dueDrafts(schedule.publishAt, 1_000);
    expect(due.map((d) => d.entryId)).not.toContain(own.id);
  });

  it.each([
    ["anonymous", 401],
    ["outsider", 403],
    ["colleague", 403],
    ["member", 204],
    ["editor", 204],
  ] as const)("DELETE of a contributor's draft by %s: %i", async (who, status) => {
    const draft = await fileAs(cast.member);
    expect((await desk.remove(askerOf(who), draft.id)).status).toBe(status);
    const kept = await site.server.store.drafts.getDraft(blogId, draft.id);
    expect(kept === null).toBe(status === 204);
  });
});

describe("published entries", () => {
  it.each([
    ["anonymous", 401],
    ["outsider", 403],
    ["member", 403],
    ["editor", 200],
    ["admin", 200],
  ] as const)("PATCH, DELETE and unpublish by %s: %i", async (who, status) => {
    const asker = askerOf(who);
    const [a, b, c] = [
      await fileAs(cast.editor),
      await fileAs(cast.editor),
      await fileAs(cast.editor),
    ];
    const before = await stored();
    expect((await desk.change(asker, a.id, { version: 1, body: "changed" })).status).toBe(status);
    expect((await desk.remove(asker, b.id)).status).toBe(status === 200 ? 204 : status);
    const unpublished = await desk.unpublish(asker, c.id);
    expect(unpublished.status).toBe(status);
    if (status !== 200) return expect(await stored()).toEqual(before);
    expect(unpublished.body).toMatchObject({
      id: c.id,
      status: "draft",
      createdBy: cast[who as "editor"].name,
    });
    const ids = (await stored()).entries.map(([id]) => id);
    expect(ids).toContain(a.id);
    expect(ids).not.toContain(b.id);
    expect(ids).not.toContain(c.id);
  });

  it("answers a contributor 404 for an entry that does not exist, as it answers editors", async () => {
    for (const who of [cast.member, cast.editor])
      expect((await desk.change(who, "no-such-entry", { version: 1, body: "x" })).status).toBe(404);
  });

  it("refuses status and publishAt on a published entry with 400", async () => {
    const entry = await fileAs(cast.editor);
    const answer = await desk.change(cast.editor, entry.id, { version: 1, status: "draft" });
    expect(answer.status).toBe(400);
    expect((await site.server.store.blogs.getEntry(blogId, entry.id))?.version).toBe(1);
  });
});

describe("publishing and returning drafts", () => {
  it.each([
    ["anonymous", 401],
    ["outsider", 403],
    ["member", 403],
    ["colleague", 403],
    ["editor", 200],
    ["admin", 200],
  ] as const)("POST publish of a contributor's draft by %s: %i", async (who, status) => {
    const draft = await fileAs(cast.member);
    const before = await stored();
    const answer = await desk.publish(askerOf(who), draft.id);
    expect(answer.status).toBe(status);
    if (status !== 200) return expect(await stored()).toEqual(before);
    expect(answer.body).toMatchObject({ id: draft.id, status: "published", seq: before.seq + 1 });
    expect((await stored()).entries[0]).toEqual([draft.id, 1]);
    expect((await desk.publish(cast.editor, draft.id)).body.error).toMatchObject({
      code: "not_a_draft",
    });
  });

  it.each([
    ["anonymous", 401],
    ["outsider", 403],
    ["member", 403],
    ["editor", 200],
    ["admin", 200],
  ] as const)("POST return of a draft by %s: %i", async (who, status) => {
    const draft = await fileAs(cast.member);
    const answer = await desk.sendBack(askerOf(who), draft.id, "Source?");
    expect(answer.status).toBe(status);
    const now = await site.server.store.drafts.getDraft(blogId, draft.id);
    if (status !== 200) return expect(now).toEqual(draft);
    expect(now?.review).toMatchObject({
      note: "Source?",
      by: { name: cast[who as "editor"].name },
    });
  });
});

describe("the desk channel (desk:subscribe)", () => {
  const socketOf = async (who: Asker) =>
    watchDesk(
      await site.connectReader(site.server, {
        extraHeaders: who === "anonymous" ? {} : { Cookie: who.cookie },
      }),
    );

  it.each([
    ["anonymous", "unauthorized"],
    ["outsider", "forbidden"],
    ["member", null],
    ["editor", null],
    ["admin", null],
  ] as const)("answers %s's desk:subscribe with %s", async (who, code) => {
    const reader = await site.connectReader(site.server, {
      extraHeaders: who === "anonymous" ? {} : { Cookie: cast[who].cookie },
    });
    const socket = watchDesk(reader);
    expect(await socket.join(blogId)).toEqual(
      code ? { ok: false, error: { code, message: expect.any(String) } } : { ok: true, data: null },
    );
    // Joined or not, shown by what arrives: a draft filed now reaches a joined desk only. The
    // same socket follows the blog as a reader, and the store publishes the draft's desk event
    // before the sentinel entry's: once the sentinel is there, the draft's event would be too.
    expect((await reader.subscribe(blogId)).ok).toBe(true);
    const draft = await fileAs(cast.editor, { status: "draft" });
    await eventsBeforeSentinel([reader], (body) => fileAs(cast.editor, { body }));
    const saw = socket.events.some((e) => e.type === "draft.saved" && e.draft.id === draft.id);
    expect(saw).toBe(code === null);
    if (code) expect(socket.events).toEqual([]);
  });

  it("reads the session again at every desk:subscribe: a logged-out socket is refused", async () => {
    const other = await newsroom(site.server, [blogId]);
    const socket = await socketOf(other.member);
    expect((await socket.join(blogId)).ok).toBe(true);
    expect((await send(site.server, other.member, "DELETE", "/api/session")).status).toBe(204);
    expect(await socket.join(blogId)).toMatchObject({ ok: false, error: { code: "unauthorized" } });
  });

  it("validates the payload and answers an unknown blog with not_found", async () => {
    const socket = await socketOf(cast.editor);
    expect(await socket.join("Not A Blog!")).toMatchObject({
      ok: false,
      error: { code: "validation_failed" },
    });
    expect(await socket.join("no-such-blog")).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
  });
});
