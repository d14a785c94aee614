/**
 * Compression as a browser meets it: the reader page, the entry list, both feeds and the built
 * client's files come Brotli- or gzip-encoded by Accept-Encoding, always with
 * `Vary: Accept-Encoding`, and decode to exactly what an identity request gets. Static files are
 * the copies the build wrote, never compressed per request; small responses go out as they are.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Blog } from "../../shared/schemas.js";
import { ensureClientBuilt } from "../e2e/support/browser.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { decoded, rawGet, varies } from "../support/raw-http.js";

const site = useSite({ redis: false });
const assetsDir = fileURLToPath(new URL("../../dist/client/assets/", import.meta.url));
/** What Chromium sends: gzip named first, yet Brotli is the better choice. */
const CHROME = "gzip, deflate, br, zstd";

let blog: Blog;
let assets: string[];
const get = (path: string, acceptEncoding?: string, extra: Record<string, string> = {}) =>
  rawGet(`${site.server.url}${path}`, {
    ...(acceptEncoding === undefined ? {} : { "Accept-Encoding": acceptEncoding }),
    ...extra,
  });

beforeAll(async () => {
  await ensureClientBuilt();
  const editor = editorApi(site.server.url);
  blog = await editor.createBlog("Compressed", { description: "Pages worth compressing." });
  await editor.postMany(blog.id, 8);
  const page = (await get(`/blogs/${blog.id}`)).body.toString();
  assets = [...new Set(page.match(/\/assets\/[\w-]+\.(?:js|css)/g))];
});

describe("dynamic responses", () => {
  const dynamic = () => [
    `/blogs/${blog.id}`,
    `/api/blogs/${blog.id}/entries`,
    `/blogs/${blog.id}/feed.atom`,
    `/blogs/${blog.id}/feed.json`,
  ];

  for (const coding of ["br", "gzip"] as const) {
    it(`are ${coding}-encoded for a client that takes ${coding}, and decode to the identity bytes`, async () => {
      for (const path of dynamic()) {
        const plain = await get(path, "identity");
        const packed = await get(path, coding);
        expect(plain.status, path).toBe(200);
        expect(plain.body.length, path).toBeGreaterThan(1024);
        expect(plain.headers["content-encoding"], path).toBeUndefined();
        expect(packed.status, path).toBe(200);
        expect(packed.headers["content-encoding"], path).toBe(coding);
        expect(varies(packed), path).toContain("accept-encoding");
        expect(varies(plain), path).toContain("accept-encoding");
        expect(packed.headers["content-type"], path).toBe(plain.headers["content-type"]);
        expect(packed.body.length, path).toBeLessThan(plain.body.length / 2);
        expect(decoded(packed).equals(plain.body), path).toBe(true);
      }
    });
  }

  it("prefer Brotli when the client takes both, as Chromium does", async () => {
    for (const path of dynamic()) {
      expect((await get(path, CHROME)).headers["content-encoding"], path).toBe("br");
    }
    expect((await get(`/blogs/${blog.id}`, "br;q=0.5, gzip")).headers["content-encoding"]).toBe(
      "gzip",
    );
  });

  it("keep their ETag, so a compressed page still revalidates with 304", async () => {
    const first = await get(`/blogs/${blog.id}`, "br");
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"/);
    const again = await get(`/blogs/${blog.id}`, "br", { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(varies(again)).toContain("accept-encoding");
  });

  it("go out as they are when smaller than 1 KB", async () => {
    const empty = await editorApi(site.server.url).createBlog("Empty");
    for (const path of [`/api/blogs/${empty.id}/entries`, "/livez"]) {
      const res = await get(path, CHROME);
      expect(res.status, path).toBe(200);
      expect(res.headers["content-encoding"], path).toBeUndefined();
      expect(Number(res.headers["content-length"]), path).toBe(res.body.length);
      expect(res.body.length, path).toBeLessThan(1024);
    }
  });
});

describe("the built client's files", () => {
  it("are the build's .br and .gz copies, byte for byte, with the file's own type", async () => {
    const script = assets.find((path) => path.endsWith(".js"));
    expect(script).toBeDefined();
    let copies = 0;
    for (const path of assets) {
      const name = path.slice("/assets/".length);
      const source = readFileSync(`${assetsDir}${name}`);
      const plain = await get(path, "identity");
      expect(plain.body.equals(source), path).toBe(true);
      if (source.length < 1024) continue;
      for (const [coding, suffix] of [
        ["br", ".br"],
        ["gzip", ".gz"],
      ] as const) {
        const packed = await get(path, coding);
        expect(packed.headers["content-encoding"], path).toBe(coding);
        expect(varies(packed), path).toContain("accept-encoding");
        expect(packed.headers["content-type"], path).toBe(plain.headers["content-type"]);
        expect(packed.headers["cache-control"], path).toBe("public, max-age=31536000, immutable");
        // The very file written at build: nothing was compressed for this request.
        expect(packed.body.equals(readFileSync(`${assetsDir}${name}${suffix}`)), path).toBe(true);
        expect(decoded(packed).equals(source), path).toBe(true);
        copies += 1;
      }
    }
    expect(copies).toBeGreaterThanOrEqual(4);
    expect((await get(script!, CHROME)).headers["content-encoding"]).toBe("br");
  });

  it("are sent as they are to a client that takes neither Brotli nor gzip, not compressed per request", async () => {
    const biggest = assets
      .map((path) => ({ path, source: readFileSync(`${assetsDir}${path.slice(8)}`) }))
      .sort((a, b) => b.source.length - a.source.length)[0]!;
    const res = await get(biggest.path, "deflate");
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(varies(res)).toContain("accept-encoding");
    expect(res.body.equals(biggest.source)).toBe(true);
  });

  it("are never served by the name of a compressed copy", async () => {
    const script = assets.find((path) => path.endsWith(".js"))!;
    const res = await get(`${script}.br`, "br");
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toMatch(/html/);
  });
});
