/**
 * deploy/nginx.conf in front of a test file's instance (deploy/cluster/nginx.ts renders it for
 * this machine): started before the file's tests, after its site, and stopped, with its
 * directory (its config, temp files and access log), after them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startNginx, type LocalNginx } from "../../deploy/cluster/nginx.js";
import { freePort } from "./ports.js";

export function useNginx(
  /** The instance nginx sends to, once the site has started it. */
  instance: () => { url: string },
  /** Names the directory, for whoever looks at a failed run. */
  name: string,
  options: { trustedProxies?: readonly string[] } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), `liveblog-nginx-${name}-`));
  let nginx: LocalNginx | undefined;
  beforeAll(async () => {
    nginx = await startNginx({
      dir,
      listenPort: await freePort(),
      instancePorts: [Number(new URL(instance().url).port)],
      ...options,
    });
  }, 60_000);
  afterAll(async () => {
    await nginx?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    get url() {
      if (!nginx) throw new Error("nginx is not started yet");
      return nginx.url;
    },
  };
}
