/**
 * Builds the browser client when it is missing or older than its sources (client/, shared/), so
 * that `npm start` and the browser tests always serve the current client without a slow build
 * every time, and compresses its files once (client/precompress.ts). Two Vite builds: the host
 * pages' loader (client/vite.embed.config.ts, a classic script) and the pages' modules. `--force` builds regardless.
 *
 *   tsx client/build.ts [--force]
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { build as ViteBuild } from "vite";
import { precompressDir } from "./precompress.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const manifest = join(root, "dist/client/.vite/manifest.json");
const sources = ["client", "shared"].map((dir) => join(root, dir));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/client is missing or older than a file it is built from. */
export function clientIsStale(): boolean {
  if (!existsSync(manifest)) return true;
  // Without the sources (an image that ships only dist/) the build is what there is.
  if (!sources.every(existsSync)) return false;
  return Math.max(...sources.map(newestSource)) > statSync(manifest).mtimeMs;
}

/** Builds dist/client if it is stale (or always, with force); says which it did. */
export async function buildClient(
  options: { force?: boolean } = {},
): Promise<"built" | "fresh" | "unavailable"> {
  if (!options.force && !clientIsStale()) return "fresh";
  let build: typeof ViteBuild;
  try {
    ({ build } = await import("vite"));
  } catch (err) {
    // Vite is a dev dependency; an install without it keeps whatever build it has.
    if (options.force) throw err;
    return "unavailable";
  }
  // The loader first, since its build empties dist/client; the pages' manifest, written last,
  // then marks a complete build (clientIsStale, and the server's re-read after a rebuild).
  await build({ configFile: join(root, "client/vite.embed.config.ts") });
  await build({ configFile: join(root, "client/vite.config.ts"), build: { emptyOutDir: false } });
  await precompressDir(join(root, "dist/client/assets"));
  return "built";
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  const result = await buildClient({ force: process.argv.includes("--force") });
  const said = {
    built: `web client built into dist/client in ${Date.now() - started} ms`,
    fresh: "web client is up to date (dist/client)",
    unavailable:
      "web client not rebuilt: vite is not installed (npm install, or npm run build first)",
  };
  process.stdout.write(`${said[result]}\n`);
}
