/**
 * Embed cards over plain HTTP: what an entry with a pasted link stores, which pages may frame
 * the providers (CSP frame-src) and which Mastodon servers they are told about, and that feeds,
 * the JSON-LD and the prefetch fragment carry the link instead of the consent gate.
 */
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXED_FRAME_ORIGINS } from "../../shared/embeds/providers.js";
import type { Blog, Entry } from "../../shared/schemas.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";

const site = useSite({
  redis: false,
  env: { MASTODON_EMBED_INSTANCES: "journa.host, Mastodon.Social" },
});
const http = () => request(site.server.url);
const VIDEO = "https://youtu.be/dQw4w9WgXcQ";
const FRAME_SRC = `frame-src ${[...FIXED_FRAME_ORIGINS, "https://journa.host", "https://mastodon.social"].join(" ")}`;

let blog: Blog;
let entry: Entry;

beforeAll(async () => {
  const editor = editorApi(site.server.url);
  blog = await editor.createBlog("Embeds");
  entry = await editor.post(blog.id, { body: `The statement:\n\n${VIDEO}` });
});

const directives = (policy: unknown) =>
  String(policy)
    .split(";")
    .map((part) => part.trim());

describe("an entry with a pasted link", () => {
  it("stores the card with the link and no frame or script, and the store holds the same", async () => {
    expect(entry.html).toContain('<figure class="embed-card" data-provider="youtube">');
    expect(entry.html).toContain(`<a class="embed-link" href="${VIDEO}"`);
    expect(entry.html).toContain('<button type="button" class="embed-load">Load YouTube video');
    expect(entry.html).not.toMatch(/<iframe|<script|youtube-nocookie/);
    const stored = await site.server.store.blogs.getEntry(blog.id, entry.id);
    expect(stored?.html).toBe(entry.html);
  });

  it("shows the same card in the desk's preview", async () => {
    const res = await http().post("/api/preview").set(bearer).send({ body: VIDEO }).expect(200);
    expect(res.body.html).toContain('<figure class="embed-card" data-provider="youtube">');
  });
});

describe("frame-src", () => {
  it.each([
    ["the reader page", () => `/blogs/${blog.id}`],
    ["the embed page", () => `/blogs/${blog.id}/embed`],
    ["the desk", () => "/admin"],
  ])("lets %s frame exactly the providers and the listed Mastodon servers", async (_name, path) => {
    const res = await http().get(path()).expect(200);
    const policy = directives(res.headers["content-security-policy"]);
    expect(policy.filter((d) => d.startsWith("frame-src"))).toEqual([FRAME_SRC]);
    // Frames only: no provider's script.
    expect(policy).toContain("script-src 'self'");
    expect(res.text).toContain(
      '<meta name="lb-mastodon-embeds" content="journa.host mastodon.social">',
    );
  });

  it("keeps the embed page framable by other sites as before", async () => {
    const res = await http().get(`/blogs/${blog.id}/embed`).expect(200);
    expect(directives(res.headers["content-security-policy"])).toContain("frame-ancestors *");
  });

  it.each([
    ["the index", "/"],
    ["the Atom feed", () => `/blogs/${blog.id}/feed.atom`],
    ["the API", () => `/api/blogs/${blog.id}`],
  ])("leaves %s without frames", async (_name, path) => {
    const res = await http()
      .get(typeof path === "string" ? path : path())
      .expect(200);
    const policy = directives(res.headers["content-security-policy"]);
    expect(policy.some((d) => d.startsWith("frame-src"))).toBe(false);
    expect(policy).toContain("default-src 'self'");
    expect(res.text).not.toContain("lb-mastodon-embeds");
  });
});

describe("where no consent gate runs, the link", () => {
  const linkParagraph = `<p>YouTube: <a href="${VIDEO}" rel="noopener nofollow">${VIDEO}</a></p>`;

  it("goes into the JSON Feed and the Atom feed", async () => {
    const json = await http().get(`/blogs/${blog.id}/feed.json`).expect(200);
    const item = JSON.parse(json.text).items[0];
    expect(item.content_html).toBe(`<p>The statement:</p>\n${linkParagraph}`);
    const atom = await http().get(`/blogs/${blog.id}/feed.atom`).expect(200);
    expect(atom.text).toContain(
      `&lt;p&gt;YouTube: &lt;a href=&quot;${VIDEO}&quot; rel=&quot;noopener nofollow&quot;&gt;`,
    );
    expect(atom.text).not.toMatch(/button|embed-gate/);
  });

  it("goes into the reader page's JSON-LD", async () => {
    const page = await http().get(`/blogs/${blog.id}`).expect(200);
    const jsonLd = JSON.parse(
      /<script type="application\/ld\+json" id="lb-jsonld">([^<]*)<\/script>/.exec(page.text)![1]!,
    );
    expect(jsonLd.liveBlogUpdate[0].articleBody).toBe(`The statement:\nYouTube: ${VIDEO}`);
  });

  it("goes into the prefetch fragment for host pages", async () => {
    const fragment = await http().get(`/blogs/${blog.id}/embed.html`).expect(200);
    expect(fragment.text).toContain(linkParagraph);
    expect(fragment.text).not.toMatch(/<button|embed-gate/);
  });
});
