/** `npm run editor`: adds an editor to the Redis store, who can then log in on a running instance. */
import { spawn } from "node:child_process";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { useSite } from "../support/fixtures.js";

const site = useSite();

function editorCli(args: string[], stdin: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/cli/editor.ts", ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}

describe("editor CLI", () => {
  it("adds an editor whose password works on the site, and refuses to add them twice", async () => {
    const env = {
      REDIS_URL: site.redis.url,
      SESSION_SECRET: "test-session-secret-0123456789abcdef",
      LOG_LEVEL: "silent",
    };
    const added = await editorCli(["add", "maria"], "a long secret\n", env);
    expect([added.code, added.out.trim()]).toEqual([0, 'Editor "maria" added.']);
    const login = await request(site.server.url)
      .post("/api/session")
      .send({ name: "maria", password: "a long secret" });
    expect([login.status, login.body]).toEqual([201, { name: "maria" }]);

    const again = await editorCli(["add", "maria"], "another one\n", env);
    expect([again.code, again.err.trim()]).toEqual([
      1,
      'Editor "maria" exists already; use passwd to change the password.',
    ]);
  });

  it("explains that embedded mode cannot take editors from outside", async () => {
    const result = await editorCli(["add", "maria"], "a long secret\n", { LOG_LEVEL: "silent" });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/REDIS_URL is not set/);
  });
});
