/**
 * What only the bucket has (the contract suite covers what it shares with the folder): the
 * headers objects are stored with, the start-up check, and an S3 that is down or hangs, which
 * must cost a request a 503 within a bounded time, never a hang. s3rver stands in for AWS S3.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../server/errors.js";
import type { MediaFiles } from "../../server/media/port.js";
import {
  createS3MediaFiles,
  DEFAULT_S3_TIMEOUTS,
  IMMUTABLE_CACHE_CONTROL,
} from "../../server/media/s3-files.js";
import { captureLog } from "../support/log-capture.js";
import { startInstance } from "../support/instance.js";
import { freePort } from "../support/ports.js";
import { startS3, type TestS3 } from "../support/s3.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

const log = pino({ level: "silent" });
const fileName = (bytes: Buffer, ext = "webp") =>
  `${createHash("sha256").update(bytes).digest("hex").slice(0, 32)}.${ext}`;

/** The error a call rejected with, and how long it took to. */
async function failure(call: () => Promise<unknown>): Promise<{ err: unknown; ms: number }> {
  const started = Date.now();
  const err = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { err, ms: Date.now() - started };
}

function expectUnavailable(err: unknown) {
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).status).toBe(503);
  expect((err as AppError).code).toBe("media_store_unavailable");
}

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3?.close();
});

describe("files in a bucket", () => {
  it("are stored with their content type and Cache-Control immutable", async () => {
    const files = await createS3MediaFiles(s3.options, log);
    const bytes = randomBytes(100);
    await files.put(fileName(bytes), bytes, "image/webp");
    const raw = new S3Client({ ...s3.options, forcePathStyle: true });
    const head = await raw.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: fileName(bytes) }));
    raw.destroy();
    await files.close();
    expect(head.ContentType).toBe("image/webp");
    expect(head.CacheControl).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(head.ContentLength).toBe(100);
  });

  it("keep streaming to a reader that stalls for longer than a call may be idle", async () => {
    const idleMs = 300;
    const files = await createS3MediaFiles({ ...s3.options, timeouts: { idleMs } }, log);
    const bytes = randomBytes(8 * 1024 * 1024);
    await files.put(fileName(bytes, "gif"), bytes, "image/gif");
    const stored = await files.get(fileName(bytes, "gif"));
    const chunks = stored!.body[Symbol.asyncIterator]();
    const first = (await chunks.next()).value as Buffer;
    // A phone in a tunnel: nothing is read for many times idleMs.
    await new Promise((resolve) => setTimeout(resolve, idleMs * 5));
    let received = first.length;
    for (let chunk = await chunks.next(); !chunk.done; chunk = await chunks.next())
      received += (chunk.value as Buffer).length;
    await files.close();
    expect(received).toBe(bytes.length);
  });

  it("are where an instance with MEDIA_S3_BUCKET keeps them, and it says so in its log", async () => {
    const captured = captureLog();
    const instance = await startInstance({
      env: { ...s3.env, LOG_LEVEL: "info" },
      logTo: captured.logTo,
    });
    try {
      expect(instance.mediaFiles.kind).toBe("s3");
      const bytes = randomBytes(64);
      await instance.mediaFiles.put(fileName(bytes, "png"), bytes, "image/png");
      // Seen through a second client of the bucket, as another machine would see it.
      const other = await createS3MediaFiles(s3.options, log);
      expect((await other.get(fileName(bytes, "png")))?.bytes).toBe(64);
      await other.close();
      expect(captured.lines).toContainEqual(
        expect.objectContaining({
          msg: "media files are kept in an S3 bucket",
          bucket: s3.bucket,
          endpoint: s3.endpoint,
        }),
      );
    } finally {
      await instance.close();
    }
  });
});

describe("start-up", () => {
  it("fails with a message naming the bucket and the endpoint when the bucket does not exist", async () => {
    const { err } = await failure(() =>
      createS3MediaFiles({ ...s3.options, bucket: "no-such-bucket" }, log),
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('The media bucket "no-such-bucket"');
    expect((err as Error).message).toContain(s3.endpoint);
    expect((err as Error).message).toMatch(/HTTP 404/);
  });

  it("fails within the deadline, naming the endpoint, when nothing answers there", async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const { err, ms } = await failure(() => createS3MediaFiles({ ...s3.options, endpoint }, log));
    expect((err as Error).message).toContain(`"${s3.bucket}" at ${endpoint} cannot be reached`);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
    expect(ms).toBeLessThan(DEFAULT_S3_TIMEOUTS.deadlineMs);
  });
});

