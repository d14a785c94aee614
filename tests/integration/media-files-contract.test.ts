/**
 * The MediaFiles contract: the folder (MEDIA_DIR) and the S3 bucket must behave the same. Every
 * case runs against both; the S3 one against s3rver, a real S3 API server in a temp folder,
 * standing in for AWS S3 or MinIO.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFsMediaFiles } from "../../server/media/fs-files.js";
import type { MediaFiles } from "../../server/media/port.js";
import { createS3MediaFiles } from "../../server/media/s3-files.js";
import { startS3, type TestS3 } from "../support/s3.js";

const log = pino({ level: "silent" });

interface Backend {
  name: "fs" | "s3";
  open(): Promise<MediaFiles>;
  /**
   * Puts `bytes` where `name` would lead if names were taken as they come: a file next to the
   * folder, or an object of the bucket under a key that is no name of ours.
   */
  plantOutside(bytes: Buffer): Promise<string>;
  close(): Promise<void>;
}

function folderBackend(): Backend {
  let parent = "";
  return {
    name: "fs",
    async open() {
      parent = await mkdtemp(join(tmpdir(), "liveblog-media-contract-"));
      return createFsMediaFiles(join(parent, "store"));
    },
    async plantOutside(bytes) {
      const name = fileName("webp");
      await writeFile(join(parent, name), bytes);
      return `../${name}`;
    },
    close: () => rm(parent, { recursive: true, force: true }),
  };
}

function bucketBackend(): Backend {
  let s3: TestS3 | undefined;
  return {
    name: "s3",
    async open() {
      s3 = await startS3();
      return createS3MediaFiles(s3.options, log);
    },
    async plantOutside(bytes) {
      const key = `elsewhere/${fileName("webp")}`;
      const raw = new S3Client({ ...s3!.options, forcePathStyle: true });
      await raw.send(new PutObjectCommand({ Bucket: s3!.bucket, Key: key, Body: bytes }));
      raw.destroy();
      return key;
    },
    close: async () => s3?.close(),
  };
}

/** A stored file's name as the upload makes them: a content hash and an extension. */
const fileName = (ext: string, bytes: Buffer = randomBytes(32)) =>
  `${createHash("sha256").update(bytes).digest("hex").slice(0, 32)}.${ext}`;

async function readAll(body: Readable): Promise<{ bytes: Buffer; chunks: number }> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return { bytes: Buffer.concat(chunks), chunks: chunks.length };
}

describe.each([folderBackend(), bucketBackend()])("MediaFiles on $name", (backend) => {
  let files: MediaFiles;

  beforeAll(async () => {
    files = await backend.open();
  });
  afterAll(async () => {
    await files?.close();
    await backend.close();
  });

  it("says which kind it is", () => {
    expect(files.kind).toBe(backend.name);
  });

  it("gives back the bytes it was given, with their content type and byte count", async () => {
    for (const [ext, type] of [
      ["webp", "image/webp"],
      ["jpg", "image/jpeg"],
      ["png", "image/png"],
    ] as const) {
      const bytes = randomBytes(10_000);
      const name = fileName(ext, bytes);
      await files.put(name, bytes, type);
      const stored = await files.get(name);
      expect(stored).not.toBeNull();
      expect(stored!.contentType).toBe(type);
      expect(stored!.bytes).toBe(bytes.length);
      expect((await readAll(stored!.body)).bytes.equals(bytes)).toBe(true);
    }
  });

  it("answers null for a name it does not hold", async () => {
    expect(await files.get(fileName("webp"))).toBeNull();
  });

  it("answers null for a name that is not one of ours, and never reads outside the store", async () => {
    const outside = await backend.plantOutside(Buffer.from("not a picture"));
    for (const name of [
      outside,
      "../x",
      "../../etc/passwd",
      "abcdef0123456789",
      "ABCDEF0123456789ABCDEF.webp",
      "abcdef0123456789.svg",
      "",
    ]) {
      expect(await files.get(name), name).toBeNull();
    }
  });

  it("refuses to store under a name that is not one of ours", async () => {
    const bytes = Buffer.from("x");
    for (const name of ["../abcdef0123456789.webp", "abcdef0123456789", "a/b.webp"]) {
      await expect(files.put(name, bytes, "image/webp"), name).rejects.toThrow();
    }
  });

  it("forgets a deleted file", async () => {
    const bytes = randomBytes(1000);
    const name = fileName("webp", bytes);
    await files.put(name, bytes, "image/webp");
    await files.delete(name);
    expect(await files.get(name)).toBeNull();
  });

  it("deletes a name it does not hold without complaint", async () => {
    await expect(files.delete(fileName("webp"))).resolves.toBeUndefined();
  });

  it("keeps the bytes when the same name is put twice", async () => {
    const bytes = randomBytes(5000);
    const name = fileName("png", bytes);
    await files.put(name, bytes, "image/png");
    await files.put(name, bytes, "image/png");
    const stored = await files.get(name);
    expect(stored!.bytes).toBe(bytes.length);
    expect((await readAll(stored!.body)).bytes.equals(bytes)).toBe(true);
  });

  it("leaves one whole file when the same name is put by many at once", async () => {
    // Two instances processing the same picture store the same bytes under the same name.
    const bytes = randomBytes(1024 * 1024);
    const name = fileName("jpg", bytes);
    await Promise.all(Array.from({ length: 8 }, () => files.put(name, bytes, "image/jpeg")));
    const stored = await files.get(name);
    expect(stored!.bytes).toBe(bytes.length);
    expect((await readAll(stored!.body)).bytes.equals(bytes)).toBe(true);
  });

  it("streams a large file in chunks rather than in one piece", async () => {
    const bytes = randomBytes(5 * 1024 * 1024);
    const name = fileName("gif", bytes);
    await files.put(name, bytes, "image/gif");
    const stored = await files.get(name);
    expect(stored!.bytes).toBe(bytes.length);
    const read = await readAll(stored!.body);
    expect(read.chunks).toBeGreaterThan(1);
    expect(createHash("sha256").update(read.bytes).digest("hex")).toBe(
      createHash("sha256").update(bytes).digest("hex"),
    );
  });
});
