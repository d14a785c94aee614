import { defineConfig } from "vitest/config";
import { SlowFilesFirst } from "./tests/support/slow-files-first.js";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Each file starts its own redis-server and servers on free ports, so files run in parallel:
    // two at a time even on two cores (vitest's default would be one), since most of a file's
    // time is spent waiting on its servers, Redis and Chromium. Timing-sensitive tests are
    // written for a busy machine (they pass with two whole suites running side by side).
    pool: "forks",
    maxWorkers: 2,
    // The slowest files first, so that no long one starts last (tests/support/slow-files-first.ts).
    sequence: { sequencer: SlowFilesFirst },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ["default"],
  },
});
