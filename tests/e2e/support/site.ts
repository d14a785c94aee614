/** What every browser test file sets up: the built client, an embedded instance, and Chromium. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { editorApi, useSite, type EditorApi } from "../../support/fixtures.js";
import type { TestInstance } from "../../support/instance.js";
import type { TestRedis } from "../../support/redis.js";
import { ensureClientBuilt, launchBrowser } from "./browser.js";

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
 * launch Chromium before the file's tests, and close the browser, then the instance, after them.
 * With `redis: true` the instance runs on a private redis-server instead, for tests that make
 * Redis fail or lose data under an open page. `env` is the instance's configuration.
 */
export function useBrowserSite({
  redis = false,
  env,
}: { redis?: boolean; env?: Record<string, string> } = {}): BrowserSite {
  const site = useSite({ redis: redis ? {} : false, env });
  let browser: Browser | undefined;
  let editor: EditorApi | undefined;
  beforeAll(async () => {
    [, browser] = await Promise.all([ensureClientBuilt(), launchBrowser()]);
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
