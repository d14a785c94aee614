/**
 * The order in which vitest starts the test files: the slowest first, so that the last files to
 * start are short ones and both workers finish at about the same time. A long file started last
 * would run on alone while the other worker sits idle. Vitest's own order knows durations only
 * from a results cache that a fresh CI checkout does not have (it then runs the largest files
 * first, which are not the slowest), so the slow files are named here, with their seconds.
 */
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Seconds each slow file took on a busy two-core machine (its tests, hooks and imports). Only
 * the order matters: measure again when a file becomes much slower or faster.
 */
const SECONDS: Record<string, number> = {
  "tests/e2e/embed-script.test.ts": 65,
  "tests/e2e/entry-pictures.test.ts": 60,
  "tests/e2e/admin.test.ts": 45,
  "tests/e2e/desk-workflow.test.ts": 45,
  "tests/e2e/embed-page.test.ts": 40,
  "tests/cluster/redis-master-killed-wait-1.test.ts": 50,
  "tests/cluster/redis-master-killed-wait-0.test.ts": 40,
  "tests/cluster/redis-reshard.test.ts": 35,
  "tests/cluster/redis-cluster-fanout.test.ts": 30,
  "tests/cluster/redis-shard-cut.test.ts": 30,
  "tests/e2e/embed-cards.test.ts": 35,
  "tests/cluster/rolling-restart.test.ts": 35,
  "tests/integration/process.test.ts": 32,
  "tests/e2e/reader-live.test.ts": 30,
  "tests/e2e/pages.test.ts": 30,
  "tests/e2e/data-loss.test.ts": 28,
  "tests/e2e/desk-people.test.ts": 27,
  "tests/integration/reader-counts.test.ts": 25,
  "tests/media/upload.test.ts": 25,
  "tests/cluster/failover.test.ts": 22,
  "tests/observability/metrics-port.test.ts": 20,
  "tests/e2e/blog-deleted.test.ts": 18,
  "tests/e2e/desk-avatar.test.ts": 18,
  "tests/integration/editor-cli.test.ts": 17,
  "tests/reliability/heartbeat-load.test.ts": 15,
  "tests/integration/media-library.test.ts": 15,
  "tests/e2e/permissions-policy.test.ts": 14,
  "tests/cluster/behind-tls-balancer.test.ts": 14,
  "tests/integration/blog-lifecycle.test.ts": 13,
  "tests/security/login-limit.test.ts": 13,
  "tests/security/redis-credentials.test.ts": 12,
  "tests/integration/media-s3.test.ts": 12,
};

/** A browser or cluster file not measured yet (a new one) is rarely short. */
const UNLISTED_SLOW = /^tests\/(e2e|cluster)\//;
const UNLISTED_SLOW_SECONDS = 25;

/** Slowest first by the table above; the rest in vitest's own order (cached durations, size). */
export class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const seconds = (spec: TestSpecification) => {
      const path = relative(root, spec.moduleId).split("\\").join("/");
      return SECONDS[path] ?? (UNLISTED_SLOW.test(path) ? UNLISTED_SLOW_SECONDS : 0);
    };
    // Array.prototype.sort is stable: files of equal weight keep vitest's order.
    return (await super.sort(files)).sort((a, b) => seconds(b) - seconds(a));
  }
}
