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
  },
});
