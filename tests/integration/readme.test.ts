/**
 * The README's commands, run as a newcomer pastes them: each fenced `sh` block that follows a
 * `<!-- runnable ... -->` comment runs in bash from the repository root, with nothing but PATH,
 * HOME and a free PORT (the blocks read it) in its environment, against the real `npm start`.
 * Then what the README promises is checked on the server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt } from "../e2e/support/browser.js";
import { freePort } from "../support/ports.js";
import { waitFor } from "../support/wait.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** The shell blocks of `markdown` marked as runnable, in order. */
function runnableBlocks(markdown: string): string[] {
  const marked = /<!-- runnable\b[^>]*-->\s*```sh\n([\s\S]*?)```/g;
  return [...markdown.matchAll(marked)].map((match) => match[1]!);
}

const blocks = runnableBlocks(readFileSync(`${root}README.md`, "utf8"));
const started: { bash: ChildProcess; url: string }[] = [];

/**
 * Runs `block` in bash, in a process group of its own: what it starts in the background (the
 * server) outlives bash and is stopped with the group afterwards, as `kill %1` would.
 */
function run(block: string, port: number) {
  const bash = spawn("bash", ["-e", "-c", block], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      // npm would otherwise ask the registry whether it is the newest npm.
      npm_config_update_notifier: "false",
    },
    detached: true,
  });
  started.push({ bash, url: `http://127.0.0.1:${port}` });
  let output = "";
  bash.stdout.on("data", (d) => (output += d));
  bash.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => bash.on("exit", resolve));
  return { output: () => output, exited };
}

beforeAll(async () => {
  // `npm start` builds the client when it is stale; built here, under the lock the browser
  // tests use, so that two builds never write dist/client at once.
  await ensureClientBuilt();
}, 120_000);

afterAll(async () => {
  for (const { bash, url } of started) {
    try {
      process.kill(-bash.pid!, "SIGTERM");
    } catch {
      // The group is gone already.
    }
    const stopped = () =>
      fetch(`${url}/livez`).then(
        () => false,
        () => true,
      );
    await waitFor(stopped, { what: "the README's server to stop" });
  }
}, 30_000);

describe("the README", () => {
  it("marks its one example that runs against a server (a new one needs its checks here)", () => {
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain("/api/blogs/istanbul-talks/entries");
  });

  it("posts an entry with curl as pasted: 201, and the entry is on the demo blog", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const block = run(blocks[0]!, port);
    expect(await block.exited, block.output()).toBe(0);

    // curl printed the new entry; the server logged the POST's 201 (one line per request).
    expect(block.output()).toMatch(/\{"id":"[^"]+","blogId":"istanbul-talks".*"Talks begin"/);
    await waitFor(() => /POST \/api\/blogs\/istanbul-talks\/entries 201 /.test(block.output()), {
      what: "the POST's log line",
    });
    const page = await request(url).get("/api/blogs/istanbul-talks/entries?limit=100");
    expect(page.body.entries).toContainEqual(
      expect.objectContaining({
        headline: "Talks begin",
        body: "Delegations sit down at **10:00**.",
        keyEvent: true,
      }),
    );
  }, 120_000);
});
