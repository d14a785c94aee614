/**
 * What a newcomer reads when the API refuses a request: the field and the rule in plain words
 * (`details` keeps the path and zod's code for programs), 415 with the header to add when a body
 * is not sent as JSON (curl's -d alone sends a form), and the whole path of an unknown route.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";

const site = useSite({ redis: false });
const api = () => request(site.server.url);
const entriesOf = async (blogId: string) =>
  (await api().get(`/api/blogs/${blogId}/entries`)).body.entries as { body: string }[];

describe("validation messages", () => {
  it("names the field and its limit when an entry is too long, and stores nothing", async () => {
    const { id } = await editorApi(site.server.url).createBlog();
    const res = await api()
      .post(`/api/blogs/${id}/entries`)
      .set(bearer)
      .send({ body: "x".repeat(20_001) });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: "validation_failed",
      message:
        "The entry is not valid: body is too long: at most 20,000 characters, it has 20,001.",
      details: [
        {
          path: "body",
          code: "too_big",
          message: "is too long: at most 20,000 characters, it has 20,001",
        },
      ],
    });
    expect(await entriesOf(id)).toEqual([]);
  });

  it("names an unknown field and the fields there are, and leaves the entry as it was", async () => {
    const { id } = await editorApi(site.server.url).createBlog();
    const entry = await editorApi(site.server.url).post(id, { body: "First" });
    const res = await api()
      .patch(`/api/blogs/${id}/entries/${entry.id}`)
      .set(bearer)
      .send({ version: 1, title: "A title", body: "Changed" });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "The entry change is not valid: unknown field title (the fields are version, body, headline, pinned, keyEvent, poll, authors, status and publishAt).",
    );
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: "", code: "unrecognized_keys", keys: ["title"] }),
    ]);
    expect((await entriesOf(id)).map((e) => e.body)).toEqual(["First"]);
  });

  it("says a field is missing, and what a wrong value should have been", async () => {
    const { id } = await editorApi(site.server.url).createBlog();
    const res = await api()
      .post(`/api/blogs/${id}/entries`)
      .set(bearer)
      .send({ headline: "No body", keyEvent: "yes" });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "The entry is not valid: body is missing; keyEvent must be true or false, not text.",
    );
    expect(res.body.error.details.map((d: { code: string }) => d.code)).toEqual([
      "invalid_type",
      "invalid_type",
    ]);
    expect(await entriesOf(id)).toEqual([]);
  });

  it("explains a bad query parameter and a bad id without zod's words", async () => {
    const query = await api().get("/api/blogs/x/entries?limit=abc&sort=asc");
    expect(query.body.error.message).toBe(
      "The query is not valid: limit must be a number; unknown field sort (the fields are limit, before and only).",
    );
    const blog = await api().get("/api/blogs/Not_A_Slug");
    expect(blog.body.error.message).toBe(
      "The blog id is not valid: it must be 1-64 characters of a-z, 0-9 and -.",
    );
    const key = await api()
      .post("/api/blogs/x/entries")
      .set(bearer)
      .set("Idempotency-Key", "")
      .send({ body: "x" });
    expect(key.body.error.message).toMatch(/^The Idempotency-Key header is not valid: it must be/);
  });
});

describe("a body that is not sent as JSON", () => {
  const json = JSON.stringify({ body: "Talks begin" });

  it.each([
    ["a form (curl -d without a Content-Type)", "application/x-www-form-urlencoded", /as a form/],
    ["text", "text/plain;charset=UTF-8", /sent as text\/plain;/],
    ["no Content-Type at all", undefined, /has no Content-Type;/],
  ])(
    "is answered 415 with the header to send, for %s, and stores nothing",
    async (_, type, said) => {
      const { id } = await editorApi(site.server.url).createBlog();
      const res = await fetch(`${site.server.url}/api/blogs/${id}/entries`, {
        method: "POST",
        headers: { ...bearer, ...(type ? { "Content-Type": type } : {}) },
        // Bytes rather than a string, so that fetch adds no Content-Type of its own.
        body: new TextEncoder().encode(json),
      });
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect([res.status, body.error.code]).toEqual([415, "unsupported_media_type"]);
      expect(body.error.message).toMatch(said);
      expect(body.error.message).toContain(
        "send it with the header Content-Type: application/json",
      );
      expect(await entriesOf(id)).toEqual([]);
    },
  );

  it("takes JSON with a charset, and says so when a write has no body at all", async () => {
    const { id } = await editorApi(site.server.url).createBlog();
    const empty = await fetch(`${site.server.url}/api/blogs/${id}/entries`, {
      method: "POST",
      headers: bearer,
    });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toBe(
      "The entry is not valid: nothing was sent where a JSON object was expected (over HTTP: a body with Content-Type: application/json).",
    );
    const res = await api()
      .post(`/api/blogs/${id}/entries`)
      .set(bearer)
      .set("Content-Type", "application/json; charset=utf-8")
      .send(json);
    expect(res.status).toBe(201);
    expect((await entriesOf(id)).map((e) => e.body)).toEqual(["Talks begin"]);
  });
});

it("names the whole path, /api included, of an API route that does not exist", async () => {
  const res = await api().get("/api/blog/istanbul-talks?limit=5");
  expect(res.status).toBe(404);
  expect(res.body.error).toEqual({
    code: "not_found",
    message: "There is no API route GET /api/blog/istanbul-talks.",
  });
});
