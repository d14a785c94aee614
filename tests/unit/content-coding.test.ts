/**
 * How the server picks the coding of a precompressed file or a cached page from Accept-Encoding,
 * and that a cached page is compressed once per coding however often it is sent.
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { pickCoding, reusableBody, type ContentCoding } from "../../server/http/compression.js";

const both = new Set<ContentCoding>(["br", "gzip"]);

describe("pickCoding", () => {
  it("prefers Brotli on a tie, whatever order the client named them in", () => {
    expect(pickCoding("gzip, deflate, br, zstd", both)).toBe("br");
    expect(pickCoding("br, gzip", both)).toBe("br");
    expect(pickCoding("*", both)).toBe("br");
  });

  it("follows the client's q-values, and q=0 refuses a coding", () => {
    expect(pickCoding("br;q=0.5, gzip", both)).toBe("gzip");
    expect(pickCoding("gzip, br;q=0", both)).toBe("gzip");
    expect(pickCoding("*;q=0.1, gzip;q=0", both)).toBe("br");
    expect(pickCoding("GZIP ; Q=0.8", both)).toBe("gzip");
  });

  it("sends the file itself when the client takes neither, or the file has no copy it takes", () => {
    expect(pickCoding(undefined, both)).toBeNull();
    expect(pickCoding("", both)).toBeNull();
    expect(pickCoding("identity", both)).toBeNull();
    expect(pickCoding("deflate", both)).toBeNull();
    expect(pickCoding("br;q=0, gzip;q=0", both)).toBeNull();
    expect(pickCoding("br", new Set<ContentCoding>(["gzip"]))).toBeNull();
    expect(pickCoding("br, gzip", new Set<ContentCoding>())).toBeNull();
  });
});

describe("reusableBody", () => {
  it("compresses once per coding, to bytes that decode to the text", async () => {
    const text = "<p>An entry worth compressing.</p>\n".repeat(100);
    const body = reusableBody(text);
    const br = await body.encoded("br");
    expect(await body.encoded("br")).toBe(br);
    expect(brotliDecompressSync(br).toString()).toBe(text);
    expect(gunzipSync(await body.encoded("gzip")).toString()).toBe(text);
    expect(br.length).toBeLessThan(text.length / 10);
  });
});