describe("an S3 that goes down", () => {
  let files: MediaFiles;
  const bytes = randomBytes(2000);

  beforeAll(async () => {
    files = await createS3MediaFiles(s3.options, log);
    await files.put(fileName(bytes), bytes, "image/webp");
    await s3.stop();
  });
  afterAll(async () => {
    await files?.close();
  });

  it("makes every call fail with 503 media_store_unavailable within the deadline", async () => {
    for (const call of [
      () => files.get(fileName(bytes)),
      () => files.put(fileName(bytes), bytes, "image/webp"),
      () => files.delete(fileName(bytes)),
    ]) {
      const { err, ms } = await failure(call);
      expectUnavailable(err);
      expect(ms).toBeLessThan(DEFAULT_S3_TIMEOUTS.deadlineMs);
    }
  });

  it("is used again once it is back, with nothing lost", async () => {
    await s3.restart();
    const stored = await files.get(fileName(bytes));
    expect(stored?.bytes).toBe(bytes.length);
    stored?.body.resume();
  });
});

describe("an S3 that accepts connections and never answers", () => {
  let silent: Server;
  const held = new Set<Socket>();
  let endpoint = "";

  beforeAll(async () => {
    silent = createServer((socket) => {
      held.add(socket);
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it("fails start-up once the deadline passes", async () => {
    const deadlineMs = 1_500;
    const { err, ms } = await failure(() =>
      createS3MediaFiles({ ...s3.options, endpoint, timeouts: { deadlineMs } }, log),
    );
    expect((err as Error).message).toContain(
      `at ${endpoint} cannot be reached (no answer in time)`,
    );
    expect(ms).toBeGreaterThanOrEqual(deadlineMs - 50);
    // Well before the idle timeout of each of the tries would have given up.
    expect(ms).toBeLessThan(DEFAULT_S3_TIMEOUTS.idleMs * DEFAULT_S3_TIMEOUTS.attempts);
  });
});

describe("an S3 that stops answering after start-up", () => {
  const deadlineMs = 1_500;
  let proxy: TcpProxy;
  let files: MediaFiles;
  const bytes = randomBytes(300);

  beforeAll(async () => {
    proxy = await startTcpProxy(s3.port);
    files = await createS3MediaFiles(
      {
        ...s3.options,
        endpoint: proxy.urlFor(s3.endpoint).replace(/\/$/, ""),
        timeouts: { deadlineMs },
      },
      log,
    );
    await files.put(fileName(bytes), bytes, "image/webp");
    // Every answer S3 sends from now on, on every connection, is held back for a minute (the
    // proxy was made for Redis: "from-redis" is from the server).
    proxy.delay("HTTP/1.1", 60_000, "from-redis");
  });
  afterAll(async () => {
    await files?.close();
    await proxy?.close();
  });

  it("makes a read or a delete fail with 503 once the deadline passes", async () => {
    for (const call of [() => files.get(fileName(bytes)), () => files.delete(fileName(bytes))]) {
      const { err, ms } = await failure(call);
      expectUnavailable(err);
      expect(ms).toBeGreaterThanOrEqual(deadlineMs - 50);
      expect(ms).toBeLessThan(DEFAULT_S3_TIMEOUTS.idleMs * DEFAULT_S3_TIMEOUTS.attempts);
    }
  });

  it("gives a write three times the deadline, for a large file on a slow link, and no more", async () => {
    const { err, ms } = await failure(() => files.put(fileName(bytes), bytes, "image/webp"));
    expectUnavailable(err);
    expect(ms).toBeGreaterThanOrEqual(3 * deadlineMs - 50);
    expect(ms).toBeLessThan(3 * deadlineMs + DEFAULT_S3_TIMEOUTS.idleMs);
  });
});
