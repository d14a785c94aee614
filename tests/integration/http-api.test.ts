/**
 * Every HTTP route of the v1 contract, with its error statuses, against a real instance on a
 * private Redis. Each test checks the response AND what was stored.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { editorApi, useSite } from "../support/fixtures.js";
import { startInstance, bearer, TEST_PASSWORD } from "../support/instance.js";

const site = useSite();
const api = () => request(site.server.url);
const editor = () => editorApi(site.server.url);

const newBlog = async (title?: string) => (await editor().createBlog(title)).id;
const newEntry = (blogId: string, body = "Hello **world**") => editor().post(blogId, { body });

describe("blogs", () => {
  it("creates a blog with a slug derived from its title and lists it", async () => {
    const res = await api()
      .post("/api/blogs")
      .set(bearer)
      .send({ title: "Élection présidentielle: 2026!" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: "election-presidentielle-2026",
      status: "live",
      seq: 0,
      description: "",
    });
    const list = await api().get("/api/blogs");
    expect(list.body.blogs.map((b: { id: string }) => b.id)).toContain(
      "election-presidentielle-2026",
    );
    expect((await api().get("/api/blogs/election-presidentielle-2026")).body.title).toBe(
      "Élection présidentielle: 2026!",
    );
  });

  it("refuses a taken id with 409 blog_exists and keeps the first blog", async () => {
    const id = await newBlog("Original");
    const res = await api().post("/api/blogs").set(bearer).send({ title: "Impostor", id });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("blog_exists");
    expect((await api().get(`/api/blogs/${id}`)).body.title).toBe("Original");
  });

  it("updates title and status and records a blog.updated event", async () => {
    const id = await newBlog();
    const res = await api()
      .patch(`/api/blogs/${id}`)
      .set(bearer)
      .send({ status: "ended", title: "Over" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ended", title: "Over", seq: 1 });
    const events = await api().get(`/api/blogs/${id}/events?since=0`);
    expect(events.body.events).toMatchObject([
      { type: "blog.updated", seq: 1, blog: { status: "ended" } },
    ]);
  });

  it("answers 404 not_found for a blog that does not exist, and 400 for a malformed id", async () => {
    const missing = await api().get("/api/blogs/no-such-blog");
    expect([missing.status, missing.body.error.code]).toEqual([404, "not_found"]);
    const bad = await api().get("/api/blogs/NOT_A_SLUG");
    expect([bad.status, bad.body.error.code]).toEqual([400, "validation_failed"]);
  });

  it("rejects unknown fields and empty titles with 400 validation_failed naming the fields", async () => {
    const res = await api().post("/api/blogs").set(bearer).send({ title: " ", colour: "red" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "",
      "title",
    ]);
    expect(
      (await api().get("/api/blogs")).body.blogs.some(
        (b: { title: string }) => b.title.trim() === "",
      ),
    ).toBe(false);
  });
});

describe("entries", () => {
  it("creates an entry with sanitized HTML, the author's name and version 1", async () => {
    const blogId = await newBlog();
    const res = await api().post(`/api/blogs/${blogId}/entries`).set(bearer).send({
      body: "Polls **closed**. <script>alert(1)</script>",
      headline: "  Update  ",
      keyEvent: true,
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/blogs/${blogId}/entries/${res.body.id}`);
    expect(res.body).toMatchObject({
      blogId,
      seq: 1,
      version: 1,
      headline: "Update",
      keyEvent: true,
      pinned: false,
      author: { name: "admin" },
    });
    expect(res.body.html).toContain("<strong>closed</strong>");
    expect(res.body.html).not.toContain("<script");
    expect((await api().get(`/api/blogs/${blogId}/entries/${res.body.id}`)).body).toEqual(res.body);
  });

  it("rejects an entry without a body with 400 validation_failed and stores nothing", async () => {
    const blogId = await newBlog();
    const res = await api()
      .post(`/api/blogs/${blogId}/entries`)
      .set(bearer)
      .send({ headline: "No body" });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: "validation_failed",
      details: [{ path: "body" }],
    });
    expect((await api().get(`/api/blogs/${blogId}/entries`)).body.entries).toEqual([]);
  });

  it("rejects a body over 20,000 characters and a headline over 200", async () => {
    const blogId = await newBlog();
    const long = await api()
      .post(`/api/blogs/${blogId}/entries`)
      .set(bearer)
      .send({ body: "x".repeat(20_001) });
    const headline = await api()
      .post(`/api/blogs/${blogId}/entries`)
      .set(bearer)
      .send({ body: "ok", headline: "h".repeat(201) });
    expect([long.status, headline.status]).toEqual([400, 400]);
    expect((await api().get(`/api/blogs/${blogId}`)).body.seq).toBe(0);
  });

  it("returns the first entry again for a retried POST with the same Idempotency-Key", async () => {
    const blogId = await newBlog();
    const post = () =>
      api()
        .post(`/api/blogs/${blogId}/entries`)
        .set(bearer)
        .set("Idempotency-Key", "retry-0001-abcd")
        .send({ body: "Once" });
    const first = await post();
    const second = await post();
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body).toEqual(first.body);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect((await api().get(`/api/blogs/${blogId}/entries`)).body.entries).toHaveLength(1);
  });

  it("refuses an Idempotency-Key reused with another entry (422), storing nothing more", async () => {
    const blogId = await newBlog();
    const post = (body: string) =>
      api()
        .post(`/api/blogs/${blogId}/entries`)
        .set(bearer)
        .set("Idempotency-Key", "reused-0001-abcd")
        .send({ body });
    const first = await post("The first entry");
    const other = await post("A different entry");
    expect([first.status, other.status, other.body.error.code]).toEqual([
      201,
      422,
      "idempotency_key_reused",
    ]);
    expect(other.body.error.message).toContain("Use a new key for a new entry");
    const entries = (await api().get(`/api/blogs/${blogId}/entries`)).body.entries;
    expect(entries.map((e: { body: string }) => e.body)).toEqual(["The first entry"]);
    expect((await post("The first entry")).status).toBe(201);
  });

  it("edits with the current version, and answers 409 with the current entry for a stale one", async () => {
    const blogId = await newBlog();
    const entry = await newEntry(blogId);
    const edit = await api()
      .patch(`/api/blogs/${blogId}/entries/${entry.id}`)
      .set(bearer)
      .send({ version: 1, body: "Corrected", pinned: true });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({
      version: 2,
      body: "Corrected",
      html: "<p>Corrected</p>",
      pinned: true,
      seq: 2,
    });
    const stale = await api()
      .patch(`/api/blogs/${blogId}/entries/${entry.id}`)
      .set(bearer)
      .send({ version: 1, body: "Lost update" });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: "version_conflict",
      details: [{ id: entry.id, version: 2, body: "Corrected" }],
    });
    expect((await api().get(`/api/blogs/${blogId}/entries/${entry.id}`)).body.body).toBe(
      "Corrected",
    );
  });

  it("deletes an entry (204), after which it is gone from the list and a second delete is 404", async () => {
    const blogId = await newBlog();
    const entry = await newEntry(blogId);
    expect(
      (await api().delete(`/api/blogs/${blogId}/entries/${entry.id}`).set(bearer)).status,
    ).toBe(204);
    expect((await api().get(`/api/blogs/${blogId}/entries`)).body.entries).toEqual([]);
    expect(
      (await api().delete(`/api/blogs/${blogId}/entries/${entry.id}`).set(bearer)).status,
    ).toBe(404);
    const events = await api().get(`/api/blogs/${blogId}/events?since=1`);
    expect(events.body).toEqual({
      seq: 2,
      epoch: expect.any(String),
      events: [expect.objectContaining({ type: "entry.deleted", entryId: entry.id })],
      next: null,
    });
  });

  it("pages entries newest first with the next cursor, clamping a huge limit", async () => {
    const blogId = await newBlog();
    for (let i = 1; i <= 5; i++) await newEntry(blogId, `Entry ${i}`);
    const first = await api().get(`/api/blogs/${blogId}/entries?limit=2`);
    expect(first.body.entries.map((e: { body: string }) => e.body)).toEqual(["Entry 5", "Entry 4"]);
    expect(first.body.seq).toBe(5);
    const second = await api().get(
      `/api/blogs/${blogId}/entries?limit=2&before=${first.body.next}`,
    );
    expect(second.body.entries.map((e: { body: string }) => e.body)).toEqual([
      "Entry 3",
      "Entry 2",
    ]);
    const huge = await api().get(`/api/blogs/${blogId}/entries?limit=100000`);
    expect([huge.status, huge.body.entries.length, huge.body.next]).toEqual([200, 5, null]);
  });

  it("rejects bad queries with 400: negative limit, bad cursor, since=abc", async () => {
    const blogId = await newBlog();
    for (const path of [
      `entries?limit=-1`,
      `entries?before=abc`,
      `entries?limit=ten`,
      `events?since=abc`,
      `events?since=-3`,
      `events`,
    ]) {
      const res = await api().get(`/api/blogs/${blogId}/${path}`);
      expect([path, res.status, res.body.error.code]).toEqual([path, 400, "validation_failed"]);
    }
  });
});

describe("event log", () => {
  it("returns the events after since in order, and 410 history_expired past the kept log", async () => {
    const small = await startInstance({ redisUrl: site.redis.url, env: { HISTORY_LIMIT: "10" } });
    try {
      const blogId = await newBlog();
      // The cap is applied by the instance that writes, so write through the small one.
      for (let i = 0; i < 12; i++)
        await request(small.url)
          .post(`/api/blogs/${blogId}/entries`)
          .set(bearer)
          .send({ body: `e${i}` });
      const tail = await request(small.url).get(`/api/blogs/${blogId}/events?since=9`);
      expect(tail.body.events.map((e: { seq: number }) => e.seq)).toEqual([10, 11, 12]);
      const gone = await request(small.url).get(`/api/blogs/${blogId}/events?since=1`);
      expect([gone.status, gone.body.error.code]).toEqual([410, "history_expired"]);
      // A since beyond the log (a seq of a lost log): reset, never a 500 (Lua once printed 1e+14).
      for (const since of [13, 99_999_999_999_999]) {
        const ahead = await request(small.url).get(`/api/blogs/${blogId}/events?since=${since}`);
        expect([ahead.status, ahead.body.error.code]).toEqual([410, "history_reset"]);
        expect(ahead.body.error.details).toEqual([{ seq: 12, epoch: tail.body.epoch }]);
      }
      const otherEpoch = await request(small.url).get(
        `/api/blogs/${blogId}/events?since=10&epoch=another-epoch`,
      );
      expect([otherEpoch.status, otherEpoch.body.error.code]).toEqual([410, "history_reset"]);
    } finally {
      await small.close();
    }
  });
});

describe("authentication", () => {
  it("refuses writes without credentials (401) or with a wrong token (401), storing nothing", async () => {
    const blogId = await newBlog();
    const none = await api().post(`/api/blogs/${blogId}/entries`).send({ body: "x" });
    const wrong = await api()
      .post(`/api/blogs/${blogId}/entries`)
      .set("Authorization", "Bearer nope")
      .send({ body: "x" });
    expect([none.status, none.body.error.code, wrong.status]).toEqual([401, "unauthorized", 401]);
    expect((await api().get(`/api/blogs/${blogId}`)).body.seq).toBe(0);
  });

  it("logs in with a cookie session, writes as that editor, and is refused after logging out", async () => {
    const agent = request.agent(site.server.url);
    const bad = await agent
      .post("/api/session")
      .send({ name: "admin", password: "wrong password" });
    expect([bad.status, bad.body.error.code]).toEqual([401, "unauthorized"]);
    const login = await agent.post("/api/session").send({ name: "admin", password: TEST_PASSWORD });
    expect(login.status).toBe(201);
    expect(login.headers["set-cookie"]?.[0]).toMatch(
      /lb_session=.+; Path=\/; .*HttpOnly; SameSite=Lax/,
    );
    expect((await agent.get("/api/session")).body).toMatchObject({ name: "admin" });

    const blogId = await newBlog();
    const post = await agent
      .post(`/api/blogs/${blogId}/entries`)
      .send({ body: "From the admin page" });
    expect(post.body.author).toEqual({ name: "admin", displayName: "admin" });

    expect((await agent.delete("/api/session")).status).toBe(204);
    expect((await agent.get("/api/session")).status).toBe(401);
    expect(
      (await agent.post(`/api/blogs/${blogId}/entries`).send({ body: "after logout" })).status,
    ).toBe(401);
    expect((await api().get(`/api/blogs/${blogId}/entries`)).body.entries).toHaveLength(1);
  });
});

describe("HTTP behaviour", () => {
  it("answers malformed JSON with 400 invalid_json and a body over 64 KB with 413", async () => {
    const blogId = await newBlog();
    const malformed = await api()
      .post(`/api/blogs/${blogId}/entries`)
      .set(bearer)
      .set("Content-Type", "application/json")
      .send("{oops");
    expect([malformed.status, malformed.body.error.code]).toEqual([400, "invalid_json"]);
    const huge = await api()
      .post(`/api/blogs/${blogId}/entries`)
      .set(bearer)
      .send({ body: "x".repeat(70_000) });
    expect([huge.status, huge.body.error.code]).toEqual([413, "payload_too_large"]);
    expect((await api().get(`/api/blogs/${blogId}`)).body.seq).toBe(0);
  });

  it("answers an unknown API route with a JSON 404", async () => {
    const res = await api().get("/api/nothing/here");
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({
      code: "not_found",
      message: "There is no API route GET /api/nothing/here.",
    });
  });

  it("reports liveness and readiness, and echoes a request id", async () => {
    expect((await api().get("/livez")).status).toBe(200);
    const ready = await api().get("/readyz").set("X-Request-Id", "trace-123");
    expect([ready.status, ready.body.store, ready.headers["x-request-id"]]).toEqual([
      200,
      "redis",
      "trace-123",
    ]);
  });
});
