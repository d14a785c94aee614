/**
 * Cross-site request forgery (issue 6, row 10): a write carrying the editor's session cookie
 * but sent from a foreign page (foreign Origin, or Sec-Fetch-Site: cross-site) is refused with
 * 403 and changes nothing; the same write from the site itself, and any Bearer-token write,
 * goes through.
 */
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type { Entry } from "../../shared/schemas.js";
import { SESSION_COOKIE } from "../../server/auth/middleware.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer, TEST_PASSWORD, type TestInstance } from "../support/instance.js";

const EVIL = "https://evil.example";
const NEWSROOM = "https://news.example";
const site = useSite({ instances: { server: {}, listed: { env: { PUBLIC_ORIGIN: NEWSROOM } } } });
let cookie: string;
let blogId: string;
let entry: Entry;

beforeAll(async () => {
  const login = await request(site.server.url)
    .post("/api/session")
    .send({ name: "admin", password: TEST_PASSWORD });
  cookie = (login.headers["set-cookie"] as unknown as string[])[0]!.split(";")[0]!;
  expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
  const editor = editorApi(site.server.url);
  blogId = (await editor.createBlog("Forgery")).id;
  entry = await editor.post(blogId, { body: "original" });
});

const state = async () => {
  const blog = await request(site.server.url).get(`/api/blogs/${blogId}`);
  const page = await request(site.server.url).get(`/api/blogs/${blogId}/entries`);
  const team = await site.server.store.blogs.getTeam(blogId);
  return { blog: blog.body, entries: page.body.entries as Entry[], team };
};

/** Every kind of write an editor can make, as a foreign page would send it with the cookie. */
const writes = (instance: TestInstance, headers: Record<string, string>) => {
  const withHeaders = (test: request.Test) => test.set("Cookie", cookie).set(headers);
  const api = request(instance.url);
  return [
    [
      "create an entry",
      () => withHeaders(api.post(`/api/blogs/${blogId}/entries`)).send({ body: "forged" }),
    ],
    [
      "edit an entry",
      () =>
        withHeaders(api.patch(`/api/blogs/${blogId}/entries/${entry.id}`)).send({
          version: 1,
          body: "forged",
        }),
    ],
    ["delete an entry", () => withHeaders(api.delete(`/api/blogs/${blogId}/entries/${entry.id}`))],
    [
      "end the blog",
      () => withHeaders(api.patch(`/api/blogs/${blogId}`)).send({ status: "ended" }),
    ],
    ["create a blog", () => withHeaders(api.post("/api/blogs")).send({ title: "Forged blog" })],
    [
      "delete the blog",
      () => withHeaders(api.delete(`/api/blogs/${blogId}`)).send({ confirm: blogId }),
    ],
    [
      "change the blog's team",
      () => withHeaders(api.put(`/api/blogs/${blogId}/team`)).send({ members: ["admin"] }),
    ],
  ] as const;
};

describe("cookie-authenticated writes from another site", () => {
  it.each([
    ["a foreign Origin", { Origin: EVIL }],
    ["Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site" }],
    ["Origin: null (a sandboxed frame)", { Origin: "null" }],
    ["a look-alike Origin", { Origin: "http://127.0.0.1.evil.example" }],
  ])("refuses %s with 403 and changes nothing", async (_name, headers) => {
    const before = await state();
    for (const [what, send] of writes(site.server, headers)) {
      const res = await send();
      expect(res.status, what).toBe(403);
      expect(res.body.error.code, what).toBe("forbidden");
    }
    expect(await state()).toEqual(before);
    const blogs = await request(site.server.url).get("/api/blogs");
    expect(blogs.body.blogs.map((b: { title: string }) => b.title)).not.toContain("Forged blog");
  });

  it("accepts the same cookie write from the site itself", async () => {
    const sameOrigin = await request(site.server.url)
      .post(`/api/blogs/${blogId}/entries`)
      .set("Cookie", cookie)
      .set("Origin", site.server.url)
      .set("Sec-Fetch-Site", "same-origin")
      .send({ body: "from the admin page" });
    expect(sameOrigin.status).toBe(201);
    expect((await state()).entries.map((e) => e.body)).toContain("from the admin page");
  });

  it("with PUBLIC_ORIGIN, accepts writes from a listed origin only", async () => {
    const post = (origin: string, body: string) =>
      request(site.listed.url)
        .post(`/api/blogs/${blogId}/entries`)
        .set("Cookie", cookie)
        .set("Origin", origin)
        .send({ body });
    expect((await post(NEWSROOM, "from the newsroom")).status).toBe(201);
    expect((await post(EVIL, "from evil")).status).toBe(403);
    const bodies = (await state()).entries.map((e) => e.body);
    expect(bodies).toContain("from the newsroom");
    expect(bodies).not.toContain("from evil");
  });

  it("leaves Bearer-token writes alone, whatever Origin they carry", async () => {
    const res = await request(site.server.url)
      .post(`/api/blogs/${blogId}/entries`)
      .set(bearer)
      .set("Origin", EVIL)
      .set("Sec-Fetch-Site", "cross-site")
      .send({ body: "from the CMS" });
    expect(res.status).toBe(201);
    expect((await state()).entries.map((e) => e.body)).toContain("from the CMS");
  });
});
