/**
 * A private S3 API server for a test file: s3rver, serving a bucket from a folder of its own on
 * a free port. It stands in for AWS S3 or MinIO: the real SDK talks real HTTP to it, with
 * signatures checked. Fault tests stop it (S3 down) and start it again on the same port.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import type { S3MediaOptions } from "../../server/media/s3-files.js";
import { freePort } from "./ports.js";

/** s3rver's one account: it checks each request's signature against this key. */
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface TestS3 {
  endpoint: string;
  port: number;
  bucket: string;
  /** Where s3rver keeps the objects (one folder per bucket). */
  dir: string;
  /** What createS3MediaFiles needs to use the bucket. */
  options: S3MediaOptions;
  /** The environment of an instance that keeps its media in the bucket. */
  env: Record<string, string>;
  /** Closes the server and cuts its connections; the objects stay for `restart()`. */
  stop(): Promise<void>;
  /** Serves the same folder on the same port again. */
  restart(): Promise<void>;
  /** Stops the server and removes its folder. */
  close(): Promise<void>;
}

export async function startS3({ bucket = "liveblog-media" } = {}): Promise<TestS3> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "liveblog-s3-"));
  const endpoint = `http://127.0.0.1:${port}`;
  let server: S3rver | undefined;

  const launch = async () => {
    const starting = new S3rver({
      address: "127.0.0.1",
      port,
      directory: dir,
      silent: true,
      // Bucket-as-subdomain would need DNS for <bucket>.127.0.0.1; clients use the path.
      vhostBuckets: false,
      configureBuckets: [{ name: bucket }],
    });
    await starting.run();
    server = starting;
  };
  const stop = async () => {
    const running = server;
    server = undefined;
    if (!running) return;
    const closed = running.close();
    // Kept-alive connections would hold the close open; a crashed S3 drops them too.
    running.httpServer?.closeAllConnections();
    await closed;
  };

  await launch();
  return {
    endpoint,
    port,
    bucket,
    dir,
    options: { bucket, endpoint, region: "us-east-1", credentials: CREDENTIALS },
    env: {
      MEDIA_S3_BUCKET: bucket,
      MEDIA_S3_ENDPOINT: endpoint,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    },
    stop,
    restart: launch,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
