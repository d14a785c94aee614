/**
 * METRICS_PORT as the server process runs it (issue 10, A4): the metrics have a listener of
 * their own, started by server/index.ts, and the public port does not serve them; `off` starts
 * none; a metrics port in use is said plainly and the instance keeps serving readers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../support/ports.js";
import { waitFor } from "../support/wait.js";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** The embedded server as its own process; resolves once its app port answers /livez. */
async function startServer(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DEMO: "off",
      ...env,
    },
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/livez`).catch(() => null))?.status === 200, {
    timeoutMs: 20_000,
    what: "the server to start",
  }).catch((err: Error) => {
    throw new Error(`${err.message}; it printed:\n${output}`);
  });
  return { url, output: () => output };
}

describe("METRICS_PORT", () => {
  it("serves Prometheus text on its own port, and /metrics on the public port is a 404", async () => {
    const metricsPort = await freePort();
    const server = await startServer({ METRICS_PORT: String(metricsPort), INSTANCE_ID: "mp" });
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('liveblog_instance_info{instance_id="mp"} 1');
    const onPublic = await fetch(`${server.url}/metrics`);
    expect(onPublic.status).toBe(404);
    expect(await onPublic.text()).not.toContain("liveblog_");
    await waitFor(() => server.output().includes(`127.0.0.1:${metricsPort}/metrics`), {
      what: "the start-up line naming the metrics address",
    });
  });

  it("starts no metrics listener with off", async () => {
    const server = await startServer({ METRICS_PORT: "off" });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    await waitFor(() => server.output().includes("liveblog is running"), {
      what: "the start-up line",
    });
    expect(server.output()).not.toContain("Prometheus metrics at");
  });

  it("keeps serving readers when the metrics port is taken, and says which port and what to do", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const port = (taken.address() as { port: number }).port;
      const server = await startServer({ METRICS_PORT: String(port) });
      await waitFor(
        () => server.output().includes(`metrics could not listen on 127.0.0.1:${port}`),
        {
          what: "the error about the metrics port",
        },
      );
      expect(server.output()).toMatch(/EADDRINUSE.*Set METRICS_PORT to a free port, or to off/);
      expect((await fetch(`${server.url}/api/blogs`)).status).toBe(200);
    } finally {
      taken.close();
    }
  });
});
