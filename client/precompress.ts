/**
 * Compresses the built client once, at build: a Brotli (`.br`, quality 11) and a gzip (`.gz`,
 * level 9) copy beside each script, style sheet and SVG of at least 1 KB, each kept only when
 * smaller. The server sends these copies as they are (server/pages/assets.ts), so no reader's
 * request pays for a compression, and the build can afford the slowest, smallest settings.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

/** The file types compressed; server/pages/assets.ts knows the same list. */
const TEXT_TYPES = new Set([".js", ".css", ".svg"]);
/** As the server's threshold for its own responses (server/http/compression.ts). */
const MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

export interface PrecompressResult {
  /** Files that got at least one compressed copy. */
  files: number;
  /** Their size, and the size of their Brotli copies. */
  bytes: number;
  brotliBytes: number;
}

/** Writes the `.br` and `.gz` copies of the text files in `dir` (not recursive). */
export async function precompressDir(dir: string): Promise<PrecompressResult> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && TEXT_TYPES.has(extname(entry.name)))
    .map((entry) => entry.name);
  const result: PrecompressResult = { files: 0, bytes: 0, brotliBytes: 0 };
  await Promise.all(
    names.map(async (name) => {
      const source = await readFile(join(dir, name));
      if (source.length < MIN_BYTES) return;
      const [br, gz] = await Promise.all([
        brotli(source, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
          },
        }),
        gzipped(source, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      const copies = [
        [".br", br],
        [".gz", gz],
      ] as const;
      let wrote = false;
      for (const [suffix, copy] of copies) {
        if (copy.length >= source.length) continue;
        await writeFile(join(dir, name + suffix), copy);
        wrote = true;
      }
      if (!wrote) return;
      result.files += 1;
      result.bytes += source.length;
      result.brotliBytes += Math.min(br.length, source.length);
    }),
  );
  return result;
}
