/**
 * The built client (Vite, into dist/client): which hashed files a page needs, from Vite's
 * manifest, and the static handler that serves them as immutable, in the Brotli or gzip copy the
 * build wrote beside each (client/precompress.ts) when the client takes one. When the client has
 * not been built, pages still render (they work without JavaScript) and the log says how to
 * build it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { CODINGS, pickCoding, sendAsIs, type ContentCoding } from "../http/compression.js";

/** The Vite entries, by the page that loads them (client/<name>/main.ts). */
export type ClientEntry = "reader" | "admin" | "index" | "embed-frame";

export interface PageAssets {
  scripts: string[];
  styles: string[];
  preloads: string[];
}

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  isEntry?: boolean;
}
type Manifest = Record<string, ManifestChunk>;

const NONE: PageAssets = { scripts: [], styles: [], preloads: [] };

/**
 * The types of the files the build precompresses (client/precompress.ts): a `.br` copy would
 * otherwise be typed by its own suffix.
 */
const PRECOMPRESSED_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** The files in dist/client/assets, each with the codings of its precompressed copies. */
function listAssets(dir: string): Map<string, Set<ContentCoding>> {
  const names = new Set(
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name),
  );
  const files = new Map<string, Set<ContentCoding>>();
  for (const name of names) {
    const copyOf = CODINGS.find(({ suffix }) => name.endsWith(suffix));
    // A copy is served as its original, never by its own name.
    if (copyOf && names.has(name.slice(0, -copyOf.suffix.length))) continue;
    const typed = Object.hasOwn(PRECOMPRESSED_TYPES, extname(name));
    files.set(
      name,
      new Set(
        typed ? CODINGS.filter(({ suffix }) => names.has(name + suffix)).map((c) => c.coding) : [],
      ),
    );
  }
  return files;
}

/** dist/client from the source tree (tsx) or from the compiled dist/server/pages. */
function findClientDir(): string {
  const candidates = ["../../dist/client/", "../../client/"].map((rel) =>
    fileURLToPath(new URL(rel, import.meta.url)),
  );
  return candidates.find((dir) => existsSync(`${dir}.vite/manifest.json`)) ?? candidates[0]!;
}

export function createAssets(log: Logger, clientDir: string = findClientDir()) {
  const manifestPath = `${clientDir}.vite/manifest.json`;
  let loaded: { mtimeMs: number; manifest: Manifest } | null = null;
  let listed: { mtimeMs: number; files: Map<string, Set<ContentCoding>> } | null = null;
  let warned = false;

  /** Re-read when a rebuild replaced the manifest, so a running dev server picks up new hashes. */
  const manifest = (): Manifest | null => {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(manifestPath).mtimeMs;
    } catch {
      if (!warned) {
        warned = true;
        log.warn(
          "the web client is not built, so pages are served without scripts; run `npm run build:client`",
        );
      }
      return null;
    }
    if (loaded?.mtimeMs !== mtimeMs) {
      loaded = { mtimeMs, manifest: JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest };
    }
    return loaded.manifest;
  };

  /** The asset files, listed again after a rebuild (a new manifest). */
  const assetFiles = (): Map<string, Set<ContentCoding>> => {
    if (!manifest()) return new Map();
    if (listed?.mtimeMs !== loaded!.mtimeMs) {
      listed = { mtimeMs: loaded!.mtimeMs, files: listAssets(`${clientDir}assets`) };
    }
    return listed.files;
  };

  const collect = (chunks: Manifest, key: string, into: PageAssets, seen: Set<string>) => {
    const chunk = chunks[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    for (const css of chunk.css ?? []) into.styles.push(`/${css}`);
    for (const imported of chunk.imports ?? []) {
      const file = chunks[imported]?.file;
      if (file && !seen.has(imported)) into.preloads.push(`/${file}`);
      collect(chunks, imported, into, seen);
    }
  };

  return {
    clientDir,
    /** The files a page loads: its module script, the CSS it imports, the chunks to preload. */
    forEntry(entry: ClientEntry): PageAssets {
      const chunks = manifest();
      const chunk = chunks?.[`${entry}/main.ts`];
      if (!chunks || !chunk) return NONE;
      const assets: PageAssets = { scripts: [`/${chunk.file}`], styles: [], preloads: [] };
      collect(chunks, `${entry}/main.ts`, assets, new Set());
      return assets;
    },
    /** A short fingerprint of the build, part of page ETags: a new build changes every page. */
    version(): string {
      return manifest() ? String(Math.round(loaded!.mtimeMs)) : "none";
    },
    /**
     * Serves /assets/*: names carry a content hash, so they never change and cache for a year.
     * A file with precompressed copies goes out as the copy the client takes best, never
     * compressed per request; only names listed from the directory are served.
     */
    staticHandler(): RequestHandler {
      const root = `${clientDir}assets`;
      return (req, res, next) => {
        if (req.method !== "GET" && req.method !== "HEAD") return next();
        const name = req.path.slice(1);
        const codings = assetFiles().get(name);
        if (!codings) return next();
        const coding = pickCoding(req.get("Accept-Encoding"), codings);
        const headers: Record<string, string> = {};
        if (codings.size > 0) headers.Vary = "Accept-Encoding";
        if (coding) {
          headers["Content-Encoding"] = coding;
          headers["Content-Type"] = PRECOMPRESSED_TYPES[extname(name)]!;
        }
        sendAsIs(res);
        const file = coding ? `${name}${CODINGS.find((c) => c.coding === coding)!.suffix}` : name;
        res.sendFile(file, { root, headers, immutable: true, maxAge: "365d" }, (err?: Error) => {
          if (!err || res.headersSent) return;
          // Gone since the listing (a rebuild): the 404 page, as for any unknown asset.
          next((err as { status?: number }).status === 404 ? undefined : err);
        });
      };
    },
  };
}

export type Assets = ReturnType<typeof createAssets>;
