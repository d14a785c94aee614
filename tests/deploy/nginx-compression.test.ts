/**
 * deploy/nginx.conf passes the app's compressed responses through untouched: the Brotli and gzip
 * bytes an instance sends (a page compressed per response, a static file precompressed at build)
 * reach the client as they are, with their Content-Encoding and Vary, never decoded and
 * compressed again. One embedded instance behind the nginx `npm run cluster` renders.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Blog } from "../../shared/schemas.js";
import { ensureClientBuilt } from "../e2e/support/browser.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { useNginx } from "../support/nginx.js";
import { decoded, rawGet, varies } from "../support/raw-http.js";

const site = useSite({ redis: false });
const assetsDir = fileURLToPath(new URL("../../dist/client/assets/", import.meta.url));
const nginx = useNginx(() => site.server, "compression");
let blog: Blog;

beforeAll(async () => {
  await ensureClientBuilt();
  blog = await editorApi(site.server.url).createBlog("Behind nginx");
  await editorApi(site.server.url).postMany(blog.id, 8);
}, 60_000);

describe("nginx in front of an instance", () => {
  it("passes a compressed page through as the instance sent it, decoding to the identity page", async () => {
    const path = `/blogs/${blog.id}`;
    // The Host nginx forwards, so that the instance renders the very page nginx got.
    const host = new URL(nginx.url).host;
    const plain = await rawGet(`${nginx.url}${path}`, { "Accept-Encoding": "identity" });
    expect(plain.status).toBe(200);
    for (const coding of ["br", "gzip"]) {
      const packed = await rawGet(`${nginx.url}${path}`, { "Accept-Encoding": coding });
      const direct = await rawGet(`${site.server.url}${path}`, {
        "Accept-Encoding": coding,
        Host: host,
      });
      expect(packed.status).toBe(200);
      expect(packed.headers["content-encoding"]).toBe(coding);
      expect(varies(packed)).toContain("accept-encoding");
      expect(packed.body.equals(direct.body)).toBe(true);
      expect(decoded(packed).equals(plain.body)).toBe(true);
    }
  });

  it("sends a static file's precompressed copy byte for byte", async () => {
    const page = (await rawGet(`${nginx.url}/blogs/${blog.id}`)).body.toString();
    const script = page.match(/\/assets\/[\w-]+\.js/g)!.find((path) => {
      const size = readFileSync(`${assetsDir}${path.slice(8)}`).length;
      return size >= 1024;
    })!;
    for (const [coding, suffix] of [
      ["br", ".br"],
      ["gzip", ".gz"],
    ] as const) {
      const res = await rawGet(`${nginx.url}${script}`, { "Accept-Encoding": coding });
      expect(res.headers["content-encoding"]).toBe(coding);
      expect(varies(res)).toContain("accept-encoding");
      expect(res.body.equals(readFileSync(`${assetsDir}${script.slice(8)}${suffix}`))).toBe(true);
    }
  });
});
