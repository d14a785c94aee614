/**
 * Uploading pictures over HTTP as the desk or a script does (multipart, Bearer token), and what
 * an instance has stored: the files in its media folder and the records in its catalog.
 */
import { readdir, readFile } from "node:fs/promises";
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import request from "supertest";
import { bearer, type TestInstance } from "./instance.js";

export interface UploadOptions {
  /** The name the form gives the file (never used by the server). */
  filename?: string;
  /** The type the form claims (never trusted by the server). */
  contentType?: string;
  fields?: Record<string, string>;
  headers?: Record<string, string>;
}

/** POST /api/media with `bytes` in the field `file`, as the admin unless `headers` say otherwise. */
export function upload(
  instance: TestInstance,
  bytes: Buffer,
  {
    filename = "photo.jpg",
    contentType = "image/jpeg",
    fields = {},
    headers = bearer,
  }: UploadOptions = {},
) {
  let req = request(instance.url).post("/api/media").set(headers);
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  return req.attach("file", bytes, { filename, contentType });
}

/** The names in the instance's media folder, sorted (temporary files included). */
export async function storedFileNames(instance: TestInstance): Promise<string[]> {
  return (await readdir(instance.config.media.dir)).sort();
}

/** A stored file's bytes, read from the folder. */
export const storedFile = (instance: TestInstance, name: string) =>
  readFile(join(instance.config.media.dir, name));

/** Everything the instance holds about media: file names and record ids. */
export async function storedMedia(instance: TestInstance) {
  return {
    files: await storedFileNames(instance),
    records: (await instance.store.media.listMedia()).map((media) => media.id).sort(),
  };
}

/** The file name of a `/media/<name>` URL. */
export const fileNameOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

/**
 * The bytes the instance had read from the connection of its next POST /api/media (headers
 * included) when it finished answering it: what the server took in, seen from the server.
 */
export function bytesReadWhenAnswered(instance: TestInstance): Promise<number> {
  return new Promise((resolve) => {
    const server = instance.app.httpServer;
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      if (req.method !== "POST" || req.url !== "/api/media") return;
      server.off("request", onRequest);
      const socket = req.socket;
      res.once("finish", () => resolve(socket.bytesRead));
    };
    server.on("request", onRequest);
  });
}

export interface LargeBodyAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Bytes the client had written when the answer arrived (socket buffers included). */
  sentWhenAnswered: number;
  /** Whether the client got to write the whole body. */
  sentAll: boolean;
}

/**
 * POSTs a multipart form of `bytes` bytes (a file part of filler) to /api/media with a raw
 * client that writes as fast as the server reads, with Content-Length or chunked, and stops
 * writing as soon as an answer arrives: to see whether the server answered before it read it all.
 */
export function sendLargeUpload(
  baseUrl: string,
  bytes: number,
  { chunked = false, headers = {} }: { chunked?: boolean; headers?: Record<string, string> } = {},
): Promise<LargeBodyAnswer> {
  const boundary = "----liveblog-test-boundary";
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  const filler = Buffer.alloc(64 * 1024, 0x61);
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL("/api/media", baseUrl), {
      method: "POST",
      headers: {
        ...headers,
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        ...(chunked ? { "Transfer-Encoding": "chunked" } : { "Content-Length": String(bytes) }),
      },
    });
    let sent = 0;
    let answered: Omit<LargeBodyAnswer, "body" | "headers" | "status"> | null = null;
    req.on("response", (res) => {
      answered = { sentWhenAnswered: sent, sentAll: sent >= bytes };
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ...answered! }),
      );
      res.on("error", reject);
    });
    req.on("error", (err) => {
      // The server closes the connection after its answer while we may still be writing.
      if (!answered) reject(err);
    });
    const pump = () => {
      while (sent < bytes && !answered) {
        const chunk = sent === 0 ? head : filler.subarray(0, Math.min(filler.length, bytes - sent));
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (sent >= bytes) req.end();
    };
    pump();
  });
}
