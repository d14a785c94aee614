/**
 * A TLS-terminating load balancer in front of the cluster's nginx, as a cloud balancer would be:
 * nginx with a self-signed certificate from openssl, which appends the address that connected
 * to X-Forwarded-For and says `X-Forwarded-Proto: https`. And a client that connects from a
 * chosen loopback address, so that the layers behind see many clients on one machine.
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { findNginx } from "../../deploy/cluster/nginx.js";
import { exited, tail } from "../../deploy/cluster/process.js";
import { freePort } from "../support/ports.js";
import { selfSignedCertificate } from "../support/tls.js";
import { waitFor } from "../support/wait.js";

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ClientRequest {
  /** The local address the connection comes from, e.g. 127.0.0.2. */
  from: string;
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** The PEM certificate to trust for https URLs. */
  ca?: string;
}

/**
 * One request on a connection of its own from `from` (no keep-alive pool, so every request is
 * seen coming from the address it names).
 */
export function requestFrom(url: string, options: ClientRequest): Promise<Reply> {
  const { from, method = "GET", json, ca } = options;
  const body = json === undefined ? undefined : JSON.stringify(json);
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const send = url.startsWith("https:") ? httpsRequest : httpRequest;
  return new Promise<Reply>((resolve, reject) => {
    const req = send(
      url,
      { method, headers, localAddress: from, ca, agent: false, timeout: 10_000 },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on("error", reject);
    req.end(body);
  });
}

export interface TlsBalancer {
  /** https://127.0.0.1:<port> */
  url: string;
  /** Its certificate (self-signed), for clients to trust. */
  ca: string;
  stop(): Promise<void>;
}

/** Starts the balancer in front of `upstream` (an http:// URL) and resolves once it answers. */
export async function startTlsBalancer({ upstream }: { upstream: string }): Promise<TlsBalancer> {
  const dir = mkdtempSync(join(tmpdir(), "liveblog-balancer-"));
  mkdirSync(join(dir, "temp"));
  // nginx started as root runs its workers as `nobody`, who must reach the temp paths.
  chmodSync(dir, 0o755);
  const certificate = selfSignedCertificate();
  const port = await freePort();
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((kind) => `    ${kind}_temp_path ${dir}/temp/${kind};`)
    .join("\n");
  const conf = join(dir, "nginx.conf");
  writeFileSync(
    conf,
    `daemon off;
pid ${dir}/nginx.pid;
events { worker_connections 1024; }
http {
${temp}
    access_log off;
    server {
        listen 127.0.0.1:${port} ssl;
        ssl_certificate ${certificate.certFile};
        ssl_certificate_key ${certificate.keyFile};
        location / {
            proxy_pass ${upstream};
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }
    }
}
`,
  );
  const errorLog = join(dir, "error.log");
  const child = spawn(findNginx(), ["-p", `${dir}/`, "-c", conf, "-e", errorLog], {
    stdio: "ignore",
  });
  const url = `https://127.0.0.1:${port}`;
  const ca = readFileSync(certificate.certFile, "utf8");
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (!gone()) {
      child.kill("SIGTERM");
      await exited(child);
    }
    rmSync(dir, { recursive: true, force: true });
    rmSync(dirname(certificate.certFile), { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () =>
        gone() || (await requestFrom(`${url}/livez`, { from: "127.0.0.1", ca })).status === 200,
      { timeoutMs: 30_000, intervalMs: 100, what: "the TLS balancer to answer /livez" },
    );
    if (gone()) throw new Error(`the TLS balancer exited:\n${tail(errorLog)}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, ca, stop };
}
