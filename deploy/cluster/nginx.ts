/** nginx as a child process, from deploy/nginx.conf rendered into the cluster's directory. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exited, waitForOk } from "./process.js";
import { readNginxConf, renderLocalNginxConf } from "./nginx-config.js";

/** nginx from PATH, or Debian's /usr/sbin/nginx when /usr/sbin is not on PATH. */
export function findNginx(): string {
  const which = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" });
  const found = which.stdout.trim();
  if (found) return found;
  if (existsSync("/usr/sbin/nginx")) return "/usr/sbin/nginx";
  throw new Error("nginx is not installed (Debian: apt-get install nginx).");
}

export interface LocalNginx {
  url: string;
  conf: string;
  stop(): Promise<void>;
}

export async function startNginx(options: {
  dir: string;
  listenPort: number;
  instancePorts: number[];
  /** Load balancers in front whose X-Forwarded-For/-Proto nginx believes (default: none). */
  trustedProxies?: readonly string[];
}): Promise<LocalNginx> {
  const { dir, listenPort } = options;
  mkdirSync(join(dir, "temp"), { recursive: true });
  // When nginx starts as root its workers drop to `nobody`; they must reach the temp paths.
  chmodSync(dir, 0o755);
  const conf = join(dir, "nginx.conf");
  writeFileSync(conf, renderLocalNginxConf(readNginxConf(), options));
  const errorLog = join(dir, "error.log");
  const child: ChildProcess = spawn(findNginx(), ["-p", `${dir}/`, "-c", conf, "-e", errorLog], {
    stdio: ["ignore", "ignore", "ignore"],
  });
  const url = `http://127.0.0.1:${listenPort}`;
  await waitForOk(`${url}/livez`, child, { what: "nginx", log: errorLog });
  return {
    url,
    conf,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited(child);
    },
  };
}
