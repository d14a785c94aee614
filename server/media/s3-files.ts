/**
 * MediaFiles in an S3-compatible bucket (AWS S3, MinIO, Ceph, ...): for instances on several
 * machines, which share no folder. Every call is bounded (connect and idle timeouts, a few
 * retries, then a deadline over all of them), so an S3 that is down or hangs costs a request
 * 503 media_store_unavailable after seconds, never a request held open for minutes.
 */
import type { IncomingMessage } from "node:http";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import type { Logger } from "pino";
import { mediaFileNameSchema } from "../../shared/media.js";
import { mediaStoreUnavailable } from "../errors.js";
import type { MediaFiles } from "./port.js";

/** The files' names are content hashes: what a name holds never changes. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

export interface S3Timeouts {
  /** To open a TCP (and TLS) connection. */
  connectMs: number;
  /** A connection that carries nothing for this long is given up, while a call is made. */
  idleMs: number;
  /**
   * The same once a download is streaming: longer, since it stalls whenever the reader it goes
   * to does (a phone in a tunnel), and that must not cut the picture short.
   */
  streamIdleMs: number;
  /** Tries of one call, the first included (the SDK's standard retry, with backoff). */
  attempts: number;
  /** The most one call may take, retries included; a put gets three times as long. */
  deadlineMs: number;
}

export const DEFAULT_S3_TIMEOUTS: S3Timeouts = {
  connectMs: 2_000,
  idleMs: 5_000,
  streamIdleMs: 60_000,
  attempts: 3,
  deadlineMs: 10_000,
};

export interface S3MediaOptions {
  bucket: string;
  /** Of a non-AWS S3 API; addressed path-style (`<endpoint>/<bucket>/<key>`). */
  endpoint?: string;
  region?: string;
  /** Undefined: the SDK's own chain (AWS_PROFILE, web identity, ECS or EC2 instance role). */
  credentials?: S3ClientConfig["credentials"];
  timeouts?: Partial<S3Timeouts>;
}

/** S3's answers for "no such object": GET says NoSuchKey, HEAD (bodiless) NotFound. */
const isMissing = (err: unknown) =>
  err instanceof Error && (err.name === "NoSuchKey" || err.name === "NotFound");

/** Where the bucket is, for messages: the endpoint, or AWS in its region. */
const placeOf = (options: S3MediaOptions) =>
  options.endpoint ?? `AWS S3 (region ${options.region ?? "from the AWS configuration"})`;

/**
 * Connects to the bucket and checks that it answers (HeadBucket); throws a message naming the
 * bucket and the endpoint when it does not, so that a wrong setting stops the start-up.
 */
export async function createS3MediaFiles(
  options: S3MediaOptions,
  log: Logger,
): Promise<MediaFiles> {
  const timeouts = { ...DEFAULT_S3_TIMEOUTS, ...options.timeouts };
  const { bucket } = options;
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    // MinIO, Ceph and most others serve buckets under the path, not as subdomains.
    forcePathStyle: options.endpoint !== undefined,
    credentials: options.credentials,
    maxAttempts: timeouts.attempts,
    // socketTimeout is the idle one (waiting for an answer, or mid-transfer). The SDK's
    // requestTimeout would only log a warning unless told to throw, and would also bound the
    // upload of a large file per try; the deadline below bounds the whole call instead.
    requestHandler: { connectionTimeout: timeouts.connectMs, socketTimeout: timeouts.idleMs },
    // Since early 2025 the SDK adds CRC32 checksums to every upload, which many S3-compatible
    // stores (older MinIO and Ceph, s3rver) do not know: AWS keeps the default, elsewhere they
    // are sent only where S3 requires them. Downloads are not checked (names are hashes of the
    // bytes, and TLS guards the way), which also leaves the body the HTTP response itself.
    requestChecksumCalculation: options.endpoint ? "WHEN_REQUIRED" : "WHEN_SUPPORTED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });

  /**
   * Runs one call within `deadlineMs`; every failure but the ones `expected` lets through is
   * logged with its cause and becomes 503 media_store_unavailable.
   */
  async function bounded<T>(
    what: string,
    deadlineMs: number,
    call: (abortSignal: AbortSignal) => Promise<T>,
    expected: (err: unknown) => boolean = () => false,
  ): Promise<T> {
    const controller = new AbortController();
    // Cleared once the call settles: a download already streaming is bounded by streamIdleMs.
    const timer = setTimeout(() => controller.abort(), deadlineMs);
    try {
      return await call(controller.signal);
    } catch (err) {
      if (expected(err)) throw err;
      const name = err instanceof Error ? err.name : "Error";
      log.warn({ err, bucket, endpoint: options.endpoint }, `S3 ${what} failed (${name})`);
      throw mediaStoreUnavailable(err);
    } finally {
      clearTimeout(timer);
    }
  }

  try {
    await bounded("HeadBucket", timeouts.deadlineMs, (abortSignal) =>
      client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal }),
    );
  } catch (err) {
    client.destroy();
    const cause = (err as Error).cause;
    throw new Error(
      `The media bucket "${bucket}" at ${placeOf(options)} cannot be reached (${describe(cause)}). ` +
        "Check MEDIA_S3_BUCKET, MEDIA_S3_ENDPOINT, AWS_REGION and the credentials, or unset MEDIA_S3_BUCKET to keep media in MEDIA_DIR.",
      { cause },
    );
  }

  return {
    kind: "s3",
    async put(name, bytes, contentType) {
      const key = mediaFileNameSchema.parse(name);
      await bounded(`PutObject ${key}`, timeouts.deadlineMs * 3, (abortSignal) =>
        client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: bytes,
            ContentType: contentType,
            CacheControl: IMMUTABLE_CACHE_CONTROL,
          }),
          { abortSignal },
        ),
      );
    },
    async get(name) {
      // Only names of ours are keys: anything else is not in the bucket, whatever it holds.
      if (!mediaFileNameSchema.safeParse(name).success) return null;
      try {
        const object = await bounded(
          `GetObject ${name}`,
          timeouts.deadlineMs,
          (abortSignal) =>
            client.send(new GetObjectCommand({ Bucket: bucket, Key: name }), { abortSignal }),
          isMissing,
        );
        // In Node the SDK's body is the HTTP response itself. Its socket's idle timer (the
        // SDK's, which destroys the body when it fires) now runs at the streaming pace.
        const body = object.Body as IncomingMessage;
        body.socket?.setTimeout(timeouts.streamIdleMs);
        return {
          body,
          contentType: object.ContentType ?? "application/octet-stream",
          bytes: object.ContentLength ?? 0,
        };
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },
    async delete(name) {
      const key = mediaFileNameSchema.parse(name);
      // S3 answers 204 for a key that does not exist, as the port asks.
      await bounded(`DeleteObject ${key}`, timeouts.deadlineMs, (abortSignal) =>
        client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal }),
      );
    },
    async close() {
      client.destroy();
    },
  };
}

/** An S3 failure in a few words: the SDK's error name and HTTP status, or a network error's code. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const code = (err as NodeJS.ErrnoException).code;
  if (status) return `${err.name}, HTTP ${status}`;
  if (code) return `${code}: ${err.message}`;
  return err.name === "AbortError" ? "no answer in time" : `${err.name}: ${err.message}`;
}
