/**
 * The server as a newcomer runs it: `server/index.ts` as its own process in embedded mode.
 * It starts with the demo blog and the admin password (said again in a box once it runs), says
 * in one line when its port is taken, and shuts down cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import request from "supertest";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { freePort } from "../support/ports.js";
import { connectReader } from "../support/reader.js";
import { waitFor } from "../support/wait.js";

let child: ChildProcess | undefined;
let blocker: Server | undefined;
afterEach(() => {
  child?.kill("SIGKILL");
  blocker?.close();
});

/** `server/index.ts` through tsx, or `script` (the compiled server) with node alone. */
function startServer(env: Record<string, string>, script?: string) {
  const args = script ? [script] : ["--import", "tsx", "server/index.ts"];
  const proc = spawn(process.execPath, args, {
    // No metrics listener unless a test asks: processes started at once would share 9464.
    env: { PATH: process.env.PATH, NODE_ENV: "production", METRICS_PORT: "off", ...env },
  });
  child = proc;
  let output = "";
  proc.stdout.on("data", (d) => (output += d));
  proc.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return { proc, output: () => output, exited };
}

/** Waits for /readyz: the admin and the demo blog are made after the port is bound. */
async function waitUntilReady(url: string, output: () => string) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const ok = await request(url)
      .get("/readyz")
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
    await waitUntilReady(url, server.output);

    expect(server.output()).toMatch(/Embedded mode/);
    const password = /created with the password (\S+) /.exec(server.output())?.[1];
    expect(password).toBeDefined();
    // Said again after the "running" line, so that it is the last thing start-up prints.
    const running = server.output().indexOf("liveblog is running at");
    expect(running).toBeGreaterThan(0);
    expect(server.output().slice(running)).toContain(
      `Log in at http://127.0.0.1:${port}/admin as \\"admin\\" with the password ${password} `,
    );
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

  it("says in one line that its port is taken, exits 1, and has created nothing", async () => {
    const port = await freePort();
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(port, "127.0.0.1", resolve));
    const server = startServer({ PORT: String(port), HOST: "127.0.0.1" });
    expect(await server.exited).toBe(1);
    // stdout and stderr are two pipes, so the order of lines across them is not kept: the
    // message is looked for among the lines, and must be the only one about the port.
    const lines = server.output().trimEnd().split("\n");
    expect(lines.filter((line) => line.includes(`Port ${port}`))).toEqual([
      `Port ${port} is already in use by another program (another liveblog?); stop it, or choose another port: PORT=3001 npm start`,
    ]);
    // Bound first: no password was made or printed, no demo blog, no stack trace.
    expect(server.output()).not.toMatch(/password|demo blog|EADDRINUSE|\n\s+at /);
  });

  it("prints one plain line per request and the password in a box in development", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = startServer({ PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "development" });
    await waitUntilReady(url, server.output);
    await waitFor(() => server.output().includes("└"), { what: "the password box" });
    const password = /created with the password (\S+) /.exec(server.output())?.[1];
    const lines = server.output().trimEnd().split("\n");
    const running = lines.findIndex((line) => line.includes("liveblog is running at"));
    expect(lines.slice(running + 2)).toEqual([
      expect.stringMatching(/^ {2}┌─+┐$/),
      expect.stringMatching(new RegExp(`^ {2}│ Log in at ${url}/admin +│$`)),
      expect.stringMatching(/^ {2}│ {3}name: +admin +│$/),
      expect.stringMatching(new RegExp(`^ {2}│ {3}password: +${password} +│$`)),
      expect.stringMatching(/^ {2}│ .* │$/),
      expect.stringMatching(/^ {2}│ .* │$/),
      expect.stringMatching(/^ {2}└─+┘$/),
    ]);

    // A request, then a sentinel request: the first added exactly one line to the output.
    const before = lines.length;
    await request(url).get("/api/blogs/istanbul-talks/entries?limit=5").expect(200);
    await request(url).get("/api/blogs").expect(200);
    await waitFor(() => server.output().includes("GET /api/blogs 200"), { what: "the sentinel" });
    const added = server.output().trimEnd().split("\n").slice(before);
    expect(added).toEqual([
      expect.stringMatching(
        /^\[[\d:]+\] INFO: GET \/api\/blogs\/istanbul-talks\/entries 200 \d+ms \{.*"reqId":/,
      ),
      expect.stringMatching(/^\[[\d:]+\] INFO: GET \/api\/blogs 200 \d+ms \{/),
    ]);
  });

  it("refuses to start with a bad configuration and lists every problem", async () => {
    const server = startServer({ PORT: "not-a-port", HISTORY_LIMIT: "3" });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/Invalid configuration:\n {2}- PORT .*\n {2}- HISTORY_LIMIT /);
  });
  it("refuses to start when its media bucket cannot be reached, naming the bucket and where", async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const server = startServer({
      PORT: String(await freePort()),
      HOST: "127.0.0.1",
      MEDIA_S3_BUCKET: "news-media",
      MEDIA_S3_ENDPOINT: endpoint,
      AWS_ACCESS_KEY_ID: "key",
      AWS_SECRET_ACCESS_KEY: "secret",
    });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(
      `The media bucket "news-media" at ${endpoint} cannot be reached (ECONNREFUSED`,
    );
    expect(server.output()).toContain("unset MEDIA_S3_BUCKET to keep media in MEDIA_DIR");
    // Stopped before binding its port: nothing was served and no password was made.
    expect(server.output()).not.toMatch(/liveblog is running|created with the password/);
  });
});

describe("the built server", () => {
  // dist/ is tsconfig's outDir: a directory of its own there, so that node finds node_modules
  // from it as from dist/server, and the real build is left alone.
  const outDir = `dist/test-build-${process.pid}`;
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("compiles with tsconfig.build.json into server/index.js, runs on node alone, and stops on a SIGTERM to its PID", async () => {
    const tsconfig = JSON.parse(readFileSync("tsconfig.json", "utf8")) as {
      compilerOptions: { outDir: string; rootDir: string };
    };
    // What README and the Dockerfile run, `node dist/server/index.js`, is where tsc puts it.
    expect(tsconfig.compilerOptions).toMatchObject({ outDir: "dist", rootDir: "." });
    const tsc = spawn(process.execPath, [
      "node_modules/typescript/bin/tsc",
      "-p",
      "tsconfig.build.json",
      "--outDir",
      outDir,
    ]);
    let compilerOutput = "";
    tsc.stdout.on("data", (d) => (compilerOutput += d));
    const compiled = await new Promise<number | null>((resolve) => tsc.on("exit", resolve));
    expect(compiled, compilerOutput).toBe(0);
    expect(existsSync(`${outDir}/server/index.js`)).toBe(true);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = startServer(
      { PORT: String(port), HOST: "127.0.0.1" },
      `${outDir}/server/index.js`,
    );
    await waitUntilReady(url, server.output);
    const entries = await request(url).get("/api/blogs/istanbul-talks/entries");
    expect(entries.body.entries.length).toBeGreaterThan(0);
    server.proc.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    // Both said, whichever write reached the pipe first.
    expect(server.output()).toMatch(/"signal":"SIGTERM".*"msg":"shutting down"/);
    expect(server.output()).toMatch(/"msg":"stopped"/);
  }, 180_000);
});
