/**
 * MediaFiles in a folder (MEDIA_DIR): the embedded default, and for several instances on one
 * machine or one shared volume. A file is written under a temporary name and renamed, so a
 * reader never gets half a file, even while another instance writes the same name.
 */
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { mediaFileNameSchema } from "../../shared/media.js";
import type { MediaFiles } from "./port.js";

const CONTENT_TYPES: Record<string, string> = {
  webp: "image/webp",
  jpg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  avif: "image/avif",
};

/** The content type a stored name stands for (names end in the type's extension). */
export const contentTypeOfName = (name: string) =>
  CONTENT_TYPES[name.slice(name.lastIndexOf(".") + 1)] ?? "application/octet-stream";

export async function createFsMediaFiles(dir: string): Promise<MediaFiles> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  // Names are checked against the schema, so no name can reach outside the folder.
  const pathOf = (name: string) => join(root, mediaFileNameSchema.parse(name));

  return {
    kind: "fs",
    async put(name, bytes) {
      const path = pathOf(name);
      const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
      // Synced before the rename: an upload answered 201 survives a power cut.
      const file = await open(temporary, "w");
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, path);
    },
    async get(name) {
      if (!mediaFileNameSchema.safeParse(name).success) return null;
      const path = pathOf(name);
      try {
        const { size } = await stat(path);
        return { body: createReadStream(path), contentType: contentTypeOfName(name), bytes: size };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
    async delete(name) {
      await rm(pathOf(name), { force: true });
    },
    async close() {},
  };
}
