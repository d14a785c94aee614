/**
 * Redis may evict keys when it is full unless its maxmemory-policy is `noeviction`; liveblog then
 * loses whole blogs or parts of them without a word (issue 9, A5). The instance checks the policy
 * at start and after each reconnect of its command connection and logs an ERROR unless it is
 * `noeviction`; a managed Redis that refuses CONFIG is tolerated.
 */
import { Writable } from "node:stream";
import type { Redis } from "ioredis";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { useSite } from "../support/fixtures.js";
import { startInstance, type TestInstance } from "../support/instance.js";
import { waitFor } from "../support/wait.js";

interface LogLine {
  level: number;
  msg: string;
  policy?: string;
}
const ERROR = 50;

/** Where an instance's log lines go, parsed. */
function logSink() {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { stream, lines, errors: () => lines.filter((line) => line.level >= ERROR) };
}

const env = { LOG_LEVEL: "info", REDIS_COMMAND_TIMEOUT_MS: "500" };

/** Closes the instance's command connection from Redis' side; ioredis opens a new one. */
async function dropCommandConnection(admin: Redis, instance: TestInstance) {
  const list = (await admin.call("CLIENT", "LIST")) as string;
  const line = list.split("\n").find((l) => l.includes(`:${instance.config.instanceId}:cmd `));
  await admin.call("CLIENT", "KILL", "ID", /\bid=(\d+)/.exec(line!)![1]!);
}

describe("with maxmemory-policy allkeys-lru", () => {
  const logs = logSink();
  const site = useSite({
    redis: { maxmemoryPolicy: "allkeys-lru" },
    instances: { server: { logTo: logs.stream } },
    env,
  });

  it("logs an ERROR naming the policy at start, and again after the command connection comes back", async () => {
    expect(logs.errors()).toHaveLength(1);
    expect(logs.errors()[0]).toMatchObject({ policy: "allkeys-lru" });
    expect(logs.errors()[0]!.msg).toMatch(/allkeys-lru.*noeviction.*vanish/);
    // The instance serves all the same.
    expect((await request(site.server.url).get("/readyz")).status).toBe(200);

    await dropCommandConnection(site.redis.client(), site.server);
    await waitFor(() => logs.errors().length === 2, { what: "the check after the reconnect" });
    expect(logs.errors()[1]).toMatchObject({ policy: "allkeys-lru" });
  });
});

describe("with maxmemory-policy noeviction", () => {
  const logs = logSink();
  const site = useSite({ instances: { server: { logTo: logs.stream } }, env });
  const checked = () => logs.lines.filter((line) => line.policy === "noeviction");

  it("logs no ERROR, at start or after a reconnect", async () => {
    expect(checked()).toHaveLength(1);
    await dropCommandConnection(site.redis.client(), site.server);
    // The second check's own line is the barrier: an ERROR would have come before it.
    await waitFor(() => checked().length === 2, { what: "the check after the reconnect" });
    expect(logs.errors()).toEqual([]);
  });

  it("starts, and says it could not check, when Redis refuses CONFIG (as managed Redis does)", async () => {
    const admin = site.redis.client();
    const own = logSink();
    await admin.call("ACL", "SETUSER", "default", "-config");
    let instance: TestInstance | undefined;
    try {
      instance = await startInstance({ redisUrl: site.redis.url, env, logTo: own.stream });
      expect((await request(instance.url).get("/readyz")).status).toBe(200);
    } finally {
      await admin.call("ACL", "SETUSER", "default", "+config");
      await instance?.close();
    }
    expect(own.errors()).toEqual([]);
    expect(own.lines.some((line) => /could not check/.test(line.msg))).toBe(true);
  });
});
