/**
 * Malformed input (issue 6, row 14): bad ids, cursors, `since`, limits and bodies are answered
 * 400 (validation_failed, or invalid_json for a body that is not JSON; 415 for a body that is
 * not sent as JSON), a huge limit is
 * clamped, and none of it changes what is stored or reaches a reader.
 */
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type { Entry } from "../../shared/schemas.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";
import type { TestReader } from "../support/reader.js";

const site = useSite({ env: { WRITES_PER_MINUTE: "10000" } });
let blogId: string;
let entry: Entry;
const api = () => request(site.server.url);

beforeAll(async () => {
  // The id the malformed paths below take apart.
  blogId = (await editorApi(site.server.url).createBlog("Inputs", { id: "inputs" })).id;
  // 105 entries, so that a clamped page (100) differs from an unclamped one.
  for (let i = 0; i < 105; i++) {
    const { entry: created } = await site.server.app.blogs.createEntry(
      blogId,
      { body: `entry ${i}` },
      { name: "admin", displayName: "admin" },
    );
    entry = created;
  }
});

/** What a user could observe of the blog: its seq and every entry as stored. */
const snapshot = async () => {
  const blog = await api().get(`/api/blogs/${blogId}`);
  const entries = await Promise.all(
    [undefined, "100"].map(async (before) => {
      const page = await api().get(
        `/api/blogs/${blogId}/entries?limit=100${before ? `&before=${before}` : ""}`,
      );
      return page.body.entries as Entry[];
    }),
  );
  return { seq: blog.body.seq as number, entries: entries.flat() };
};

