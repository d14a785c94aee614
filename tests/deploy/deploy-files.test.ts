/**
 * docker-compose.yml, deploy/nginx.conf and deploy/Dockerfile, checked without a Docker engine:
 * the compose file is valid YAML, gives the instances only variables server/config.ts knows (and
 * values it accepts), and points nginx at exactly the replicas it defines, in the default
 * profile and in the `cluster` one (a Redis Cluster); nginx itself accepts the configuration;
 * the image is multi-stage, non-root, production, with a liveness check.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findNginx } from "../../deploy/cluster/nginx.js";
import {
  readNginxConf,
  renderLocalNginxConf,
  upstreamServers,
} from "../../deploy/cluster/nginx-config.js";
import { CONFIG_VARIABLES, parseConfig } from "../../server/config.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");

interface Service {
  image?: string;
  profiles?: string[];
  entrypoint?: string[];
  networks?: string[] | Record<string, { ipv4_address?: string; aliases?: string[] } | null>;
  healthcheck?: { test: string[] };
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  stop_grace_period?: string;
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(read("docker-compose.yml"), { merge: true }) as {
  services: Record<string, Service>;
  networks?: Record<string, { ipam?: { config: { subnet: string }[] } }>;
  volumes: Record<string, unknown>;
};
/** What `docker compose up` starts: the services of no profile. */
const services = Object.fromEntries(
  Object.entries(compose.services).filter(([, service]) => !service.profiles),
);
const apps = Object.entries(services).filter(([, service]) => service.build);
/** The `cluster` profile: the same site on a Redis Cluster. */
const clusterServices = Object.fromEntries(
  Object.entries(compose.services).filter(([, service]) => service.profiles?.includes("cluster")),
);
const clusterApps = Object.entries(clusterServices).filter(([, service]) => service.build);

