/**
 * Redis behind a password and TLS (issue 6, row 16). `redis://:password@` works and a wrong or
 * missing password is named as such, without the password ever reaching the log; `rediss://`
 * works end to end against a redis-server speaking only TLS on that port (Debian's is built
 * with TLS), the server process trusting its self-signed CA through NODE_EXTRA_CA_CERTS, and an
 * untrusted certificate stops the process with a message that says so. The README documents
 * both URL forms and the compose file's Redis requires a password.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { blogKeys } from "../../server/store/redis/keys.js";
import { editorApi } from "../support/fixtures.js";
import { startInstance, TEST_TOKEN } from "../support/instance.js";
import { freePort } from "../support/ports.js";
import { startRedis, type TestRedis } from "../support/redis.js";
import { selfSignedCertificate, type TestCertificate } from "../support/tls.js";
import { waitFor } from "../support/wait.js";

const PASSWORD = "s3cret-redis-password-4711";
let redis: TestRedis;
let certificate: TestCertificate;

beforeAll(async () => {
  certificate = selfSignedCertificate();
  redis = await startRedis({ password: PASSWORD, tls: certificate });
});
afterAll(async () => {
  await redis?.stop();
});

/** Collects log lines, to search them for secrets. */
function logSink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => lines.join("") };
}

/** Runs server/index.ts as its own process, as production does. */
function startProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { PATH: process.env.PATH, NODE_ENV: "production", HOST: "127.0.0.1", DEMO: "off", ...env },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe("REDIS_URL with a password", () => {
  it("works with the right password, and the password appears in no log line", async () => {
    const logs = logSink();
    const server = await startInstance({
      redisUrl: redis.url,
      env: { LOG_LEVEL: "debug" },
      logTo: logs.stream,
    });
    try {
      const editor = editorApi(server.url);
      const blog = await editor.createBlog("Locked");
      const entry = await editor.post(blog.id, { body: "behind a password" });
      const stored = await redis.client().hget(blogKeys(blog.id).entries, entry.id);
      expect(JSON.parse(stored!).body).toBe("behind a password");
    } finally {
      await server.close();
    }
    expect(logs.text()).toContain("connected to Redis");
    expect(logs.text()).not.toContain(PASSWORD);
  });

  it.each([
    [
      "a wrong password",
      (url: string) => url.replace(PASSWORD, "wrong-password-0815"),
      /refused the password in REDIS_URL \(WRONGPASS\)/,
    ],
    [
      "no password",
      (url: string) => url.replace(`:${PASSWORD}@`, ""),
      /refused the password in REDIS_URL \(NOAUTH\)/,
    ],
  ])(
    "refuses to start with %s, saying so, and logs no password",
    async (_name, change, expected) => {
      const logs = logSink();
      const url = change(redis.url);
      const failure = await startInstance({
        redisUrl: url,
        logTo: logs.stream,
        env: { LOG_LEVEL: "debug" },
      }).then(
        () => undefined,
        (err: Error) => err,
      );
      expect(failure?.message).toMatch(expected);
      expect(failure?.message).not.toContain("wrong-password-0815");
      expect(logs.text()).not.toContain("wrong-password-0815");
      expect(logs.text()).not.toContain(PASSWORD);
      // The failure itself is logged, with the arguments of Redis' AUTH command blanked out.
      expect(logs.text()).toMatch(/"msg":"Redis connection failed/);
    },
  );
});

describe("rediss:// (TLS)", () => {
  it("runs the server process over TLS with a password: posts are stored, the password is not printed", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = startProcess({
      PORT: String(port),
      REDIS_URL: redis.tlsUrl!,
      SESSION_SECRET: "a-session-secret-for-the-tls-test-0123456789",
      PUBLIC_ORIGIN: url,
      ADMIN_TOKEN: TEST_TOKEN,
      ADMIN_PASSWORD: "tls test admin password",
      NODE_EXTRA_CA_CERTS: certificate.certFile,
    });
    try {
      await waitFor(async () => (await request(url).get("/readyz")).status === 200, {
        timeoutMs: 20_000,
        what: `the server on TLS Redis to be ready:\n${server.output()}`,
      });
      const editor = editorApi(url);
      const blog = await editor.createBlog("Over TLS");
      const entry = await editor.post(blog.id, { body: "encrypted on the wire" });
      const stored = await redis.client().hget(blogKeys(blog.id).entries, entry.id);
      expect(JSON.parse(stored!).body).toBe("encrypted on the wire");
      expect(server.output()).toContain("rediss://");
      expect(server.output()).not.toContain(PASSWORD);
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("stops the process with a plain message when the Redis certificate is not trusted", async () => {
    const server = startProcess({
      PORT: String(await freePort()),
      REDIS_URL: redis.tlsUrl!,
      SESSION_SECRET: "a-session-secret-for-the-tls-test-0123456789",
      PUBLIC_ORIGIN: "http://127.0.0.1",
    });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/Cannot open a TLS connection to Redis at 127\.0\.0\.1:\d+/);
    expect(server.output()).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(server.output()).not.toContain(PASSWORD);
  });
});

describe("documentation and deployment", () => {
  it("shows both URL forms in the README, and the compose file's Redis requires a password", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(readme).toMatch(/redis:\/\/:[^@\s]+@/);
    expect(readme).toContain("rediss://");

    const compose = parseYaml(readFileSync("docker-compose.yml", "utf8"), { merge: true }) as {
      services: Record<
        string,
        { command?: string[]; ports?: unknown; environment?: Record<string, string> }
      >;
    };
    const command = compose.services.redis!.command!.join(" ");
    expect(command).toMatch(/--requirepass \S+/);
    expect(compose.services.redis!.ports).toBeUndefined();
    const apps = Object.entries(compose.services).filter(([name]) => name.startsWith("app"));
    expect(apps.length).toBeGreaterThan(0);
    for (const [, app] of apps) expect(app.environment!.REDIS_URL).toMatch(/^rediss?:\/\/:[^@]+@/);
  });
});
