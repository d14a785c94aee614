/**
 * The oEmbed provider as a consumer (WordPress, Ghost, Drupal) meets it: a reader page URL of
 * this server gets an oEmbed 1.0 `rich` answer whose html is the script tag on the public
 * origin; sizes honour maxwidth/maxheight; anything that is not one of this server's blogs is
 * 404, XML is 501; and the reader page's discovery link leads to an answer.
 */
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { errorBodySchema, type Blog } from "../../shared/schemas.js";
import { editorApi, useSite } from "../support/fixtures.js";

/** Every field oEmbed 1.0 defines for a `rich` answer (oembed.com, 2.3.4 and 2.3.4.4). */
const oembedRich = z.strictObject({
  type: z.literal("rich"),
  version: z.literal("1.0"),
  html: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  title: z.string().optional(),
  author_name: z.string().optional(),
  author_url: z.url().optional(),
  provider_name: z.string().optional(),
  provider_url: z.url().optional(),
  cache_age: z.number().int().nonnegative().optional(),
  thumbnail_url: z.url().optional(),
  thumbnail_width: z.number().int().positive().optional(),
  thumbnail_height: z.number().int().positive().optional(),
});

const NEWS = "https://news.example";
const EVIL = "evil.example";
// `server` has its own address as PUBLIC_ORIGIN (as every Redis test instance); `news` a public one.
const site = useSite({ instances: { server: {}, news: { env: { PUBLIC_ORIGIN: NEWS } } } });
const embedded = useSite({ redis: false });

let blog: Blog;
const pageUrl = () => `${site.server.url}/blogs/${blog.id}`;
const oembed = (query: Record<string, string>, base = site.server.url) =>
  request(base).get("/oembed").query(query);

beforeAll(async () => {
  blog = await editorApi(site.server.url).createBlog(`Election "night" <live> & more`);
});

