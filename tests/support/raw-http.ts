/**
 * A GET that hands back the bytes as they came over the wire: supertest and fetch decompress
 * bodies by themselves, which would hide what the compression tests look at.
 */
import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as sent (still compressed, when it was). */
  body: Buffer;
}

export function rawGet(
  url: string,
  headers: Record<string, string> = {},
  method: "GET" | "HEAD" = "GET",
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** The body decoded from its Content-Encoding (br, gzip or none). */
export function decoded(res: RawResponse): Buffer {
  const coding = res.headers["content-encoding"];
  if (coding === "br") return brotliDecompressSync(res.body);
  if (coding === "gzip") return gunzipSync(res.body);
  if (coding === undefined) return res.body;
  throw new Error(`unexpected Content-Encoding ${String(coding)}`);
}

/** The header names the response varies on, lower-cased. */
export const varies = (res: RawResponse): string[] =>
  String(res.headers.vary ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
