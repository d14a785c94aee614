/**
 * A test file's set-up in one call: its private Redis and the instances it needs, started before
 * its tests and stopped after them together with every reader it connected; and what an editor's
 * script does over HTTP. Fault tests that put a proxy between an instance and Redis keep their
 * own hooks; tests that kill or restart Redis do it through `redis` here.
 */
import type { DestinationStream } from "pino";
import { afterAll, beforeAll, expect } from "vitest";
import type { Blog, Entry, EntryPage } from "../../shared/schemas.js";
import { bearer, startInstance, type TestInstance } from "./instance.js";
import { connectReader, type TestReader } from "./reader.js";
import { startRedis, type TestRedis, type TestRedisOptions } from "./redis.js";

type ReaderOptions = Parameters<typeof connectReader>[1];

/** One instance's own settings; its `env` is laid over the file's. */
export interface InstanceOptions {
  env?: Record<string, string>;
  logTo?: DestinationStream;
}

export interface SiteOptions<Name extends string> {
  /** The instances by name, started together; one called `server` when left out. */
  instances?: Record<Name, InstanceOptions>;
  /** Environment of every instance. */
  env?: Record<string, string>;
  /** Options of the private redis-server, or `false` for embedded instances without one. */
  redis?: TestRedisOptions | false;
}

/** What a file's tests use once its `beforeAll` has run; instances are fields by their names. */
export type Site<Name extends string> = { readonly [N in Name]: TestInstance } & {
  /** The private redis-server (absent with `redis: false`). */
  readonly redis: TestRedis;
  /** Every instance, in the order they were named. */
  readonly all: TestInstance[];
  /** A socket.io-client reader on `instance`, closed after the file's tests. */
  connectReader(instance: TestInstance, options?: ReaderOptions): Promise<TestReader>;
  /** Closes every instance and starts it again with the same settings, on the same Redis. */
  restart(): Promise<void>;
};

/**
 * Registers `beforeAll`/`afterAll` hooks that start a private Redis (unless `redis: false`) and
 * the named instances on it, and stop readers, instances and Redis after the file, in that order.
 * Instance names must not be `redis`, `all`, `connectReader` or `restart`.
 */
export function useSite<Name extends string = "server">(
  options: SiteOptions<Name> = {},
): Site<Name> {
  const specs = Object.entries<InstanceOptions>(options.instances ?? { server: {} });
  const readers: TestReader[] = [];
  let redis: TestRedis | undefined;
  let all: (TestInstance | undefined)[] = [];

  const startInstances = async () => {
    const started = await Promise.allSettled(
      specs.map(([, own]) =>
        startInstance({
          redisUrl: redis?.url,
          env: { ...options.env, ...own.env },
          logTo: own.logTo,
        }),
      ),
    );
    // What did start is kept, so that afterAll stops it even when another instance failed.
    all = started.map((result) => (result.status === "fulfilled" ? result.value : undefined));
    specs.forEach(([name], i) => (site[name] = all[i]));
    const failure = started.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
  };
  const closeInstances = () => Promise.all(all.map((instance) => instance?.close()));

  const site: Record<string, unknown> = {
    get redis() {
      return redis;
    },
    get all() {
      return all;
    },
    async connectReader(instance: TestInstance, readerOptions?: ReaderOptions) {
      const reader = await connectReader(instance.url, readerOptions);
      readers.push(reader);
      return reader;
    },
    async restart() {
      await closeInstances();
      await startInstances();
    },
  };

  beforeAll(async () => {
    if (options.redis !== false) redis = await startRedis(options.redis);
    await startInstances();
  });
  afterAll(async () => {
    for (const reader of readers) reader.close();
    await closeInstances();
    await redis?.stop();
  });
  return site as Site<Name>;
}

/** Sends one request with the admin's Bearer token; fails the test unless it gets `expected`. */
async function call<T>(url: string, method: string, expected: number, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { ...bearer, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  expect(response.status, `${method} ${url} answered ${response.status}: ${text}`).toBe(expected);
  return (text ? JSON.parse(text) : undefined) as T;
}

let blogs = 0;

/** What an editor's script does over HTTP (Bearer token), for setting the scene of a test. */
export function editorApi(baseUrl: string) {
  return {
    /** A blog with an id of its own (unique in the file) unless `id` is given; expects 201. */
    createBlog: (
      title = `Blog ${++blogs}`,
      { id = `b${++blogs}-${Date.now().toString(36)}`, description = "" } = {},
    ) =>
      call<Blog>(`${baseUrl}/api/blogs`, "POST", 201, {
        title,
        id,
        ...(description ? { description } : {}),
      }),
    /** Posts an entry; expects 201. */
    post: (
      blogId: string,
      entry: {
        body: string;
        headline?: string;
        pinned?: boolean;
        keyEvent?: boolean;
        poll?: { question: string; options: string[]; closesAt?: string | null };
      },
    ) => call<Entry>(`${baseUrl}/api/blogs/${blogId}/entries`, "POST", 201, entry),
    edit: (blogId: string, entryId: string, patch: Record<string, unknown> & { version: number }) =>
      call<Entry>(`${baseUrl}/api/blogs/${blogId}/entries/${entryId}`, "PATCH", 200, patch),
    remove: (blogId: string, entryId: string) =>
      call<void>(`${baseUrl}/api/blogs/${blogId}/entries/${entryId}`, "DELETE", 204),
    entries: (blogId: string, limit = 100) =>
      call<EntryPage>(`${baseUrl}/api/blogs/${blogId}/entries?limit=${limit}`, "GET", 200),
    /** `count` entries, oldest first, headlines "Update 1".."Update <count>". */
    async postMany(blogId: string, count: number): Promise<Entry[]> {
      const posted: Entry[] = [];
      for (let i = 1; i <= count; i++) {
        posted.push(
          await this.post(blogId, {
            headline: `Update ${i}`,
            body: `Paragraph one of update ${i}.\n\nParagraph two, so the page is long enough to scroll.`,
          }),
        );
      }
      return posted;
    },
  };
}

export type EditorApi = ReturnType<typeof editorApi>;
