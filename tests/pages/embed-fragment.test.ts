/**
 * The SEO prefetch fragment `/blogs/:blogId/embed.html` as a CMS includes it: a fragment (no
 * document around it) with the newest entries as plain HTML, valid LiveBlogPosting JSON-LD and
 * the script tag on the public origin; cached like the reader page (ETag by seq, 304); readable
 * cross-origin; and never carrying a forged Host.
 */
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type { Blog, Entry } from "../../shared/schemas.js";
import { editorApi, useSite, type EditorApi } from "../support/fixtures.js";

const NEWS = "https://news.example";
const EVIL = "evil.example";
const site = useSite({ instances: { server: {}, news: { env: { PUBLIC_ORIGIN: NEWS } } } });

let editor: EditorApi;
let blog: Blog;
let posted: Entry[];
const fragmentOf = (blogId: string, base = site.server.url) =>
  request(base).get(`/blogs/${blogId}/embed.html`);

/** The JSON-LD blocks of a fragment, parsed. */
const jsonLdOf = (html: string) =>
  [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map(
    (m) =>
      JSON.parse(m[1]!) as Record<string, unknown> & { liveBlogUpdate: { headline: string }[] },
  );

beforeAll(async () => {
  editor = editorApi(site.server.url);
  blog = await editor.createBlog("Match day", { description: "Minute by minute." });
  // More than the fragment carries (20), so that the oldest must be left out.
  posted = await editor.postMany(blog.id, 22);
});

describe("the fragment", () => {
  it("is an HTML fragment, no document: no doctype, html, head or body", async () => {
    const res = await fragmentOf(blog.id).expect(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.text).not.toMatch(/<!doctype|<\/?(html|head|body)\b/i);
    expect(res.text).toMatch(/^<script type="application\/ld\+json">/);
    expect(res.text).toContain(
      `<div data-liveblog-prefetch="${blog.id}" class="liveblog-prefetch" lang="en" dir="ltr">`,
    );
  });

  it("holds the title and the 20 newest entries as plain articles, newest first", async () => {
    const { text } = await fragmentOf(blog.id).expect(200);
    expect(text).toContain(`>Match day</a></h2>`);
    expect(text).toContain("Minute by minute.");
    const headlines = [...text.matchAll(/<h3>(.*?)<\/h3>/g)].map((m) => m[1]);
    expect(headlines).toEqual(
      posted
        .slice(2)
        .reverse()
        .map((e) => e.headline),
    );
    const newest = posted.at(-1)!;
    expect(text).toContain(
      `<article id="lb-entry-${newest.id}">\n<p><a href="${site.server.url}/blogs/${blog.id}#entry-${newest.id}"><time datetime="${newest.createdAt}">`,
    );
    expect(text).toContain("Paragraph two, so the page is long enough to scroll.");
    // Nothing that needs the app's style sheet to be readable.
    expect(text).not.toMatch(/class="(?!liveblog-prefetch")/);
  });

  it("carries valid LiveBlogPosting JSON-LD of the same entries", async () => {
    const { text } = await fragmentOf(blog.id).expect(200);
    const [ld, ...more] = jsonLdOf(text);
    expect(more).toEqual([]);
    expect(ld).toMatchObject({
      "@context": "https://schema.org",
      "@type": "LiveBlogPosting",
      url: `${site.server.url}/blogs/${blog.id}`,
      headline: "Match day",
    });
    expect(ld!.liveBlogUpdate.map((u) => u.headline)).toEqual(
      posted
        .slice(2)
        .reverse()
        .map((e) => e.headline),
    );
  });

  it("ends with the script tag on the public origin, right after the element it replaces", async () => {
    const { text } = await fragmentOf(blog.id).expect(200);
    expect(
      text.endsWith(
        `</div>\n<script async src="${site.server.url}/embed.js" data-blog="${blog.id}"></script>\n`,
      ),
    ).toBe(true);
    // Only the JSON-LD and the loader: nothing else runs in the host page.
    expect(text.match(/<script\b[^>]*>/g)).toEqual([
      `<script type="application/ld+json">`,
      `<script async src="${site.server.url}/embed.js" data-blog="${blog.id}">`,
    ]);
  });

  it("escapes what editors typed, so it cannot add markup or end the JSON-LD", async () => {
    const nasty = await editor.createBlog("<b>bold</b> & </script>");
    await editor.post(nasty.id, {
      headline: "</script><script>alert(1)</script>",
      body: "<img src=x onerror=alert(2)> and </script>",
    });
    const { text } = await fragmentOf(nasty.id).expect(200);
    expect(text).not.toMatch(/<script>alert|<img[^>]*onerror|<b>bold/);
    expect(text).toContain("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(jsonLdOf(text)[0]!.liveBlogUpdate[0]!.headline).toBe(
      "</script><script>alert(1)</script>",
    );
  });

  it("says so for a blog without entries", async () => {
    const empty = await editor.createBlog("Quiet");
    const { text } = await fragmentOf(empty.id).expect(200);
    expect(text).toContain("<p>No updates yet.</p>");
    expect(jsonLdOf(text)[0]!.liveBlogUpdate).toEqual([]);
  });
});

describe("caching and access", () => {
  it("sends ETag and short public caching, 304 until the blog changes, and CORS for any origin", async () => {
    const changing = await editor.createBlog("Changing");
    await editor.post(changing.id, { body: "First." });
    const first = await fragmentOf(changing.id).set("Origin", "https://cms.example").expect(200);
    expect(first.headers["cache-control"]).toBe("public, max-age=5, stale-while-revalidate=60");
    expect(first.headers["access-control-allow-origin"]).toBe("*");
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"/);
    await fragmentOf(changing.id).set("If-None-Match", etag).expect(304);

    await editor.post(changing.id, { body: "Second, after the cached copy." });
    const after = await fragmentOf(changing.id).set("If-None-Match", etag).expect(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.text).toContain("Second, after the cached copy.");
  });

  it("answers an unknown blog with 404 and one sentence, never a whole page", async () => {
    for (const id of ["no-such-blog", "Not_A_Slug!"]) {
      const res = await fragmentOf(id).expect(404);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(res.headers["access-control-allow-origin"]).toBe("*");
      expect(res.text).toMatch(/^<p class="liveblog-prefetch-error">[^<]*does not exist\.<\/p>\n$/);
    }
  });
});

describe("with PUBLIC_ORIGIN and a forged Host", () => {
  it("writes the public origin only, with the same ETag and bytes as an honest request", async () => {
    const forged = { Host: EVIL, "X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "http" };
    const honest = await fragmentOf(blog.id, site.news.url).expect(200);
    const res = await fragmentOf(blog.id, site.news.url).set(forged).expect(200);
    expect(res.text).not.toContain(EVIL);
    expect(res.text).not.toContain("127.0.0.1");
    expect(res.text).toContain(`<script async src="${NEWS}/embed.js" data-blog="${blog.id}">`);
    expect(jsonLdOf(res.text)[0]!.url).toBe(`${NEWS}/blogs/${blog.id}`);
    expect(res.text).toBe(honest.text);
    expect(res.headers.etag).toBe(honest.headers.etag);
    expect(res.headers.vary ?? "").not.toMatch(/host/i);
  });
});
