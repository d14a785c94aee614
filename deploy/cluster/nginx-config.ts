/**
 * deploy/nginx.conf is written for docker-compose.yml. These helpers read its upstream and render
 * it for local processes, so the cluster tool and the tests run the very file compose uses.
 */
import { readFileSync } from "node:fs";
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
}

const replaceOnce = (conf: string, pattern: RegExp, replacement: string, what: string) => {
  if (!pattern.test(conf)) throw new Error(`nginx.conf: cannot find ${what} to render`);
  return conf.replace(pattern, replacement);
};

/** The compose nginx.conf turned into one for local processes, in the foreground. */
export function renderLocalNginxConf(
  conf: string,
  { instancePorts, listenPort, dir }: LocalRender,
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
