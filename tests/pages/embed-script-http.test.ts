/**
 * /embed.js over HTTP, as a host page on another origin meets it: the current hashed loader
 * itself at a stable address with a short cache and a cheap revalidation, the build's Brotli and
 * gzip copies, and headers that let any origin load it (CORP cross-origin), while the pages' own
 * assets stay same-origin.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { EMBED_SCRIPT_CACHE } from "../../server/pages/assets.js";
import { ensureClientBuilt } from "../e2e/support/browser.js";
import { useSite } from "../support/fixtures.js";
import { decoded, rawGet, varies } from "../support/raw-http.js";

const site = useSite({ redis: false });
const clientDir = fileURLToPath(new URL("../../dist/client/", import.meta.url));
const get = (path: string, headers: Record<string, string> = {}) =>
  rawGet(`${site.server.url}${path}`, headers);

/** The loader's hashed path, as the build's own manifest names it. */
let hashed: string;

beforeAll(async () => {
  await ensureClientBuilt();
  const manifest = JSON.parse(
    readFileSync(`${clientDir}.vite/embed-manifest.json`, "utf8"),
  ) as Record<string, { file: string }>;
  hashed = `/${manifest["embed/embed.ts"]!.file}`;
});

describe("GET /embed.js", () => {
  it("is the hashed loader's bytes, as a script any origin may load, cached for five minutes", async () => {
    const res = await get("/embed.js", { "Accept-Encoding": "identity" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(res.headers["cache-control"]).toBe(EMBED_SCRIPT_CACHE);
    expect(res.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.body.equals(readFileSync(`${clientDir}${hashed.slice(1)}`))).toBe(true);
    // A classic script: nothing a plain <script src> cannot run.
    expect(res.body.toString()).toMatch(/^\(function\(\)\{/);
    expect(res.body.toString()).not.toMatch(/\bimport\s*[{("*]|\bexport\s/);
  });

  it("sends the build's Brotli and gzip copies, varying on Accept-Encoding", async () => {
    const plain = await get("/embed.js", { "Accept-Encoding": "identity" });
    for (const coding of ["br", "gzip"] as const) {
      const packed = await get("/embed.js", { "Accept-Encoding": coding });
      expect(packed.headers["content-encoding"], coding).toBe(coding);
      expect(varies(packed), coding).toContain("accept-encoding");
      expect(packed.headers["cache-control"], coding).toBe(EMBED_SCRIPT_CACHE);
      expect(decoded(packed).equals(plain.body), coding).toBe(true);
      const copy = readFileSync(`${clientDir}${hashed.slice(1)}${coding === "br" ? ".br" : ".gz"}`);
      expect(packed.body.equals(copy), coding).toBe(true);
    }
  });

  it("answers a revalidation with its ETag by 304 and no body", async () => {
    const first = await get("/embed.js", { "Accept-Encoding": "br" });
    const etag = String(first.headers.etag);
    expect(etag).not.toBe("undefined");
    const again = await get("/embed.js", { "Accept-Encoding": "br", "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });
});

describe("the loader's hashed file", () => {
  it("is immutable for a year and loadable cross-origin; the pages' assets stay same-origin", async () => {
    const loader = await get(hashed, { "Accept-Encoding": "br" });
    expect(loader.status).toBe(200);
    expect(loader.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(loader.headers["cross-origin-resource-policy"]).toBe("cross-origin");

    const manifest = JSON.parse(readFileSync(`${clientDir}.vite/manifest.json`, "utf8")) as Record<
      string,
      { file: string }
    >;
    const reader = await get(`/${manifest["reader/main.ts"]!.file}`);
    expect(reader.status).toBe(200);
    expect(reader.headers["cross-origin-resource-policy"]).toBe("same-origin");
    expect(reader.headers["access-control-allow-origin"]).toBeUndefined();
  });
});
