/** What every browser test file sets up: the built client, an embedded instance, and Chromium. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { editorApi, useSite, type EditorApi } from "../../support/fixtures.js";
import type { TestInstance } from "../../support/instance.js";
import type { TestRedis } from "../../support/redis.js";
import { connectBrowser, ensureClientBuilt, launchBrowser } from "./browser.js";

export interface BrowserSite {
  readonly server: TestInstance;
  readonly browser: Browser;
  /** An editor's script on `server`, for setting the scene. */
  readonly editor: EditorApi;
  /** The instance's private redis-server; only with `redis: true`. */
  readonly redis: TestRedis;
}

/**
 * Registers hooks that start an embedded instance (useSite), build the client if it is stale and
 * connect to the run's shared Chromium (tests/e2e/support/browser-server.ts; launch one of its
 * own outside the browser tests' project) before the file's tests, and close the browser (for
 * a connection: the file's contexts, then the connection), then the instance, after them.
 * With `redis: true` the instance runs on a private redis-server instead, for tests that make
 * Redis fail or lose data under an open page.
 */
export function useBrowserSite({ redis = false }: { redis?: boolean } = {}): BrowserSite {
  const site = useSite({ redis: redis ? {} : false });
  let browser: Browser | undefined;
  let editor: EditorApi | undefined;
  beforeAll(async () => {
    const shared = inject("chromiumEndpoint");
    [, browser] = await Promise.all([
      ensureClientBuilt(),
      shared ? connectBrowser(shared) : launchBrowser(),
    ]);
    editor = editorApi(site.server.url);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get server() {
      return site.server;
    },
    get browser() {
      return browser!;
    },
    get editor() {
      return editor!;
    },
    get redis() {
      return site.redis;
    },
  };
}
