/**
 * deploy/nginx.conf is written for docker-compose.yml. These helpers read its upstream and render
 * it for local processes, so the cluster tool and the tests run the very file compose uses.
 */
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { fileURLToPath } from "node:url";

/** deploy/nginx.conf, as the file on disk. */
export const NGINX_CONF_PATH = fileURLToPath(new URL("../nginx.conf", import.meta.url));

export const readNginxConf = () => readFileSync(NGINX_CONF_PATH, "utf8");

const UPSTREAM = /^(\s*upstream\s+liveblog\s*\{)([^}]*)^(\s*\})/m;
const SERVER_LINE = /^(\s*)server\s+(\S+?)((?:\s+[^;\s]+)*);[^\n]*\n?/gm;

/** The `host:port` of each `server` line in the `liveblog` upstream. */
export function upstreamServers(conf: string): string[] {
  const body = UPSTREAM.exec(conf)?.[2];
  if (body === undefined) throw new Error("nginx.conf has no `upstream liveblog { ... }` block");
  return [...body.matchAll(SERVER_LINE)].map((m) => m[2]!);
}

export interface LocalRender {
  /** Ports of the instances on 127.0.0.1, in upstream order. */
  instancePorts: number[];
  /** Where nginx listens on 127.0.0.1. */
  listenPort: number;
  /** Absolute directory for the pid file, logs and temp files (nginx's `-p` prefix). */
  dir: string;
  /**
   * Addresses or CIDR ranges of load balancers in front of nginx, whose X-Forwarded-For and
   * X-Forwarded-Proto it believes (compose's NGINX_TRUSTED_PROXIES). Default: none.
   */
  trustedProxies?: readonly string[];
}

const replaceOnce = (conf: string, pattern: RegExp, replacement: string, what: string) => {
  if (!pattern.test(conf)) throw new Error(`nginx.conf: cannot find ${what} to render`);
  return conf.replace(pattern, replacement);
};

/** An address or CIDR range as set_real_ip_from and geo take it; throws on anything else. */
function checkRange(range: string): string {
  const [address = "", prefix, ...rest] = range.split("/");
  const family = isIP(address);
  const bits = family === 4 ? 32 : 128;
  const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
  if (family === 0 || !prefixOk || rest.length > 0) {
    throw new Error(`trusted proxy "${range}" is not an address or a CIDR range`);
  }
  return range;
}

/**
 * The `include trusted-proxies.*` lines of nginx.conf replaced by what
 * deploy/nginx-trusted-proxies.sh writes into those files in the container.
 */
function renderTrustedProxies(conf: string, trusted: readonly string[]): string {
  const ranges = trusted.map(checkRange);
  const include = (file: string, line: (range: string) => string) => {
    const pattern = new RegExp(`^([ \\t]*)include\\s+${file.replace(".", "\\.")};[^\\n]*\\n`, "m");
    const indent = pattern.exec(conf)?.[1];
    if (indent === undefined) throw new Error(`nginx.conf: cannot find \`include ${file};\``);
    conf = conf.replace(pattern, ranges.map((range) => `${indent}${line(range)}\n`).join(""));
  };
  include("trusted-proxies.conf", (range) => `set_real_ip_from ${range};`);
  include("trusted-proxies.geo", (range) => `${range} 1;`);
  return conf;
}

/** The compose nginx.conf turned into one for local processes, in the foreground. */
export function renderLocalNginxConf(
  conf: string,
  { instancePorts, listenPort, dir, trustedProxies = [] }: LocalRender,
) {
  const match = UPSTREAM.exec(conf);
  if (!match) throw new Error("nginx.conf has no `upstream liveblog { ... }` block");
  const [, open, body, close] = match as unknown as [string, string, string, string];
  const servers = [...body.matchAll(SERVER_LINE)];
  const first = servers[0];
  if (!first) throw new Error("nginx.conf: the liveblog upstream has no server line");
  const [, indent, , params] = first as unknown as [string, string, string, string];
  // Fixed local addresses need no re-resolving, and nginx before 1.27.3 has no `resolve`.
  const localParams = params.replace(/\s+resolve\b/, "");
  const local = instancePorts.map((port) => `${indent}server 127.0.0.1:${port}${localParams};\n`);
  let kept = body.replace(SERVER_LINE, "");
  kept = kept.endsWith("\n") ? kept : `${kept}\n`;
  let out = conf.replace(UPSTREAM, `${open}${kept}${local.join("")}${close}`);
  out = out.replace(/^\s*resolver\s[^;]*;\n/m, "");
  out = renderTrustedProxies(out, trustedProxies);

  out = replaceOnce(
    out,
    /^(\s*)listen\s+80;/m,
    `$1listen 127.0.0.1:${listenPort};`,
    "`listen 80;`",
  );
  out = replaceOnce(
    out,
    /access_log\s+\/dev\/stdout\b/,
    `access_log ${dir}/access.log`,
    "access_log /dev/stdout",
  );
  out = replaceOnce(
    out,
    /error_log\s+\/dev\/stderr\b/,
    `error_log ${dir}/error.log`,
    "error_log /dev/stderr",
  );
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((kind) => `    ${kind}_temp_path ${dir}/temp/${kind};`)
    .join("\n");
  out = replaceOnce(out, /^http\s*\{\n/m, `http {\n${temp}\n`, "`http {`");
  return `# Rendered from deploy/nginx.conf by deploy/cluster/nginx-config.ts.\ndaemon off;\npid ${dir}/nginx.pid;\n\n${out}`;
}
