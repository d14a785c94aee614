/**
 * Compression of what the app sends: Brotli or gzip by the client's Accept-Encoding, Brotli first
 * when it takes both. Pages, JSON and feeds are compressed per response by the `compression`
 * middleware; the built client's files were compressed once at build (client/precompress.ts) and
 * go out as they are on disk (server/pages/assets.ts). Socket.IO never passes through here:
 * engine.io answers its own requests before Express sees them.
 */
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import compression from "compression";
import type { Request, RequestHandler, Response } from "express";

/** Smaller bodies go out as they are: a few hundred bytes saved do not pay for a zlib round. */
export const COMPRESS_THRESHOLD = 1024;

/** The codings the app sends, by preference, with the suffix of their precompressed files. */
export const CODINGS = [
  { coding: "br", suffix: ".br" },
  { coding: "gzip", suffix: ".gz" },
] as const;
export type ContentCoding = (typeof CODINGS)[number]["coding"];
const EVERY_CODING: ReadonlySet<ContentCoding> = new Set(CODINGS.map((c) => c.coding));

// Quality 5, not the middleware's 4: on the reader page (27 KB) 8% smaller in the same ~0.3 ms.
// 11 would take 25 ms per page; that is for the build's static files only.
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } };

const asIs = new WeakSet<Response>();

/**
 * Keeps the middleware off a response whose body already goes out as it must (a precompressed
 * copy, or a cached page's).
 */
export function sendAsIs(res: Response): void {
  asIs.add(res);
}

export function compressResponses(): RequestHandler {
  return compression({
    threshold: COMPRESS_THRESHOLD,
    brotli: BROTLI,
    filter: (req, res) => !asIs.has(res) && compression.filter(req, res),
  });
}

/** The q-value the client gave each coding it named in Accept-Encoding (1 when left out). */
function qualities(acceptEncoding: string): Map<string, number> {
  const given = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = params.map((p) => /^q=([01](?:\.\d{0,3})?)$/.exec(p)?.[1]).find(Boolean);
    given.set(name, q === undefined ? 1 : Number(q));
  }
  return given;
}

/**
 * The coding to send a precompressed file in, among those it has: the one the client rates
 * highest, Brotli on a tie; `*` stands for any coding not named and `q=0` refuses one. Null
 * means the file itself.
 */
export function pickCoding(
  acceptEncoding: string | undefined,
  available: ReadonlySet<ContentCoding>,
): ContentCoding | null {
  if (!acceptEncoding || available.size === 0) return null;
  const given = qualities(acceptEncoding);
  let best: { coding: ContentCoding; q: number } | null = null;
  for (const { coding } of CODINGS) {
    if (!available.has(coding)) continue;
    const q = given.get(coding) ?? given.get("*") ?? 0;
    if (q > 0 && (!best || q > best.q)) best = { coding, q };
  }
  return best?.coding ?? null;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
// Off the event loop (libuv's thread pool), like the middleware's own zlib streams.
const compressors: Record<ContentCoding, (body: Buffer) => Promise<Buffer>> = {
  br: (body) => brotliAsync(body, BROTLI),
  gzip: (body) => gzipAsync(body),
};

/** A body sent many times over (a cached page), compressed at most once per coding. */
export interface ReusableBody {
  readonly text: string;
  /** Its size in bytes, as sent uncompressed. */
  readonly size: number;
  encoded(coding: ContentCoding): Promise<Buffer>;
}

export function reusableBody(text: string): ReusableBody {
  const copies = new Map<ContentCoding, Promise<Buffer>>();
  return {
    text,
    size: Buffer.byteLength(text),
    encoded(coding) {
      let copy = copies.get(coding);
      if (!copy) {
        copy = compressors[coding](Buffer.from(text));
        // A failure is not kept: the next request tries again.
        copy.catch(() => copies.delete(coding));
        copies.set(coding, copy);
      }
      return copy;
    },
  };
}

/**
 * Sends a reusable body in the coding the client takes best, or as it is when it is small or the
 * client takes none; the caller has set its type and validators.
 */
export async function sendReusable(req: Request, res: Response, body: ReusableBody): Promise<void> {
  res.vary("Accept-Encoding");
  const coding =
    body.size >= COMPRESS_THRESHOLD ? pickCoding(req.get("Accept-Encoding"), EVERY_CODING) : null;
  sendAsIs(res);
  if (!coding) {
    res.send(body.text);
    return;
  }
  const bytes = await body.encoded(coding);
  res.set("Content-Encoding", coding).send(bytes);
}