describe("malformed HTTP input", () => {
  it.each([
    ["an upper-case blog id", "/api/blogs/Not-A-Slug"],
    ["a blog id of 65 characters", `/api/blogs/${"a".repeat(65)}`],
    ["a blog id with a NUL byte", "/api/blogs/a%00b"],
    ["a blog id with a dot", "/api/blogs/a.b/entries"],
    ["an entry id with spaces", "/api/blogs/inputs/entries/a%20b"],
    ["an entry id of 65 characters", `/api/blogs/inputs/entries/${"e".repeat(65)}`],
    ["an entry id that climbs directories", "/api/blogs/inputs/entries/..%2F..%2Fetc"],
    ["limit=-1", "/api/blogs/inputs/entries?limit=-1"],
    ["limit=0", "/api/blogs/inputs/entries?limit=0"],
    ["limit=abc", "/api/blogs/inputs/entries?limit=abc"],
    ["limit=1.5", "/api/blogs/inputs/entries?limit=1.5"],
    ["limit=1e400 (Infinity)", "/api/blogs/inputs/entries?limit=1e400"],
    ["limit given twice", "/api/blogs/inputs/entries?limit=1&limit=2"],
    ["a cursor that is not one", "/api/blogs/inputs/entries?before=abc"],
    ["a negative cursor", "/api/blogs/inputs/entries?before=-5"],
    ["a cursor in exponent form", "/api/blogs/inputs/entries?before=1e3"],
    ["an unknown filter", "/api/blogs/inputs/entries?only=everything"],
    ["an unknown query parameter", "/api/blogs/inputs/entries?sort=asc"],
    ["since=abc", "/api/blogs/inputs/events?since=abc"],
    ["since=-1", "/api/blogs/inputs/events?since=-1"],
    ["since=1.5", "/api/blogs/inputs/events?since=1.5"],
    ["since beyond 2^53", "/api/blogs/inputs/events?since=99999999999999999999"],
    ["no since", "/api/blogs/inputs/events"],
  ])("answers %s with 400 validation_failed", async (_name, path) => {
    const res = await api().get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.message).toEqual(expect.any(String));
  });

  it("answers a malformed percent-encoding in the path with 400, not a server error", async () => {
    const res = await api().get("/api/blogs/%E0%A4%A/entries");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_path");
  });

  it("clamps a huge limit to 100 entries instead of refusing it", async () => {
    const res = await api().get(`/api/blogs/${blogId}/entries?limit=1000000`);
    expect(res.status).toBe(200);
    expect(res.body.entries).toHaveLength(100);
    expect(res.body.next).toEqual(expect.any(String));
  });

  it("refuses bad write bodies, versions and keys with 400 (a form 415) and stores nothing", async () => {
    const before = await snapshot();
    const entries = `/api/blogs/${blogId}/entries`;
    const deep = "[".repeat(20_000) + "]".repeat(20_000);
    const attempts: [string, () => request.Test, string][] = [
      [
        "a JSON array",
        () =>
          api()
            .post(entries)
            .set(bearer)
            .send([{ body: "x" }]),
        "validation_failed",
      ],
      [
        "a JSON string",
        () => api().post(entries).set(bearer).set("Content-Type", "application/json").send('"x"'),
        "invalid_json",
      ],
      [
        "JSON null",
        () => api().post(entries).set(bearer).set("Content-Type", "application/json").send("null"),
        "invalid_json",
      ],
      [
        "a body that is a number",
        () => api().post(entries).set(bearer).send({ body: 5 }),
        "validation_failed",
      ],
      [
        "a __proto__ key",
        () =>
          api()
            .post(entries)
            .set(bearer)
            .set("Content-Type", "application/json")
            .send('{"body":"x","__proto__":{"polluted":true}}'),
        "validation_failed",
      ],
      [
        "a constructor.prototype key",
        () =>
          api()
            .post(entries)
            .set(bearer)
            .send({ body: "x", constructor: { prototype: { polluted: true } } }),
        "validation_failed",
      ],
      [
        "20,000 nested arrays",
        () => api().post(entries).set(bearer).set("Content-Type", "application/json").send(deep),
        "validation_failed",
      ],
      [
        "JSON cut short",
        () =>
          api()
            .post(entries)
            .set(bearer)
            .set("Content-Type", "application/json")
            .send('{"body":"x"'),
        "invalid_json",
      ],
      [
        "a form body instead of JSON",
        () => api().post(entries).set(bearer).type("form").send("body=x"),
        "unsupported_media_type",
      ],
      [
        "an Idempotency-Key with spaces",
        () =>
          api()
            .post(entries)
            .set(bearer)
            .set("Idempotency-Key", "not a valid key")
            .send({ body: "x" }),
        "validation_failed",
      ],
      [
        "an Idempotency-Key of 129 characters",
        () =>
          api()
            .post(entries)
            .set(bearer)
            .set("Idempotency-Key", "k".repeat(129))
            .send({ body: "x" }),
        "validation_failed",
      ],
      [
        "a version given as a string",
        () => api().patch(`${entries}/${entry.id}`).set(bearer).send({ version: "1", body: "y" }),
        "validation_failed",
      ],
      [
        "version 0",
        () => api().patch(`${entries}/${entry.id}`).set(bearer).send({ version: 0, body: "y" }),
        "validation_failed",
      ],
      [
        "version 1e308",
        () => api().patch(`${entries}/${entry.id}`).set(bearer).send({ version: 1e308, body: "y" }),
        "validation_failed",
      ],
      [
        "a status that does not exist",
        () => api().patch(`/api/blogs/${blogId}`).set(bearer).send({ status: "paused" }),
        "validation_failed",
      ],
    ];
    for (const [name, send, code] of attempts) {
      const res = await send();
      expect(res.status, name).toBe(code === "unsupported_media_type" ? 415 : 400);
      expect(res.body.error.code, name).toBe(code);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await snapshot()).toEqual(before);
  });
});

describe("malformed socket input", () => {
  let reader: TestReader;
  beforeAll(async () => {
    reader = await site.connectReader(site.server);
  });

  it.each([
    ["no payload", undefined],
    ["a string", "inputs"],
    ["an upper-case blog id", { blogId: "Inputs" }],
    ["since=-1", { blogId: "inputs", since: -1 }],
    ["since as a string", { blogId: "inputs", since: "abc" }],
    ["since=1.5", { blogId: "inputs", since: 1.5 }],
    ["an unknown field", { blogId: "inputs", admin: true }],
  ])("answers a subscription with %s with ok:false validation_failed", async (_name, payload) => {
    const untyped = reader.socket as unknown as {
      timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
    };
    const ack = await untyped.timeout(5_000).emitWithAck("blog:subscribe", payload);
    expect(ack).toMatchObject({ ok: false, error: { code: "validation_failed" } });
    expect(site.server.app.io.sockets.adapter.rooms.has(`blog:${blogId}`)).toBe(false);
  });

  it("survives a subscription without an ack callback and still answers the next one", async () => {
    const untyped = reader.socket as unknown as { emit(event: string, payload: unknown): void };
    untyped.emit("blog:subscribe", { blogId: 42 });
    const ack = await reader.subscribe(blogId);
    expect(ack).toEqual({ ok: true, data: { seq: 105, epoch: expect.any(String), events: [] } });
  });
});
