/** What every browser test file sets up: the built client, an embedded instance, and Chromium. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { editorApi, useSite, type EditorApi } from "../../support/fixtures.js";
import type { TestInstance } from "../../support/instance.js";
import { ensureClientBuilt, launchBrowser } from "./browser.js";

export interface BrowserSite {
  readonly server: TestInstance;
  readonly browser: Browser;
  /** An editor's script on `server`, for setting the scene. */
  readonly editor: EditorApi;
}

/**
 * Registers hooks that start an embedded instance (useSite), build the client if it is stale and
 * launch Chromium before the file's tests, and close the browser, then the instance, after them.
 */
export function useBrowserSite(): BrowserSite {
  const site = useSite({ redis: false });
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
  };
}
