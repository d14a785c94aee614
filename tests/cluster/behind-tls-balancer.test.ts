/**
 * Two proxy layers, as production has them behind a cloud load balancer: a TLS-terminating nginx
 * (self-signed certificate from openssl) → deploy/nginx.conf, trusting that balancer and no one
 * else → three instances on one Redis (TRUST_PROXY=1). Every client connects from its own
 * loopback address, so the layers behind must tell clients apart by what the balancer forwards:
 * the log-in limit per client, the Secure cookie, and readers spread over the instances.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, type Cluster } from "../../deploy/cluster/index.js";
import { SESSION_COOKIE } from "../../server/auth/middleware.js";
import { sample } from "../observability/prometheus-text.js";
import { waitFor } from "../support/wait.js";
import { createEditor } from "./editor.js";
import { requestFrom, startTlsBalancer, type TlsBalancer } from "./tls-balancer.js";

let cluster: Cluster;
let balancer: TlsBalancer;

beforeAll(async () => {
  // The balancer connects to nginx from 127.0.0.1; the clients come from other 127.x addresses.
  cluster = await startCluster({ instances: 3, trustedProxies: ["127.0.0.1"] });
  balancer = await startTlsBalancer({ upstream: cluster.url });
}, 60_000);
afterAll(async () => {
  await balancer?.stop();
  await cluster?.stop();
});

/** POST /api/session through the balancer (or `via` another URL) from `from`. */
const logIn = (from: string, password: string, via = balancer.url, headers = {}) =>
  requestFrom(`${via}/api/session`, {
    from,
    method: "POST",
    json: { name: "admin", password },
    ca: balancer.ca,
    headers,
  });

const setCookie = (headers: { "set-cookie"?: string[] }) => headers["set-cookie"]?.[0] ?? "";

// Generous: the machine is shared; nothing here asserts on time.
describe("behind a TLS load balancer and deploy/nginx.conf", { timeout: 60_000 }, () => {
  it("sets the session cookie Secure, since the client used https at the balancer", async () => {
    const from = "127.0.0.4";
    const res = await logIn(from, cluster.adminPassword);
    expect(res.status).toBe(201);
    const cookie = setCookie(res.headers);
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect(cookie).toMatch(/;\s*Secure\b/i);

    // The browser sends it back over https, and it logs the editor in.
    const session = await requestFrom(`${balancer.url}/api/session`, {
      from,
      ca: balancer.ca,
      headers: { Cookie: cookie.split(";")[0]! },
    });
    expect(session.status).toBe(200);
    expect(JSON.parse(session.body)).toMatchObject({ name: "admin", role: "admin" });
  });

  it("counts failed log-ins per client address: one client's 10 do not lock out another", async () => {
    const attacker = "127.0.0.2";
    const editor = "127.0.0.3";
    for (let i = 0; i < 10; i += 1) expect((await logIn(attacker, "wrong")).status).toBe(401);
    const locked = await logIn(attacker, "wrong");
    expect(locked.status).toBe(429);
    expect(JSON.parse(locked.body)).toMatchObject({ error: { code: "rate_limited" } });

    // Keyed on the balancer's address, the editor would now get 429 too.
    expect((await logIn(editor, "wrong")).status).toBe(401);
    const ok = await logIn(editor, cluster.adminPassword);
    expect(ok.status).toBe(201);
    expect(JSON.parse(ok.body)).toMatchObject({ name: "admin", role: "admin" });
  });

  it("believes X-Forwarded-* only from the balancer, not from a client that reaches nginx", async () => {
    const client = "127.0.0.5";
    const forged = { "X-Forwarded-Proto": "https" };
    const res = await logIn(client, cluster.adminPassword, cluster.url, forged);
    expect(res.status).toBe(201);
    // Plain http to nginx: a cookie marked Secure would never come back.
    expect(setCookie(res.headers)).not.toMatch(/;\s*Secure\b/i);

    // A new forged address on every guess gains no guesses.
    for (let i = 1; i <= 10; i += 1) {
      const spoofed = { ...forged, "X-Forwarded-For": `203.0.113.${i}` };
      expect((await logIn(client, "wrong", cluster.url, spoofed)).status).toBe(401);
    }
    const locked = await logIn(client, "wrong", cluster.url, { "X-Forwarded-For": "203.0.113.99" });
    expect(locked.status).toBe(429);
  });

  it("spreads readers from different addresses over the instances, each sticking to one", async () => {
    const editor = createEditor(cluster.url, cluster.adminToken);
    const blog = await editor.createBlog("Readers behind a balancer");
    const path = `/api/blogs/${blog.id}/entries`;
    /** How many reads of the blog's entries each instance has answered, from its metrics port. */
    const served = () =>
      Promise.all(
        cluster.instances.map(async (instance) => {
          const text = await (await fetch(instance.metricsUrl)).text();
          const labels = { method: "GET", route: "/api/blogs/:blogId/entries", status: "200" };
          return sample(text, "liveblog_http_request_duration_seconds_count", labels) ?? 0;
        }),
      );
    const total = (counts: number[]) => counts.reduce((a, b) => a + b, 0);

    /** The INSTANCE_ID of the instance that answered one read from `from`. */
    async function readFrom(from: string): Promise<string> {
      const before = await served();
      const res = await requestFrom(`${balancer.url}${path}`, { from, ca: balancer.ca });
      expect(res.status).toBe(200);
      let after = before;
      // The instance counts a request once it has finished sending it, maybe after we read it.
      await waitFor(async () => total((after = await served())) === total(before) + 1, {
        what: `the read from ${from} to be counted`,
      });
      return cluster.instances[after.findIndex((count, i) => count > before[i]!)]!.id;
    }

    const addresses = Array.from({ length: 20 }, (_, i) => `127.0.0.${10 + i}`);
    const first = new Map<string, string>();
    for (const from of addresses) first.set(from, await readFrom(from));
    // Again, in reverse order: each address lands where it landed before.
    for (const from of [...addresses].reverse()) {
      expect(await readFrom(from), `instance for ${from}`).toBe(first.get(from));
    }

    const perInstance = new Map<string, number>();
    for (const id of first.values()) perInstance.set(id, (perInstance.get(id) ?? 0) + 1);
    process.stdout.write(
      `[balancer] 20 reader addresses over the instances: ${JSON.stringify(Object.fromEntries(perInstance))}\n`,
    );
    expect(perInstance.size).toBeGreaterThanOrEqual(2);
  });
});
