/**
 * "Does nginx send traffic to this instance again?" After a restart nginx keeps an instance out
 * for `fail_timeout` (deploy/nginx.conf) if it refused a connection meanwhile; a rolling restart
 * waits for this before it takes down the next instance, as a deploy tool waits for its load
 * balancer.
 */
import { Agent, get } from "node:http";
import type { ClusterInstance } from "./instance.js";

/** GET /livez through nginx from `address`; resolves with the status (0 when it failed). */
function livezFrom(nginxUrl: string, address: string): Promise<number> {
  const agent = new Agent({ localAddress: address } as ConstructorParameters<typeof Agent>[0]);
  return new Promise<number>((resolve) => {
    get(`${nginxUrl}/livez`, { agent, timeout: 2_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    })
      .on("error", () => resolve(0))
      .on("timeout", () => resolve(0));
  }).finally(() => agent.destroy());
}

/** How many GET /livez the instance answered, from its own metrics. */
async function livezServed(instance: ClusterInstance): Promise<number> {
  const text = await (await fetch(instance.metricsUrl)).text();
  const line = text
    .split("\n")
    .find(
      (l) =>
        l.startsWith("liveblog_http_request_duration_seconds_count{") &&
        l.includes('route="/livez"') &&
        l.includes('status="200"'),
    );
  return line ? Number(line.split(" ").pop()) : 0;
}

/**
 * Resolves once nginx has routed a request to `instance`: /livez is asked through nginx from
 * many client addresses (nginx hashes by address) until the instance counts one.
 */
export async function waitUntilRouted(
  nginxUrl: string,
  instance: ClusterInstance,
  { timeoutMs = 30_000 } = {},
): Promise<void> {
  const before = await livezServed(instance);
  const deadline = Date.now() + timeoutMs;
  for (let round = 0; ; round += 1) {
    const addresses = Array.from({ length: 16 }, (_, i) => `127.0.250.${i + 1}`);
    await Promise.all(addresses.map((address) => livezFrom(nginxUrl, address)));
    if ((await livezServed(instance)) > before) return;
    if (Date.now() > deadline) {
      throw new Error(`nginx did not route to instance ${instance.id} within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
