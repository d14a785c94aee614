/**
 * Absolute URLs and the Host header (issue 10, A3). With Redis, every absolute URL (canonical
 * link, og:url, JSON-LD, the Atom id and self link, the JSON feed's URLs) comes from
 * PUBLIC_ORIGIN, whatever Host or X-Forwarded-* a request carries, so a shared cache cannot be
 * handed a page that points at another site. In embedded mode without PUBLIC_ORIGIN the
 * request's host stands in, and then the ETag, the server's page cache and `Vary` follow it.
 */
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { editorApi, useSite } from "../support/fixtures.js";

const NEWS = "https://news.example";
const EVIL = "evil.example";
const redis = useSite({
  instances: { direct: {}, proxied: { env: { TRUST_PROXY: "1" } } },
  env: { PUBLIC_ORIGIN: `${NEWS}, https://www.news.example` },
});
const embedded = useSite({ redis: false });

/** Every response of a blog whose body holds absolute URLs. */
const paths = (blogId: string) => [
  "/",
  `/blogs/${blogId}`,
  `/blogs/${blogId}?only=keyEvents`,
  `/blogs/${blogId}/feed.atom`,
  `/blogs/${blogId}/feed.json`,
];
const forged = { Host: EVIL, "X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "http" };

const jsonLd = (html: string) =>
  JSON.parse(
    /<script type="application\/ld\+json" id="lb-jsonld">(.*?)<\/script>/s.exec(html)![1]!,
  );
const attribute = (html: string, pattern: RegExp) => pattern.exec(html)?.[1];

describe("with Redis and PUBLIC_ORIGIN", () => {
  let blogId: string;
  beforeAll(async () => {
    const editor = editorApi(redis.direct.url);
    blogId = (await editor.createBlog("Origins")).id;
    await editor.post(blogId, { headline: "First", body: "Hello.", keyEvent: true });
  });

  it("keeps a forged Host and X-Forwarded-* out of every absolute URL, behind a proxy too", async () => {
    for (const instance of [redis.direct, redis.proxied]) {
      for (const path of paths(blogId)) {
        const res = await request(instance.url).get(path).set(forged).expect(200);
        expect(res.text, path).not.toContain(EVIL);
        expect(res.text, path).toContain(NEWS);
        expect(res.text, path).not.toContain("127.0.0.1");
      }
    }
  });

  it("writes the configured origin into the canonical link, og:url, JSON-LD and both feeds", async () => {
    const pageUrl = `${NEWS}/blogs/${blogId}`;
    const page = (await request(redis.direct.url).get(`/blogs/${blogId}`).set(forged)).text;
    expect(attribute(page, /<link rel="canonical" href="([^"]+)">/)).toBe(pageUrl);
    expect(attribute(page, /<meta property="og:url" content="([^"]+)">/)).toBe(pageUrl);
    const ld = jsonLd(page);
    expect(ld["@id"]).toBe(pageUrl);
    expect(ld.liveBlogUpdate[0]["@id"]).toMatch(new RegExp(`^${pageUrl}#`));

    const atom = (await request(redis.direct.url).get(`/blogs/${blogId}/feed.atom`).set(forged))
      .text;
    expect(attribute(atom, /<feed[^>]*>\s*<id>([^<]+)<\/id>/)).toBe(pageUrl);
    expect(attribute(atom, /<link rel="self" type="application\/atom\+xml" href="([^"]+)"/)).toBe(
      `${pageUrl}/feed.atom`,
    );
    const feed = JSON.parse(
      (await request(redis.direct.url).get(`/blogs/${blogId}/feed.json`).set(forged)).text,
    );
    expect([feed.home_page_url, feed.feed_url]).toEqual([pageUrl, `${pageUrl}/feed.json`]);

    const index = (await request(redis.direct.url).get("/").set(forged)).text;
    expect(attribute(index, /<link rel="canonical" href="([^"]+)">/)).toBe(`${NEWS}/`);
  });

  it("gives every host the same ETag and page, both instances alike", async () => {
    for (const path of paths(blogId)) {
      const honest = await request(redis.direct.url).get(path).expect(200);
      const forgedRes = await request(redis.proxied.url).get(path).set(forged).expect(200);
      expect(forgedRes.headers.etag, path).toBe(honest.headers.etag);
      expect(forgedRes.text, path).toBe(honest.text);
      expect(honest.headers.vary ?? "", path).not.toMatch(/host/i);
    }
  });
});

describe("in embedded mode without PUBLIC_ORIGIN", () => {
  let blogId: string;
  beforeAll(async () => {
    const editor = editorApi(embedded.server.url);
    blogId = (await editor.createBlog("Hosts")).id;
    await editor.post(blogId, { body: "Hello." });
  });
  const get = (path: string, host: string, etag?: string) => {
    const req = request(embedded.server.url).get(path).set("Host", host);
    return etag ? req.set("If-None-Match", etag) : req;
  };

  it("uses the request's host, and varies the ETag and Vary with it", async () => {
    for (const path of paths(blogId)) {
      const one = await get(path, "one.example").expect(200);
      const two = await get(path, "two.example").expect(200);
      expect(one.text, path).toContain("http://one.example/");
      expect(two.text, path).toContain("http://two.example/");
      expect(two.text, path).not.toContain("one.example");
      expect(one.headers.etag, path).not.toBe(two.headers.etag);
      expect(one.headers.vary, path).toMatch(/\bHost\b/);
      // A cache holding one host's copy revalidates it for another host and gets that host's.
      const revalidated = await get(path, "two.example", one.headers.etag as string).expect(200);
      expect(revalidated.text, path).toContain("http://two.example/");
      await get(path, "one.example", one.headers.etag as string).expect(304);
    }
  });

  it("never serves one host's page from the server's page cache to another", async () => {
    const path = `/blogs/${blogId}`;
    const pageUrl = (html: string) => attribute(html, /<link rel="canonical" href="([^"]+)">/);
    for (let round = 0; round < 2; round++) {
      expect(pageUrl((await get(path, "one.example")).text)).toBe(`http://one.example${path}`);
      expect(pageUrl((await get(path, "two.example")).text)).toBe(`http://two.example${path}`);
    }
  });
});
