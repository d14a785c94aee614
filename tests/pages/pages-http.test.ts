/**
 * The HTML side over plain HTTP: pages, feeds, caching headers, hashed assets, the preview
 * endpoint, and escaping of whatever an editor typed. No browser needed for these.
 */
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type { Blog, Entry } from "../../shared/schemas.js";
import { ensureClientBuilt } from "../e2e/support/browser.js";
import { editorApi, useSite, type EditorApi } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";

const site = useSite({ redis: false });
let editor: EditorApi;
let blog: Blog;
let entry: Entry;
const http = () => request(site.server.url);

beforeAll(async () => {
  await ensureClientBuilt();
  editor = editorApi(site.server.url);
  blog = await editor.createBlog("Feeds & pages", { description: "All about <feeds>." });
  entry = await editor.post(blog.id, {
    headline: "Hello & welcome",
    body: "Text with [a link](https://example.org).",
  });
});

describe("index and reader pages", () => {
  it("lists live blogs before ended ones, each with its latest update time", async () => {
    const ended = await editor.createBlog("Finished story");
    await http().patch(`/api/blogs/${ended.id}`).set(bearer).send({ status: "ended" }).expect(200);
    const res = await http().get("/").expect(200).expect("Content-Type", /html/);
    expect(res.text.indexOf("Feeds &amp; pages")).toBeLessThan(res.text.indexOf("Finished story"));
    const current = (await http().get(`/api/blogs/${blog.id}`)).body as Blog;
    expect(res.text).toContain(`<time datetime="${current.updatedAt}" data-relative>`);
  });

  it("sends ETag and short public caching with stale-while-revalidate, and 304 until the blog changes", async () => {
    const first = await http().get(`/blogs/${blog.id}`).expect(200);
    expect(first.headers["cache-control"]).toBe("public, max-age=5, stale-while-revalidate=60");
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"/);
    await http().get(`/blogs/${blog.id}`).set("If-None-Match", etag).expect(304);

    await editor.post(blog.id, { body: "A change." });
    const after = await http().get(`/blogs/${blog.id}`).set("If-None-Match", etag).expect(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.text).toContain("A change.");
  });

  it("escapes what editors typed, so a headline or body cannot inject markup or end the JSON blocks", async () => {
    const nasty = await editor.createBlog("<script>alert(1)</script> title");
    await editor.post(nasty.id, {
      headline: "</script><script>alert(2)</script>",
      body: "<img src=x onerror=alert(3)> and </script>",
    });
    const res = await http().get(`/blogs/${nasty.id}`).expect(200);
    expect(res.text).not.toMatch(/<script>alert/);
    expect(res.text).not.toMatch(/<img[^>]*onerror/);
    expect(res.text).toContain("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
    // Only the page's own script elements: the module and the two JSON data blocks.
    const scripts = res.text.match(/<script\b[^>]*>/g) ?? [];
    expect(
      scripts.every((tag) => /type="(module|application\/ld\+json|application\/json)"/.test(tag)),
    ).toBe(true);
    const state = /<script type="application\/json" id="lb-state">(.*?)<\/script>/s.exec(res.text);
    expect(JSON.parse(state![1]!).stream[0].headline).toBe("</script><script>alert(2)</script>");
  });

  it("answers an unknown blog and an unknown page with a 404 HTML page", async () => {
    const missing = await http()
      .get("/blogs/no-such-blog")
      .expect(404)
      .expect("Content-Type", /html/);
    expect(missing.text).toContain("does not exist");
    await http().get("/blogs/Not_A_Slug!").expect(404);
    await http().get("/nowhere").expect(404).expect("Content-Type", /html/);
    // The API keeps its JSON errors.
    const api = await http().get("/api/nowhere").expect(404);
    expect(api.body.error.code).toBe("not_found");
  });
});

describe("feeds", () => {
  it("serves an Atom feed with updated times and escaped HTML content", async () => {
    const res = await http().get(`/blogs/${blog.id}/feed.atom`).expect(200);
    expect(res.headers["content-type"]).toMatch(/^application\/atom\+xml/);
    expect(res.headers.etag).toBeDefined();
    expect(res.headers["cache-control"]).toContain("stale-while-revalidate");
    const text = res.text;
    expect(text).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
    expect(text).toContain("<title>Feeds &amp; pages</title>");
    expect(text).toContain(`<updated>${entry.updatedAt}</updated>`);
    expect(text).toContain(`<id>${site.server.url}/blogs/${blog.id}#entry-${entry.id}</id>`);
    expect(text).toContain("<title>Hello &amp; welcome</title>");
    expect(text).toContain("&lt;a href=&quot;https://example.org&quot;");
  });

  it("serves a JSON Feed 1.1 with the newest entries first", async () => {
    const res = await http().get(`/blogs/${blog.id}/feed.json`).expect(200);
    expect(res.headers["content-type"]).toMatch(/^application\/feed\+json/);
    const feed = JSON.parse(res.text);
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.feed_url).toBe(`${site.server.url}/blogs/${blog.id}/feed.json`);
    const item = feed.items.find((i: { id: string }) => i.id.endsWith(entry.id));
    expect(item).toMatchObject({
      title: "Hello & welcome",
      date_published: entry.createdAt,
      date_modified: entry.updatedAt,
      authors: [{ name: entry.author.name }],
    });
    const dates = feed.items.map((i: { date_published: string }) => i.date_published);
    expect(dates).toEqual([...dates].sort().reverse());
  });
});

describe("caching of entry lists and assets", () => {
  it("lets caches keep an entry list briefly, with an ETag to revalidate", async () => {
    const res = await http().get(`/api/blogs/${blog.id}/entries`).expect(200);
    expect(res.headers["cache-control"]).toBe("public, max-age=5, stale-while-revalidate=60");
    await http()
      .get(`/api/blogs/${blog.id}/entries`)
      .set("If-None-Match", res.headers.etag as string)
      .expect(304);
  });

  it("serves the hashed client files as immutable for a year", async () => {
    const page = await http().get(`/blogs/${blog.id}`).expect(200);
    const src = /<script type="module" src="(\/assets\/[^"]+\.js)">/.exec(page.text)?.[1];
    expect(src).toMatch(/^\/assets\/reader-[A-Za-z0-9_-]+\.js$/);
    const asset = await http().get(src!).expect(200);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    await http().get("/assets/reader-nothere.js").expect(404);
  });
});

describe("POST /api/preview", () => {
  it("renders Markdown with the server's sanitizer for an editor", async () => {
    const res = await http()
      .post("/api/preview")
      .set(bearer)
      .send({ body: "**bold** <script>alert(1)</script>" })
      .expect(200);
    expect(res.body.html).toBe(
      "<p><strong>bold</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>",
    );
  });

  it("refuses readers with 401", async () => {
    const res = await http().post("/api/preview").send({ body: "x" }).expect(401);
    expect(res.body.error.code).toBe("unauthorized");
  });
});
