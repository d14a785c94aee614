/**
 * The server as a newcomer runs it: `server/index.ts` as its own process in embedded mode.
 * It starts with the demo blog and the admin password, and shuts down cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from "node:child_process";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../support/ports.js";
import { connectReader } from "../support/reader.js";

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill("SIGKILL");
});

function startServer(env: Record<string, string>) {
  const proc = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { PATH: process.env.PATH, NODE_ENV: "production", ...env },
  });
  child = proc;
  let output = "";
  proc.stdout.on("data", (d) => (output += d));
  proc.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return { proc, output: () => output, exited };
}

async function waitUntilLive(url: string, output: () => string) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const ok = await request(url)
      .get("/livez")
      .then((res) => res.status === 200)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${output()}`);
}

describe("the server process", () => {
  it("starts in embedded mode with the demo blog and a printed admin password, and stops on SIGTERM", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = startServer({ PORT: String(port), HOST: "127.0.0.1" });
    await waitUntilLive(url, server.output);

    expect(server.output()).toMatch(/Embedded mode/);
    const password = /created with the password (\S+) /.exec(server.output())?.[1];
    expect(password).toBeDefined();
    const entries = await request(url).get("/api/blogs/istanbul-talks/entries?limit=100");
    expect(entries.body.entries.length).toBeGreaterThanOrEqual(8);
    expect(entries.body.entries.filter((e: { pinned: boolean }) => e.pinned)).toHaveLength(1);
    expect(
      entries.body.entries.filter((e: { keyEvent: boolean }) => e.keyEvent).length,
    ).toBeGreaterThanOrEqual(1);
    const login = await request(url).post("/api/session").send({ name: "admin", password });
    expect(login.status).toBe(201);

    const reader = await connectReader(url);
    await reader.subscribe("istanbul-talks");
    const disconnected = new Promise((resolve) => reader.socket.on("disconnect", resolve));
    server.proc.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    await disconnected;
    expect(server.output()).toMatch(/stopped/);
  });

  it("refuses to start with a bad configuration and lists every problem", async () => {
    const server = startServer({ PORT: "not-a-port", HISTORY_LIMIT: "3" });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/Invalid configuration:\n {2}- PORT .*\n {2}- HISTORY_LIMIT /);
  });
});
