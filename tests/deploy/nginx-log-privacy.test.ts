/**
 * nginx's access log keeps no reader's address (docs/PRIVACY.md): the network part only, for
 * IPv4 and IPv6 clients named by a trusted load balancer, and for a client met directly.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useSite } from "../support/fixtures.js";
import { useNginx } from "../support/nginx.js";
import { waitFor } from "../support/wait.js";

const site = useSite({ redis: false });
const nginx = useNginx(() => site.server, "log", { trustedProxies: ["127.0.0.1"] });

/** The access log's line of the request that carried `marker` in its path. */
async function logLineOf(marker: string) {
  let line: string | undefined;
  await waitFor(() => {
    const log = readFileSync(join(nginx.dir, "access.log"), "utf8");
    line = log.split("\n").find((l) => l.includes(marker));
    return line !== undefined;
  });
  return line!;
}

describe("nginx's access log", () => {
  it.each([
    ["203.0.113.77", "203.0.113.0"],
    ["2001:db8:1234:5678:9abc::1", "2001:db8:1234::"],
  ])("logs the network of %s as %s, never the address", async (address, network) => {
    const marker = `privacy-${Math.random().toString(36).slice(2)}`;
    const res = await fetch(`${nginx.url}/livez?${marker}`, {
      headers: { "X-Forwarded-For": address },
    });
    expect(res.status).toBe(200);
    const line = await logLineOf(marker);
    expect(line.startsWith(`${network} `)).toBe(true);
    expect(line).not.toContain(address);
    // The hop (the trusted balancer, here this machine) is masked the same way.
    expect(line).toContain("via=127.0.0.0 ");
  });

  it("masks a client met directly", async () => {
    const marker = `privacy-${Math.random().toString(36).slice(2)}`;
    await fetch(`${nginx.url}/livez?${marker}`);
    const line = await logLineOf(marker);
    expect(line.startsWith("127.0.0.0 ")).toBe(true);
    expect(line).toContain("via=127.0.0.0 ");
  });
});
