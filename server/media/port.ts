/**
 * Where media lives. Two ports: MediaFiles holds the bytes of each stored file (a folder, or an
 * S3-compatible bucket: one contract suite, tests/integration/media-files-contract.test.ts), and
 * the Store's MediaCatalog (server/store/port.ts) holds what each picture is (its Media record),
 * next to the blogs that use it.
 */
import type { Readable } from "node:stream";

export interface StoredFile {
  body: Readable;
  contentType: string;
  bytes: number;
}

export interface MediaFiles {
  readonly kind: "fs" | "s3";
  /**
   * Stores the bytes under `name` (see mediaFileNameSchema). Names are content hashes, so a put
   * of a name that exists stores the same bytes again, harmlessly.
   */
  put(name: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The file, or null when there is none by that name. */
  get(name: string): Promise<StoredFile | null>;
  /** Removes the file; a name that does not exist is not an error. */
  delete(name: string): Promise<void>;
  close(): Promise<void>;
}
