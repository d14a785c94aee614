/** Picks where media files live: a bucket when MEDIA_S3_BUCKET is set, else the folder MEDIA_DIR. */
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { createFsMediaFiles } from "./fs-files.js";
import type { MediaFiles } from "./port.js";
import { createS3MediaFiles } from "./s3-files.js";

export async function openMediaFiles(config: Config["media"], log: Logger): Promise<MediaFiles> {
  if (config.s3Bucket) {
    const files = await createS3MediaFiles(
      {
        bucket: config.s3Bucket,
        endpoint: config.s3Endpoint,
        region: config.s3Region,
        credentials: config.s3Credentials,
      },
      log,
    );
    log.info(
      { bucket: config.s3Bucket, endpoint: config.s3Endpoint ?? "AWS", region: config.s3Region },
      "media files are kept in an S3 bucket",
    );
    return files;
  }
  const files = await createFsMediaFiles(config.dir);
  log.info({ dir: config.dir }, "media files are kept in a folder");
  return files;
}
