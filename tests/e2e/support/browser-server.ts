/**
 * Vitest's global setup for the browser tests: one Chromium for the whole run, which every
 * browser test file connects to (useBrowserSite) instead of launching its own. Launching and
 * closing Chromium takes seconds of a two-core machine's time, once per file otherwise. Each
 * file still has contexts of its own, closed when it disconnects; the run's end closes Chromium.
 */
import type { TestProject } from "vitest/node";
import { launchBrowserServer } from "./browser.js";

declare module "vitest" {
  interface ProvidedContext {
    /** The shared Chromium's WebSocket endpoint, for `chromium.connect`. */
    chromiumEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await launchBrowserServer();
  project.provide("chromiumEndpoint", server.wsEndpoint());
  return () => server.close();
}
