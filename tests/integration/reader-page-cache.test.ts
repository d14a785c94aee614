/**
 * The reader page is rendered once per blog seq and served from memory until the blog changes
 * (bench/ "page spike"). What a reader must still see: every change on the very next request,
 * and the page's own absolute URLs for the host they asked.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import type { Entry } from "../../shared/schemas.js";
import { useSite } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";

const site = useSite({ redis: false });
const http = () => request(site.server.url);

const page = async (blogId: string, host?: string) => {
  const req = http().get(`/blogs/${blogId}`);
  if (host) req.set("Host", host);
  const res = await req.expect(200);
  return res.text;
};

describe("the cached reader page", () => {
  it("shows a new entry, an edit and a deletion on the next request after each", async () => {
    const blog = (await http().post("/api/blogs").set(bearer).send({ title: "Cache" })).body;
    const posted: Entry = (
      await http()
        .post(`/api/blogs/${blog.id}/entries`)
        .set(bearer)
        .send({ body: "First version." })
        .expect(201)
    ).body;
    expect(await page(blog.id)).toContain("First version.");
    expect(await page(blog.id)).toContain("First version.");

    await http()
      .patch(`/api/blogs/${blog.id}/entries/${posted.id}`)
      .set(bearer)
      .send({ body: "Corrected version.", version: posted.version })
      .expect(200);
    const edited = await page(blog.id);
    expect(edited).toContain("Corrected version.");
    expect(edited).not.toContain("First version.");

    await http().delete(`/api/blogs/${blog.id}/entries/${posted.id}`).set(bearer).expect(204);
    expect(await page(blog.id)).not.toContain("Corrected version.");
  });

  it("gives each host its own absolute page URL when no public origin is configured", async () => {
    const blog = (await http().post("/api/blogs").set(bearer).send({ title: "Hosts" })).body;
    const one = await page(blog.id, "one.example");
    const two = await page(blog.id, "two.example");
    expect(one).toContain(`http://one.example/blogs/${blog.id}`);
    expect(one).not.toContain("two.example");
    expect(two).toContain(`http://two.example/blogs/${blog.id}`);
    expect(two).not.toContain("one.example");
  });
});
