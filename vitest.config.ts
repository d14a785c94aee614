import { configDefaults, defineConfig } from "vitest/config";
import { SlowFilesFirst } from "./tests/support/slow-files-first.js";

const browserTests = "tests/e2e/**/*.test.ts";

export default defineConfig({
  test: {
    // Each file starts its own redis-server and servers on free ports, so files run in parallel:
    // two at a time even on two cores (vitest's default would be one), since most of a file's
    // time is spent waiting on its servers, Redis and Chromium. Timing-sensitive tests are
    // written for a busy machine (they pass with two whole suites running side by side).
    pool: "forks",
    maxWorkers: 2,
    // A worker process runs one file after another, and imports the server's modules once
    // rather than once per file (seconds a file on two busy cores, nearly half the suite's
    // time). Files share no state but what is cached by module: every file starts its own
    // instances, Redis and readers, and stops them after its tests.
    isolate: false,
    // The slowest files first, so that no long one starts last (tests/support/slow-files-first.ts).
    sequence: { sequencer: SlowFilesFirst },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ["default"],
    projects: [
      {
        extends: true,
        // One Chromium for the run, which every browser test file connects to.
        test: {
          name: "browser",
          include: [browserTests],
          globalSetup: ["tests/e2e/support/browser-server.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "node",
          include: ["tests/**/*.test.ts"],
          exclude: [...configDefaults.exclude, browserTests],
        },
      },
    ],
  },
});
