/**
 * A private redis-server for a test file: its own port and directory, never the shared 6379.
 * Fault tests kill it, freeze it or restart it on the same port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "./ports.js";

export interface TestRedis {
  url: string;
  port: number;
  /** `rediss://` URL of the TLS port, when started with `tls`. */
  tlsUrl?: string;
  /** A plain client for inspecting what the store wrote. */
  client(): Redis;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /**
   * Stops the process (SIGSTOP) until `thaw()`: Redis answers nothing, as when it is stuck in a
   * slow command, for exactly as long as the test needs (a DEBUG SLEEP of a fixed length can end
   * before a busy machine has sent it anything). Resolves once the process is stopped.
   */
  freeze(): Promise<void>;
  /** Lets a frozen Redis run again (SIGCONT); it then answers what it was sent meanwhile. */
  thaw(): void;
  /** Starts redis-server again on the same port and directory (with AOF, data comes back). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestRedisOptions {
  appendonly?: boolean;
  /** `always` makes every acknowledged write survive power loss; Redis' default is `everysec`. */
  appendfsync?: "always" | "everysec";
  password?: string;
  /** Redis' default is `noeviction`, which liveblog needs; others are for tests of the check. */
  maxmemoryPolicy?: string;
  /** Also listen for TLS on a second port, with this certificate (PEM files). */
  tls?: { certFile: string; keyFile: string };
  /** More redis-server arguments, e.g. a Redis Cluster node's (tests/support/redis-cluster.ts). */
  args?: string[];
}

async function waitForPing(port: number, password?: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Redis({
      port,
      host: "127.0.0.1",
      password,
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    probe.on("error", () => {});
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return;
    } catch (err) {
      probe.disconnect();
      if (Date.now() > deadline)
        throw new Error(`redis-server on port ${port} did not start`, { cause: err });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function waitForState(pid: number, state: string) {
  const deadline = Date.now() + 10_000;
  // The state follows the command name, which is in parentheses.
  while (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== state) {
    if (Date.now() > deadline) throw new Error(`redis-server ${pid} did not reach state ${state}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Every redis-server still running, killed when this process exits: a test worker that ends
 * without its file's afterAll (a timeout, a crash) must not leave servers behind.
 */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export async function startRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : undefined;
  const dir = mkdtempSync(join(tmpdir(), "liveblog-redis-"));
  const clients: Redis[] = [];
  let child: ChildProcess | undefined;

  const launch = async () => {
    const args = [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--dir",
      dir,
      "--appendonly",
      options.appendonly ? "yes" : "no",
      "--appendfsync",
      options.appendfsync ?? "everysec",
      // Lets fault tests use DEBUG (SLEEP, RELOAD...), which Redis 7 allows only when enabled.
      "--enable-debug-command",
      "local",
    ];
    if (options.password)
      args.push("--requirepass", options.password, "--masterauth", options.password);
    if (options.maxmemoryPolicy) args.push("--maxmemory-policy", options.maxmemoryPolicy);
    if (options.tls && tlsPort) {
      const { certFile, keyFile } = options.tls;
      args.push("--tls-port", String(tlsPort), "--tls-cert-file", certFile);
      args.push("--tls-key-file", keyFile, "--tls-ca-cert-file", certFile);
      args.push("--tls-auth-clients", "no");
    }
    args.push(...(options.args ?? []));
    const started = spawn("redis-server", args, { stdio: "ignore" });
    child = started;
    running.add(started);
    started.once("exit", () => running.delete(started));
    child.once("error", (err) => {
      throw new Error("Cannot start redis-server: is it installed and on PATH?", { cause: err });
    });
    await waitForPing(port, options.password);
  };
  const kill = async (signal: NodeJS.Signals = "SIGKILL") => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill(signal);
    });
  };

  await launch();
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : "";
  return {
    url: `redis://${auth}127.0.0.1:${port}`,
    port,
    tlsUrl: tlsPort ? `rediss://${auth}127.0.0.1:${tlsPort}` : undefined,
    client() {
      const client = new Redis({ port, host: "127.0.0.1", password: options.password });
      // Tests restart and kill Redis under it; it reconnects by itself, quietly.
      client.on("error", () => {});
      clients.push(client);
      return client;
    },
    kill,
    async freeze() {
      const pid = child?.pid;
      if (!pid || !child?.kill("SIGSTOP")) throw new Error("redis-server is not running");
      // The signal is delivered asynchronously; "T" in /proc/<pid>/stat is "stopped" (Linux).
      await waitForState(pid, "T");
    },
    thaw() {
      child?.kill("SIGCONT");
    },
    restart: launch,
    async stop() {
      for (const client of clients) client.disconnect();
      await kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
