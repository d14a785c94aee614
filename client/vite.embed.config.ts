/**
 * Builds the host pages' loader (client/embed/embed.ts) on its own: one classic script, an IIFE
 * with everything it uses inlined, since a host page loads it with a plain `<script src>` where
 * no `import` works. Built with the pages' build (client/build.ts) into the same dist/client/assets,
 * content-hashed, with a manifest of its own that the server reads to serve /embed.js.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("."),
  base: "/",
  publicDir: false,
  logLevel: "warn",
  build: {
    outDir: here("../dist/client"),
    // This build runs first and clears the output; the pages' build adds to it.
    emptyOutDir: true,
    // Read by server/pages/assets.ts (EMBED_MANIFEST), beside the pages' manifest.json.
    manifest: ".vite/embed-manifest.json",
    // Host pages' readers, not only ours: older browsers than the pages' es2022.
    target: "es2020",
    sourcemap: true,
    rolldownOptions: {
      input: { embed: here("embed/embed.ts") },
      output: { format: "iife", entryFileNames: "assets/embed-[hash].js" },
    },
  },
});
