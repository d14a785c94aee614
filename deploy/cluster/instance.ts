/**
 * One liveblog instance as a real child process (`node --import tsx server/index.ts`), the way
 * production runs it: its own PORT and INSTANCE_ID, the cluster's Redis, logs to a file.
 * It can be killed, stopped gracefully and started again on the same port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { exited, waitForOk } from "./process.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface InstanceOptions {
  id: string;
  port: number;
  /** Its METRICS_PORT: one each, since they share 127.0.0.1. */
  metricsPort: number;
  /** Environment of the process (PORT, METRICS_PORT and INSTANCE_ID are added). */
  env: Record<string, string>;
  /** Where stdout and stderr go; "inherit" shares the terminal. */
  log: string | "inherit";
}

export interface Exit {
  code: number | null;
  signal: string | null;
  /** From the signal to the exit. */
  ms: number;
}

export interface ClusterInstance {
  readonly id: string;
  readonly port: number;
  /** The instance itself, bypassing nginx (for /readyz). */
  readonly url: string;
  /** Its Prometheus endpoint, on METRICS_PORT. */
  readonly metricsUrl: string;
  readonly log: string | "inherit";
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Starts the process and resolves when /readyz answers 200. */
  start(): Promise<void>;
  /** Sends `signal` (SIGTERM: graceful; SIGKILL: a crash) and resolves when the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

export function createInstance({
  id,
  port,
  metricsPort,
  env,
  log,
}: InstanceOptions): ClusterInstance {
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const isRunning = () =>
    child !== undefined && child.exitCode === null && child.signalCode === null;

  return {
    id,
    port,
    url,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    log,
    get pid() {
      return child?.pid;
    },
    get running() {
      return isRunning();
    },
    async start() {
      if (isRunning()) return;
      const fd = log === "inherit" ? undefined : openSync(log, "a");
      try {
        child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
          cwd: ROOT,
          env: { ...env, PORT: String(port), METRICS_PORT: String(metricsPort), INSTANCE_ID: id },
          stdio: fd === undefined ? "inherit" : ["ignore", fd, fd],
        });
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
      await waitForOk(`${url}/readyz`, child, {
        // tsx compiles the server as it loads: on two cores shared with two test files that
        // each start a Redis Cluster and three instances, that alone took over 30 s once.
        timeoutMs: 60_000,
        what: `instance ${id}`,
        log: log === "inherit" ? undefined : log,
      });
    },
    async stop(signal = "SIGTERM") {
      const running = child;
      if (!running || !isRunning()) return { code: running?.exitCode ?? null, signal: null, ms: 0 };
      const started = performance.now();
      running.kill(signal);
      const result = await exited(running);
      return { ...result, ms: Math.round(performance.now() - started) };
    },
  };
}
