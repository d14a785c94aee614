/**
 * The build's one-time compression of the web client (client/precompress.ts): which files get
 * Brotli and gzip copies, and that each copy decodes to the file.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { precompressDir } from "../../client/precompress.js";

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const text = (n: number) => "const entry = { id: 1, headline: 'A headline' };\n".repeat(n);

describe("precompressDir", () => {
  it("writes .br and .gz copies of scripts and style sheets of 1 KB or more, which decode to the file", async () => {
    dir = mkdtempSync(join(tmpdir(), "liveblog-precompress-"));
    const files = {
      "app-1a2b.js": text(200),
      "app-1a2b.css": ".entry { margin: 0 auto; }\n".repeat(100),
      "tiny-3c4d.js": "export {};\n",
      "app-1a2b.js.map": text(200),
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);

    const result = await precompressDir(dir);

    expect(readdirSync(dir).sort()).toEqual(
      [
        ...Object.keys(files),
        "app-1a2b.js.br",
        "app-1a2b.js.gz",
        "app-1a2b.css.br",
        "app-1a2b.css.gz",
      ].sort(),
    );
    for (const name of ["app-1a2b.js", "app-1a2b.css"]) {
      const source = readFileSync(join(dir, name));
      expect(brotliDecompressSync(readFileSync(join(dir, `${name}.br`))).equals(source)).toBe(true);
      expect(gunzipSync(readFileSync(join(dir, `${name}.gz`))).equals(source)).toBe(true);
    }
    expect(result.files).toBe(2);
    expect(result.brotliBytes).toBeLessThan(result.bytes / 5);
  });

  it("keeps no copy that would be larger than the file", async () => {
    dir = mkdtempSync(join(tmpdir(), "liveblog-precompress-"));
    // Random bytes do not compress: a copy would only add the format's overhead.
    writeFileSync(join(dir, "noise-5e6f.js"), randomBytes(4096));
    const result = await precompressDir(dir);
    expect(readdirSync(dir)).toEqual(["noise-5e6f.js"]);
    expect(result.files).toBe(0);
  });
});
