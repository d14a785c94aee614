/**
 * The built client (Vite, into dist/client): which hashed files a page needs, from Vite's
 * manifest, and the static handler that serves them as immutable. When the client has not been
 * built, pages still render (they work without JavaScript) and the log says how to build it.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import express, { type RequestHandler } from "express";
import type { Logger } from "pino";

/** The Vite entries, by the page that loads them (client/<name>/main.ts). */
export type ClientEntry = "reader" | "admin" | "index";

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
    /** Serves /assets/*: names carry a content hash, so they never change and cache for a year. */
    staticHandler(): RequestHandler {
      return express.static(`${clientDir}assets`, {
        immutable: true,
        maxAge: "365d",
        index: false,
      });
    },
  };
}

export type Assets = ReturnType<typeof createAssets>;