describe("a reader page of this server", () => {
  it("gets an oEmbed 1.0 rich answer with the script tag on the public origin", async () => {
    const res = await oembed({ url: pageUrl(), format: "json" }).expect(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const answer = oembedRich.parse(JSON.parse(res.text));
    expect(answer).toEqual({
      type: "rich",
      version: "1.0",
      title: blog.title,
      provider_name: "liveblog",
      provider_url: `${site.server.url}/`,
      html: `<script async src="${site.server.url}/embed.js" data-blog="${blog.id}"></script>`,
      width: 600,
      height: 800,
      cache_age: 300,
    });
    // Cacheable by anyone, and readable from a CMS's browser-side preview.
    expect(res.headers["cache-control"]).toBe("public, max-age=300");
    expect(res.headers["access-control-allow-origin"]).toBe("*");
  });

  it("is recognised with a trailing slash, a query or a hash, and without format", async () => {
    for (const url of [
      `${pageUrl()}/`,
      `${pageUrl()}?only=keyEvents`,
      `${pageUrl()}#entry-abc`,
      `${pageUrl()}/?before=12#updates`,
    ]) {
      const res = await oembed({ url }).expect(200);
      expect(oembedRich.parse(res.body).html, url).toContain(`data-blog="${blog.id}"`);
    }
  });

  it("honours maxwidth and maxheight, and never answers above them", async () => {
    const sized = async (query: Record<string, string>) => {
      const { width, height } = oembedRich.parse(
        (await oembed({ url: pageUrl(), ...query }).expect(200)).body,
      );
      return [width, height];
    };
    expect(await sized({ maxwidth: "320", maxheight: "240" })).toEqual([320, 240]);
    expect(await sized({ maxwidth: "480" })).toEqual([480, 800]);
    expect(await sized({ maxheight: "500" })).toEqual([600, 500]);
    expect(await sized({ maxwidth: "2000", maxheight: "3000" })).toEqual([600, 800]);
    const bad = await oembed({ url: pageUrl(), maxwidth: "wide" }).expect(400);
    expect(errorBodySchema.parse(bad.body).error.code).toBe("validation_failed");
    await oembed({ url: pageUrl(), maxheight: "0" }).expect(400);
  });
});

describe("anything else", () => {
  it("is 404 with the JSON error shape: another host, an unknown blog, junk, another page", async () => {
    const { port } = new URL(site.server.url);
    for (const url of [
      `https://elsewhere.example/blogs/${blog.id}`,
      `http://localhost:${port}/blogs/${blog.id}`,
      `https://127.0.0.1:${port}/blogs/${blog.id}`,
      `${site.server.url}/blogs/no-such-blog`,
      `${site.server.url}/blogs/Not_A_Slug!`,
      `${site.server.url}/blogs/${blog.id}/feed.atom`,
      `${site.server.url}/blogs/${blog.id}/embed`,
      `${site.server.url}/admin`,
      `${site.server.url}/`,
      `http://user:pw@127.0.0.1:${port}/blogs/${blog.id}`,
      "not a url at all",
      `javascript:alert(1)//${site.server.url}/blogs/${blog.id}`,
    ]) {
      const res = await oembed({ url, format: "json" });
      expect(res.status, url).toBe(404);
      expect(errorBodySchema.parse(res.body).error.code, url).toBe("not_found");
    }
  });

  it("is 501 for format=xml (or any format but json)", async () => {
    for (const format of ["xml", "yaml"]) {
      const res = await oembed({ url: pageUrl(), format }).expect(501);
      expect(errorBodySchema.parse(res.body).error.code).toBe("not_implemented");
    }
  });

  it("is 400 validation_failed without a url, or with an empty or repeated one", async () => {
    for (const path of ["/oembed", "/oembed?url=", `/oembed?url=a&url=b`, "/oembed?format=json"]) {
      const res = await request(site.server.url).get(path).expect(400);
      expect(errorBodySchema.parse(res.body).error.code, path).toBe("validation_failed");
      expect(res.body.error.message, path).toMatch(/url/);
    }
  });
});

describe("discovery", () => {
  it("puts a link on the reader page whose address answers for that page", async () => {
    const page = (await request(site.server.url).get(`/blogs/${blog.id}`).expect(200)).text;
    const link =
      /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)" title="([^"]+)">/.exec(
        page,
      );
    expect(link).not.toBeNull();
    const unescape = (s: string) =>
      s
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&");
    expect(unescape(link![2]!)).toBe(blog.title);
    const href = new URL(unescape(link![1]!));
    expect(href.origin).toBe(site.server.url);
    expect(href.searchParams.get("url")).toBe(pageUrl());
    expect(href.searchParams.get("format")).toBe("json");
    const res = await request(site.server.url)
      .get(href.pathname + href.search)
      .expect(200);
    expect(oembedRich.parse(res.body).title).toBe(blog.title);
  });
});

describe("with PUBLIC_ORIGIN and a forged Host", () => {
  const forged = { Host: EVIL, "X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "http" };

  it("answers the public origin's reader page with the public origin only", async () => {
    const res = await oembed({ url: `${NEWS}/blogs/${blog.id}` }, site.news.url)
      .set(forged)
      .expect(200);
    const answer = oembedRich.parse(res.body);
    expect(answer.html).toBe(
      `<script async src="${NEWS}/embed.js" data-blog="${blog.id}"></script>`,
    );
    expect(answer.provider_url).toBe(`${NEWS}/`);
    expect(res.text).not.toContain(EVIL);
    expect(res.headers.vary ?? "").not.toMatch(/host/i);
  });

  it("refuses the forged host's URL and the instance's own address", async () => {
    for (const url of [`http://${EVIL}/blogs/${blog.id}`, `${site.news.url}/blogs/${blog.id}`]) {
      const res = await oembed({ url }, site.news.url).set(forged).expect(404);
      expect(errorBodySchema.parse(res.body).error.code, url).toBe("not_found");
      expect(res.text, url).not.toContain(EVIL);
    }
  });
});

describe("in embedded mode without PUBLIC_ORIGIN", () => {
  it("takes the request's host as the origin, and refuses other hosts", async () => {
    const local = await editorApi(embedded.server.url).createBlog("Embedded");
    const ask = (url: string) =>
      request(embedded.server.url).get("/oembed").query({ url }).set("Host", "one.example");
    const res = await ask(`http://one.example/blogs/${local.id}`).expect(200);
    expect(oembedRich.parse(res.body).html).toContain(`src="http://one.example/embed.js"`);
    expect(res.headers.vary).toMatch(/\bHost\b/);
    await ask(`http://two.example/blogs/${local.id}`).expect(404);
  });
});
