/**
 * The built client (Vite, into dist/client): which hashed files a page needs, from Vite's
 * manifest, and the static handler that serves them as immutable, in the Brotli or gzip copy the
 * build wrote beside each (client/precompress.ts) when the client takes one; and the host pages'
 * loader at its stable address /embed.js. When the client has
 * not been built, pages still render (they work without JavaScript) and the log says how to
 * build it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import type { NextFunction, Request, RequestHandler, Response } from "express";
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

/** The loader's own build (client/vite.embed.config.ts) and its entry there. */
const EMBED_MANIFEST = ".vite/embed-manifest.json";
const EMBED_ENTRY = "embed/embed.ts";

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
  const embedManifestPath = `${clientDir}${EMBED_MANIFEST}`;
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

  /** The loader's file name in assets/, from its own manifest (read again after a rebuild). */
  let embedLoaded: { mtimeMs: number; file: string | null } | null = null;
  const embedFile = (): string | null => {
    if (!manifest()) return null;
    if (embedLoaded?.mtimeMs !== loaded!.mtimeMs) {
      let file: string | null = null;
      try {
        const chunks = JSON.parse(readFileSync(embedManifestPath, "utf8")) as Manifest;
        file = chunks[EMBED_ENTRY]?.file.replace(/^assets\//, "") ?? null;
      } catch {
        // A build from before the loader existed: /embed.js is a 404 until the next build.
      }
      embedLoaded = { mtimeMs: loaded!.mtimeMs, file };
    }
    return embedLoaded.file;
  };

  /** Sends one listed file of assets/, as its best precompressed copy for this client. */
  const sendAsset = (
    req: Request,
    res: Response,
    next: NextFunction,
    name: string,
    cache: { immutable: true; maxAge: string } | { cacheControl: false },
  ) => {
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
    res.sendFile(file, { root: `${clientDir}assets`, headers, ...cache }, (err?: Error) => {
      if (!err || res.headersSent) return;
      // Gone since the listing (a rebuild): the 404 page, as for any unknown asset.
      next((err as { status?: number }).status === 404 ? undefined : err);
    });
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
      return (req, res, next) => {
        if (req.method !== "GET" && req.method !== "HEAD") return next();
        const name = req.path.slice(1);
        // The loader's hashed file is fetched by host pages of other origins too (/embed.js).
        if (name === embedFile()) res.set(EMBED_SCRIPT_HEADERS);
        sendAsset(req, res, next, name, { immutable: true, maxAge: "365d" });
      };
    },
    /** The host pages' loader under its hashed name (assets/embed-<hash>.js), if built. */
    embedScript(): string | null {
      const file = embedFile();
      return file ? `/assets/${file}` : null;
    },
    /**
     * Serves /embed.js, the stable address host pages use: the current hashed loader itself,
     * with a short public cache (EMBED_SCRIPT_CACHE) rather than a redirect to it, so that a host
     * page pays one request, not two, and never meets a hash another instance does not have yet
     * during a rolling deploy. Its ETag makes the revalidation every few minutes a 304.
     */
    embedScriptHandler(): RequestHandler {
      return (req, res, next) => {
        const name = embedFile();
        if (!name) return next();
        res.set({ ...EMBED_SCRIPT_HEADERS, "Cache-Control": EMBED_SCRIPT_CACHE });
        sendAsset(req, res, next, name, { cacheControl: false });
      };
    },
  };
}

/**
 * /embed.js's freshness: a new build reaches host pages within five minutes, and a copy up to a
 * day old is used at once while the browser or CDN fetches the new one.
 */
export const EMBED_SCRIPT_CACHE = "public, max-age=300, stale-while-revalidate=86400";

/**
 * The loader is a script for any origin's pages: helmet's `Cross-Origin-Resource-Policy:
 * same-origin` would block it on a host page that asks for CORP (COEP require-corp), and CORS
 * lets a host page load it with `crossorigin` (for error reports). It holds nothing private.
 */
const EMBED_SCRIPT_HEADERS = {
  "Cross-Origin-Resource-Policy": "cross-origin",
  "Access-Control-Allow-Origin": "*",
};

export type Assets = ReturnType<typeof createAssets>;