/** Compose's interpolation: ${NAME}, ${NAME:-default}, ${NAME:?error}, from `env`. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind, rest) => {
    if (env[name] !== undefined) return env[name];
    if (kind === "?") throw new Error(`${name} is required: ${rest}`);
    return kind === "-" ? rest : "";
  });
}
const operatorEnv = {
  REDIS_PASSWORD: "s3cretpassw0rd",
  SESSION_SECRET: "a-session-secret-of-more-than-32-characters",
  PUBLIC_ORIGIN: "https://live.example.com",
};

const seconds = (duration: string) => Number(/^(\d+)s$/.exec(duration)?.[1]);

describe("docker-compose.yml", () => {
  it("defines Redis, three liveblog replicas and nginx", () => {
    expect(Object.keys(services).sort()).toEqual(["app1", "app2", "app3", "nginx", "redis"]);
    for (const [, app] of apps) expect(app.build?.dockerfile).toBe("deploy/Dockerfile");
  });

  it("keeps Redis private, with AOF on and a password required", () => {
    const redis = services.redis!;
    expect(redis.ports).toBeUndefined();
    const command = redis.command!.map((arg) => interpolate(arg, operatorEnv));
    expect(command).toEqual(expect.arrayContaining(["--appendonly", "yes", "--requirepass"]));
    expect(command[command.indexOf("--requirepass") + 1]).toBe(operatorEnv.REDIS_PASSWORD);
    expect(redis.volumes).toEqual(["redis-data:/data"]);
  });

  it("gives the instances only variables the configuration knows, with values it accepts", () => {
    const ids = new Set<string>();
    for (const [name, app] of apps) {
      const env = Object.fromEntries(
        Object.entries(app.environment ?? {}).map(([key, value]) => [
          key,
          interpolate(String(value), operatorEnv),
        ]),
      );
      const unknown = Object.keys(env).filter((key) => !CONFIG_VARIABLES.includes(key));
      expect(unknown, `${name} sets variables config.ts does not read`).toEqual([]);

      const config = parseConfig(env);
      expect(config.env).toBe("production");
      expect(config.redis?.kind).toBe("single");
      const redisUrl = config.redis?.kind === "single" ? config.redis.url : "";
      expect(new URL(redisUrl).host).toBe("redis:6379");
      expect(new URL(redisUrl).password).toBe(operatorEnv.REDIS_PASSWORD);
      expect(config.sessionSecret).toBe(operatorEnv.SESSION_SECRET);
      expect(config.publicOrigins).toEqual([operatorEnv.PUBLIC_ORIGIN]);
      // Metrics on their own port, which compose does not publish.
      expect(config.metricsPort).not.toBe(config.port);
      expect(app.ports).toBeUndefined();
      ids.add(config.instanceId);
      // Docker's SIGKILL must come after the instance's own graceful shutdown has had its time.
      expect(seconds(app.stop_grace_period!) * 1000).toBeGreaterThan(config.shutdownGraceMs);
    }
    expect(ids.size).toBe(apps.length);
  });

  it("mounts one named volume at MEDIA_DIR into every instance, or uses a bucket when one is named", () => {
    const { volumes } = compose;
    const mounted = new Set<string>();
    for (const [name, app] of apps) {
      const env = (extra: Record<string, string>) =>
        parseConfig(
          Object.fromEntries(
            Object.entries(app.environment ?? {}).map(([key, value]) => [
              key,
              interpolate(String(value), { ...operatorEnv, ...extra }),
            ]),
          ),
        );
      const dir = env({}).media.dir;
      const mount = app.volumes?.find((volume) => volume.endsWith(`:${dir}`));
      expect(mount, `${name} mounts nothing at MEDIA_DIR ${dir}`).toBeDefined();
      mounted.add(mount!.split(":")[0]!);
      expect(env({}).media.s3Bucket).toBeUndefined();
      const s3 = env({ MEDIA_S3_BUCKET: "news-media", AWS_REGION: "eu-west-1" }).media;
      expect(s3).toMatchObject({ s3Bucket: "news-media", s3Region: "eu-west-1" });
    }
    // One volume for all: a picture stored by one instance is served by every other.
    expect(mounted.size).toBe(1);
    expect(Object.keys(volumes)).toContain([...mounted][0]);
  });

  it("refuses to start without the Redis password or the public origin, and needs no session secret", () => {
    const env = apps[0]![1].environment!;
    expect(() => interpolate(env.REDIS_URL!, {})).toThrow(/REDIS_PASSWORD is required/);
    expect(() => interpolate(env.PUBLIC_ORIGIN!, {})).toThrow(
      /PUBLIC_ORIGIN is required: set PUBLIC_ORIGIN to the address readers open/,
    );
    // Unset, the instances agree on one through Redis (server/auth/session-secret.ts).
    const { REDIS_PASSWORD, PUBLIC_ORIGIN } = operatorEnv;
    const config = parseConfig(
      Object.fromEntries(
        Object.entries(env).map(([key, value]) => [
          key,
          interpolate(value, { REDIS_PASSWORD, PUBLIC_ORIGIN }),
        ]),
      ),
    );
    expect(config.sessionSecret).toBeUndefined();
  });

  it("runs nginx-trusted-proxies.sh before nginx, with NGINX_TRUSTED_PROXIES (default: none)", () => {
    const nginx = services.nginx!;
    expect(nginx.volumes).toContain(
      "./deploy/nginx-trusted-proxies.sh:/docker-entrypoint.d/40-liveblog-trusted-proxies.sh:ro",
    );
    // The image's entrypoint runs only executable scripts.
    expect(statSync(join(root, "deploy/nginx-trusted-proxies.sh")).mode & 0o111).not.toBe(0);
    const trusted = nginx.environment!.NGINX_TRUSTED_PROXIES!;
    expect(interpolate(trusted, operatorEnv)).toBe("");
    expect(interpolate(trusted, { NGINX_TRUSTED_PROXIES: "10.0.0.0/8" })).toBe("10.0.0.0/8");
  });

  it("mounts deploy/nginx.conf, whose upstream is exactly the replicas compose defines", () => {
    const nginx = services.nginx!;
    expect(nginx.volumes).toContain("./deploy/nginx.conf:/etc/nginx/nginx.conf:ro");
    const expected = apps.map(([name, app]) => `${name}:${app.environment!.PORT}`);
    expect(upstreamServers(readNginxConf()).sort()).toEqual(expected.sort());
    expect(Object.keys(nginx.depends_on ?? {}).sort()).toEqual(apps.map(([name]) => name).sort());
  });
});

describe("docker-compose.yml, profile cluster", () => {
  const nodes = Object.entries(clusterServices).filter(([name]) => name.startsWith("redis-node-"));
  const create = clusterServices["redis-cluster-create"]!;
  const network = "redis-cluster";
  const addressOf = (service: Service) =>
    (service.networks as Record<string, { ipv4_address?: string }>)[network]?.ipv4_address;
  const envOf = (app: Service, extra: Record<string, string> = {}) =>
    Object.fromEntries(
      Object.entries(app.environment ?? {}).map(([key, value]) => [
        key,
        interpolate(String(value), { ...operatorEnv, ...extra }),
      ]),
    );

  it("adds six cluster nodes, the one-shot create, three instances and nginx, apart from the default", () => {
    expect(Object.keys(clusterServices).sort()).toEqual(
      [
        ...["cluster-app1", "cluster-app2", "cluster-app3", "cluster-nginx"],
        ...["redis-cluster-create", ...[1, 2, 3, 4, 5, 6].map((n) => `redis-node-${n}`)],
      ].sort(),
    );
    // `docker compose up` is what it was: no default service needs a profile's.
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {}))
        expect(services[dependency], `${name} -> ${dependency}`).toBeDefined();
      expect(service.networks, name).toBeUndefined();
    }
    // And the profile needs nothing of the default one: `up cluster-nginx` starts only its own.
    for (const [name, service] of Object.entries(clusterServices)) {
      for (const dependency of Object.keys(service.depends_on ?? {}))
        expect(clusterServices[dependency], `${name} -> ${dependency}`).toBeDefined();
      const networks = Array.isArray(service.networks)
        ? service.networks
        : Object.keys(service.networks ?? {});
      expect(networks, name).toEqual([network]);
    }
  });

  it("runs each node cluster-enabled, with AOF, the password for clients and replication, private", () => {
    const subnet = compose.networks![network]!.ipam!.config[0]!.subnet;
    const prefix = subnet.replace(/\.0\/24$/, ".");
    const addresses = new Set<string>();
    const volumes = new Set<string>();
    for (const [name, node] of nodes) {
      const command = node.command!.map((arg) => interpolate(arg, operatorEnv));
      const value = (flag: string) => command[command.indexOf(flag) + 1];
      expect(command[0], name).toBe("redis-server");
      expect(value("--cluster-enabled"), name).toBe("yes");
      expect(value("--appendonly"), name).toBe("yes");
      expect(value("--requirepass"), name).toBe(operatorEnv.REDIS_PASSWORD);
      expect(value("--masterauth"), name).toBe(operatorEnv.REDIS_PASSWORD);
      expect(node.ports, name).toBeUndefined();
      expect(node.healthcheck?.test, name).toEqual(["CMD", "redis-cli", "ping"]);
      // nodes.conf lives in /data: a restarted node keeps its id, its role and its slots.
      expect(node.volumes, name).toEqual([`${name}:/data`]);
      volumes.add(name);
      const address = addressOf(node)!;
      expect(address.startsWith(prefix), `${name}: ${address} in ${subnet}`).toBe(true);
      addresses.add(address);
    }
    expect(addresses.size).toBe(6);
    for (const volume of volumes) expect(Object.keys(compose.volumes)).toContain(volume);
  });

  it("creates the cluster once, from every node's address, with a replica per master", () => {
    const script = create.command!.join(" ");
    const created = /redis-cli --cluster create ((?:\S+:6379 )+)/
      .exec(script)?.[1]!
      .trim()
      .split(" ");
    expect(created?.sort()).toEqual(nodes.map(([, node]) => `${addressOf(node)}:6379`).sort());
    expect(script).toMatch(/--cluster-replicas 1 --cluster-yes/);
    // Run again on a cluster that exists (a restart), it checks instead of failing.
    expect(script).toMatch(/cluster_known_nodes:6; then redis-cli --cluster check/);
    expect(create.environment!.REDISCLI_AUTH).toBe(
      "${REDIS_PASSWORD:?set REDIS_PASSWORD (letters and digits)}",
    );
    expect(Object.keys(create.depends_on!).sort()).toEqual(nodes.map(([name]) => name).sort());
    for (const dependency of Object.values(create.depends_on!))
      expect(dependency.condition).toBe("service_healthy");
  });

  it("gives the instances the cluster's seeds and password, variables the configuration knows", () => {
    const ids = new Set<string>();
    for (const [name, app] of clusterApps) {
      const env = envOf(app);
      const unknown = Object.keys(env).filter((key) => !CONFIG_VARIABLES.includes(key));
      expect(unknown, `${name} sets variables config.ts does not read`).toEqual([]);
      const config = parseConfig(env);
      expect(config.env).toBe("production");
      // Not both: REDIS_URL is emptied, which is unset.
      expect(env.REDIS_URL).toBe("");
      const seeds = env.REDIS_CLUSTER_NODES!.split(",").map((seed) => seed.split(":")[0]);
      for (const seed of seeds) expect(nodes.map(([node]) => node)).toContain(seed);
      expect(env.REDIS_PASSWORD).toBe(operatorEnv.REDIS_PASSWORD);
      expect(config.redisWaitReplicas).toBe(1);
      expect(parseConfig(envOf(app, { REDIS_WAIT_REPLICAS: "0" })).redisWaitReplicas).toBe(0);
      expect(Object.keys(app.depends_on!)).toEqual(["redis-cluster-create"]);
      expect(app.depends_on!["redis-cluster-create"]!.condition).toBe(
        "service_completed_successfully",
      );
      expect(app.build?.dockerfile).toBe("deploy/Dockerfile");
      ids.add(config.instanceId);
    }
    expect(ids.size).toBe(3);
  });

  it("puts nginx in front with deploy/nginx.conf, whose app1..app3 are the profile's instances", () => {
    const nginx = clusterServices["cluster-nginx"]!;
    expect(nginx.volumes).toContain("./deploy/nginx.conf:/etc/nginx/nginx.conf:ro");
    const aliases = clusterApps.map(([, app]) => {
      const [alias] = (app.networks as Record<string, { aliases: string[] }>)[network]!.aliases;
      return `${alias}:${app.environment!.PORT}`;
    });
    expect(upstreamServers(readNginxConf()).sort()).toEqual(aliases.sort());
    expect(Object.keys(nginx.depends_on!).sort()).toEqual(clusterApps.map(([name]) => name).sort());
    const port = (service: Service) => interpolate(service.ports![0]!, {}).split(":")[0];
    expect(port(nginx)).not.toBe(port(services.nginx!));
  });
});

describe("deploy/nginx.conf", () => {
  const conf = readNginxConf();
  const dir = mkdtempSync(join(tmpdir(), "liveblog-nginx-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is accepted by nginx as `npm run cluster` renders it", () => {
    const rendered = join(dir, "nginx.conf");
    const text = renderLocalNginxConf(conf, { instancePorts: [3001, 3002], listenPort: 8089, dir });
    mkdirSync(join(dir, "temp"));
    writeFileSync(rendered, text);
    const check = spawnSync(
      findNginx(),
      ["-t", "-p", `${dir}/`, "-c", rendered, "-e", join(dir, "error.log")],
      {
        encoding: "utf8",
      },
    );
    expect(check.stderr).toContain("test is successful");
    expect(upstreamServers(text)).toEqual(["127.0.0.1:3001", "127.0.0.1:3002"]);
  });

  it("is accepted by nginx with trusted proxies, as the container's script writes them", () => {
    const trusted = ["10.0.0.0/8", "192.168.1.5", "fd00::/8"];
    const scriptDir = join(dir, "script");
    mkdirSync(scriptDir);
    const script = spawnSync("sh", [join(root, "deploy/nginx-trusted-proxies.sh"), scriptDir], {
      encoding: "utf8",
      env: { ...process.env, NGINX_TRUSTED_PROXIES: "10.0.0.0/8, 192.168.1.5 fd00::/8" },
    });
    expect(script.status, script.stderr).toBe(0);
    const lines = (file: string) =>
      readFileSync(join(scriptDir, file), "utf8")
        .split("\n")
        .filter((line) => line && !line.startsWith("#"));
    expect(lines("trusted-proxies.conf")).toEqual(trusted.map((r) => `set_real_ip_from ${r};`));
    expect(lines("trusted-proxies.geo")).toEqual(trusted.map((r) => `${r} 1;`));

    // The local render writes the same lines in place of the includes.
    const localDir = join(dir, "local");
    mkdirSync(join(localDir, "temp"), { recursive: true });
    const text = renderLocalNginxConf(conf, {
      instancePorts: [3001],
      listenPort: 8089,
      dir: localDir,
      trustedProxies: trusted,
    });
    for (const line of [...lines("trusted-proxies.conf"), ...lines("trusted-proxies.geo")]) {
      expect(text).toContain(`    ${line}\n`);
    }
    expect(text).not.toMatch(/^\s*include\s+trusted-proxies/m);
    writeFileSync(join(localDir, "nginx.conf"), text);
    const check = spawnSync(
      findNginx(),
      ["-t", "-p", `${localDir}/`, "-c", join(localDir, "nginx.conf"), "-e", join(dir, "e.log")],
      { encoding: "utf8" },
    );
    expect(check.stderr).toContain("test is successful");
  });

  it("refuses a trusted proxy that is not an address or a range, in the script and the render", () => {
    for (const bad of ["10.0.0.0/8;", "proxy.example", "*", "10.0.0.1/8/8"]) {
      const script = spawnSync("sh", [join(root, "deploy/nginx-trusted-proxies.sh"), dir], {
        encoding: "utf8",
        env: { ...process.env, NGINX_TRUSTED_PROXIES: `127.0.0.1 ${bad}` },
      });
      expect(script.status, bad).toBe(1);
      expect(script.stderr).toContain(`"${bad}" is not an address or a CIDR range`);
      expect(() =>
        renderLocalNginxConf(conf, {
          instancePorts: [3001],
          listenPort: 8089,
          dir,
          trustedProxies: [bad],
        }),
      ).toThrow(/is not an address or a CIDR range/);
    }
  });

  it("takes the client's address and scheme from trusted proxies only, and forwards them", () => {
    expect(conf).toMatch(/^\s*include trusted-proxies\.conf;$/m);
    expect(conf).toMatch(/^\s*real_ip_header X-Forwarded-For;$/m);
    expect(conf).toMatch(/^\s*real_ip_recursive on;$/m);
    expect(conf).toMatch(/geo \$realip_remote_addr \$from_trusted_proxy \{[^}]*default 0;/);
    // After real_ip, $remote_addr is the client's: one address, the one the instances read.
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
    expect(conf).toMatch(/proxy_set_header X-Real-IP \$remote_addr;/);
    expect(conf).toMatch(/proxy_set_header X-Forwarded-Proto \$forwarded_proto;/);
  });

  it("upgrades WebSockets, sticks clients by address, and outlives Socket.IO's heartbeat", () => {
    expect(conf).toMatch(/hash \$remote_addr consistent;/);
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(conf).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(conf).toMatch(/proxy_next_upstream error timeout;/);
    // With the port: the instance checks a browser's Origin against it.
    expect(conf).toMatch(/proxy_set_header Host \$http_host;/);
    for (const header of ["X-Forwarded-For", "X-Forwarded-Proto"]) {
      expect(conf).toMatch(new RegExp(`proxy_set_header ${header} `));
    }
    // Socket.IO's defaults: a ping every 25 s, 20 s to answer it.
    expect(seconds(/proxy_read_timeout (\d+s);/.exec(conf)![1]!)).toBeGreaterThan(25 + 20);
  });
});

describe("deploy/Dockerfile", () => {
  const dockerfile = read("deploy/Dockerfile");
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1)!;

  it("builds in stages and ships a runtime without the compiler or sources", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(runtime).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect(runtime).not.toMatch(/COPY \. /);
    expect(runtime).toMatch(/CMD \["node", "dist\/server\/index\.js"\]/);
  });

  it("is started by node itself, which receives the SIGTERM of a stop, never through npm", () => {
    // npm does not pass signals on to its script: the server would never drain (DEPLOY.md).
    expect(runtime).not.toMatch(/^(CMD|ENTRYPOINT).*npm/m);
    for (const [name, app] of apps) expect(app.command, name).toBeUndefined();
  });

  it("gives the unprivileged user the one folder it writes, MEDIA_DIR", () => {
    const dir = /^ENV MEDIA_DIR=(\S+)$/m.exec(runtime)?.[1];
    // Where compose mounts the volume, which takes the folder's owner when first used.
    expect(dir).toBe(apps[0]![1].environment!.MEDIA_DIR);
    expect(runtime).toMatch(new RegExp(`RUN mkdir -p ${dir} && chown node:node ${dir}\n`));
    // Before USER: only root may hand the folder over.
    expect(runtime.indexOf("chown node:node")).toBeLessThan(runtime.indexOf("USER node"));
  });

  it("runs as a non-root user in production mode with a health check on /livez", () => {
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/livez/m);
  });
});
