/**
 * Who may do what with blogs (issue 13): every blog route against anonymous, a contributor on the
 * blog's team, a contributor off it, an editor and an admin. Each refusal is checked with the
 * status AND the stored state (nothing changed); each permitted call with what it stored.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { AuditRecord, Blog } from "../../shared/schemas.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { addPerson, asPerson, signIn } from "../support/people.js";

const site = useSite({ redis: false });
type Who = "anonymous" | "teamContributor" | "otherContributor" | "editor" | "admin";
const headers: Partial<Record<Who, Record<string, string>>> = {};
const names: Partial<Record<Who, string>> = {};
let blog: Blog;

beforeAll(async () => {
  const roles = {
    teamContributor: "contributor",
    otherContributor: "contributor",
    editor: "editor",
    admin: "admin",
  } as const;
  for (const [who, role] of Object.entries(roles) as [Who, (typeof roles)[keyof typeof roles]][]) {
    const person = await addPerson(site.server.store, role);
    names[who] = person.name;
    headers[who] = asPerson(site.server, await signIn(site.server, person.name));
  }
  blog = await editorApi(site.server.url).createBlog("Roles");
  await site.server.store.blogs.setTeam(blog.id, [names.teamContributor!]);
});

/** Calls the API as `who` (anonymous: same origin, no credentials). */
const call = async (who: Who, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${site.server.url}${path}`, {
    method,
    headers: headers[who] ?? { Origin: site.server.url, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & {
      error?: { code: string; message: string };
    },
  };
};
const stored = () => site.server.store.blogs.getBlog(blog.id);
const team = () => site.server.store.blogs.getTeam(blog.id);

const CONTRIBUTORS: Who[] = ["teamContributor", "otherContributor"];

describe("creating and changing blogs", () => {
  it("refuses anonymous with 401 and contributors with 403, creating nothing", async () => {
    for (const who of ["anonymous", ...CONTRIBUTORS] as Who[]) {
      const id = `refused-${who.toLowerCase()}`;
      const { status, body } = await call(who, "POST", "/api/blogs", { title: "No", id });
      expect([who, status]).toEqual([who, who === "anonymous" ? 401 : 403]);
      if (who !== "anonymous")
        expect(body.error?.message).toBe(
          "Only editors and admins may create blogs; you are signed in as a contributor.",
        );
      expect(await site.server.store.blogs.getBlog(id)).toBeNull();
    }
  });

  it("lets editors and admins create a blog, recorded in its audit trail as theirs", async () => {
    for (const who of ["editor", "admin"] as Who[]) {
      const { status, body } = await call(who, "POST", "/api/blogs", { title: `By ${who}` });
      expect([who, status]).toEqual([who, 201]);
      const created = body as unknown as Blog;
      expect(await site.server.store.blogs.getBlog(created.id)).toMatchObject({
        title: `By ${who}`,
      });
      expect(await site.server.store.audit.list(created.id, 10)).toMatchObject([
        { action: "blog.created", by: names[who], detail: `By ${who}` },
      ]);
    }
  });

  it("refuses changes from anonymous (401) and contributors, even on the team (403), changing nothing", async () => {
    const before = await stored();
    for (const who of ["anonymous", ...CONTRIBUTORS] as Who[]) {
      const { status } = await call(who, "PATCH", `/api/blogs/${blog.id}`, { status: "ended" });
      expect([who, status]).toEqual([who, who === "anonymous" ? 401 : 403]);
    }
    expect(await stored()).toEqual(before);
  });

  it("lets editors and admins change a blog", async () => {
    for (const who of ["editor", "admin"] as Who[]) {
      const title = `Renamed by ${who}`;
      const { status } = await call(who, "PATCH", `/api/blogs/${blog.id}`, { title });
      expect([who, status]).toEqual([who, 200]);
      expect((await stored())?.title).toBe(title);
    }
  });
});

describe("deleting a blog", () => {
  it("refuses everyone but admins (401 anonymous, 403 others, editors included), deleting nothing", async () => {
    for (const who of ["anonymous", ...CONTRIBUTORS, "editor"] as Who[]) {
      const { status, body } = await call(who, "DELETE", `/api/blogs/${blog.id}`, {
        confirm: blog.id,
      });
      expect([who, status]).toEqual([who, who === "anonymous" ? 401 : 403]);
      if (who === "editor")
        expect(body.error?.message).toBe(
          "Only admins may delete blogs; you are signed in as an editor.",
        );
      expect(await stored()).not.toBeNull();
    }
  });

  it("refuses an admin's deletion without confirm, or confirming another blog, with 400 saying what to send", async () => {
    for (const body of [undefined, {}, { confirm: "Roles" }, { confirm: `${blog.id}x` }]) {
      const answer = await call("admin", "DELETE", `/api/blogs/${blog.id}`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toEqual({
        code: "validation_failed",
        message: `Deleting a blog cannot be undone: to delete this one, send {"confirm": "${blog.id}"} (its id, as in its address). Nothing was deleted.`,
      });
    }
    expect(await stored()).not.toBeNull();
  });

  it("lets an admin delete a blog that confirms its id, and answers 404 for one that does not exist", async () => {
    const doomed = await editorApi(site.server.url).createBlog("Doomed");
    expect(
      (await call("admin", "DELETE", `/api/blogs/${doomed.id}`, { confirm: doomed.id })).status,
    ).toBe(204);
    expect(await site.server.store.blogs.getBlog(doomed.id)).toBeNull();
    expect((await call("admin", "GET", `/api/blogs/${doomed.id}`)).status).toBe(404);
    const again = await call("admin", "DELETE", `/api/blogs/${doomed.id}`, { confirm: doomed.id });
    expect([again.status, again.body.error?.code]).toEqual([404, "not_found"]);
  });
});

describe("a blog's team", () => {
  it("shows the team to its contributors, editors and admins, and refuses others", async () => {
    const expected: Record<Who, number> = {
      anonymous: 401,
      otherContributor: 403,
      teamContributor: 200,
      editor: 200,
      admin: 200,
    };
    for (const [who, status] of Object.entries(expected) as [Who, number][]) {
      const answer = await call(who, "GET", `/api/blogs/${blog.id}/team`);
      expect([who, answer.status]).toEqual([who, status]);
      if (status === 200) expect(answer.body).toEqual({ members: [names.teamContributor] });
    }
    expect((await call("editor", "GET", "/api/blogs/no-such-blog/team")).status).toBe(404);
  });

  it("refuses a team change from anonymous (401) and contributors, even on the team (403), changing nothing", async () => {
    for (const who of ["anonymous", ...CONTRIBUTORS] as Who[]) {
      const { status } = await call(who, "PUT", `/api/blogs/${blog.id}/team`, {
        members: [names.otherContributor],
      });
      expect([who, status]).toEqual([who, who === "anonymous" ? 401 : 403]);
    }
    expect(await team()).toEqual([names.teamContributor]);
  });

  it("refuses a team naming someone who is not a person, with 400 naming them, changing nothing", async () => {
    const answer = await call("editor", "PUT", `/api/blogs/${blog.id}/team`, {
      members: [names.otherContributor, "nobody-here"],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toContain('No person is named "nobody-here"');
    expect(await team()).toEqual([names.teamContributor]);
  });

  it("lets editors and admins replace the team, and records what changed", async () => {
    const both = [names.teamContributor!, names.otherContributor!].sort();
    const answer = await call("editor", "PUT", `/api/blogs/${blog.id}/team`, { members: both });
    expect([answer.status, answer.body]).toEqual([200, { members: both }]);
    expect(await team()).toEqual(both);
    const back = await call("admin", "PUT", `/api/blogs/${blog.id}/team`, {
      members: [names.teamContributor],
    });
    expect(back.status).toBe(200);
    expect(await team()).toEqual([names.teamContributor]);
    const records = await site.server.store.audit.list(blog.id, 2);
    expect(records.map((r) => [r.action, r.by, r.detail])).toEqual([
      ["blog.team", names.admin, `removed ${names.otherContributor}`],
      ["blog.team", names.editor, `added ${names.otherContributor}`],
    ]);
  });
});

describe("a blog's audit trail and the desk's list of blogs", () => {
  it("shows the audit trail to editors and admins only, newest first, clamped to the cap", async () => {
    for (const who of ["anonymous", ...CONTRIBUTORS] as Who[]) {
      const { status } = await call(who, "GET", `/api/blogs/${blog.id}/audit`);
      expect([who, status]).toEqual([who, who === "anonymous" ? 401 : 403]);
    }
    for (const who of ["editor", "admin"] as Who[]) {
      const { status, body } = await call(who, "GET", `/api/blogs/${blog.id}/audit?limit=1000000`);
      expect([who, status]).toEqual([who, 200]);
      const records = body.records as AuditRecord[];
      expect(records).toEqual(await site.server.store.audit.list(blog.id, 1000));
      expect(records.length).toBeGreaterThan(0);
    }
    const one = await call("editor", "GET", `/api/blogs/${blog.id}/audit?limit=1`);
    expect((one.body.records as AuditRecord[]).length).toBe(1);
    expect((await call("editor", "GET", "/api/blogs/no-such-blog/audit")).status).toBe(404);
  });

  it("lists every blog for editors and admins, and only their team's blogs for contributors", async () => {
    const all = (await site.server.store.blogs.listBlogs()).map((b) => b.id).sort();
    const listed = async (who: Who) => {
      const { status, body } = await call(who, "GET", "/api/desk/blogs");
      expect([who, status]).toEqual([who, 200]);
      return (body.blogs as Blog[]).map((b) => b.id).sort();
    };
    expect((await call("anonymous", "GET", "/api/desk/blogs")).status).toBe(401);
    expect(await listed("editor")).toEqual(all);
    expect(await listed("admin")).toEqual(all);
    expect(await listed("teamContributor")).toEqual([blog.id]);
    expect(await listed("otherContributor")).toEqual([]);
  });
});
