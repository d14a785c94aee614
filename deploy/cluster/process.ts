/** Small helpers for the cluster's child processes: wait for HTTP, read the end of a log. */
import { type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

/** The last lines of a log file, to explain why a process did not come up. */
export function tail(file: string, lines = 20): string {
  if (!existsSync(file)) return "(no log)";
  return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

/** Resolves when `url` answers 200; throws when `child` exits first or time runs out. */
export async function waitForOk(
  url: string,
  child: ChildProcess,
  { timeoutMs = 30_000, what = url, log }: { timeoutMs?: number; what?: string; log?: string },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const how = child.exitCode ?? child.signalCode;
      throw new Error(`${what} exited (${how}) before it was ready${log ? `:\n${tail(log)}` : ""}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} was not ready after ${timeoutMs} ms${log ? `:\n${tail(log)}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves once the child has exited, with how it ended. */
export function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}
