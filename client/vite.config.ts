/**
 * Builds the browser client into dist/client: one entry per page, content-hashed file names, and
 * a manifest the server reads to link them (server/pages/assets.ts).
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
    emptyOutDir: true,
    manifest: true,
    target: "es2022",
    sourcemap: true,
    rolldownOptions: {
      input: {
        reader: here("reader/main.ts"),
        admin: here("admin/main.ts"),
        index: here("index/main.ts"),
        "embed-frame": here("embed-frame/main.ts"),
      },
    },
  },
});
