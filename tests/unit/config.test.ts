import express from "express";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../server/config.js";

describe("parseConfig", () => {
  it("gives the documented defaults for an empty environment (embedded mode)", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: "0.0.0.0",
      redis: undefined,
      redisWaitReplicas: 0,
      historyLimit: 1000,
      publicOrigins: [],
      demo: true,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("treats empty variables as unset and parses lists and numbers", () => {
    const config = parseConfig({
      PORT: "8080",
      REDIS_URL: "",
      PUBLIC_ORIGIN: "https://news.example/, https://www.news.example",
      TRUST_PROXY: "1",
    });
    expect(config).toMatchObject({
      port: 8080,
      redis: undefined,
      publicOrigins: ["https://news.example", "https://www.news.example"],
      trustProxy: 1,
    });
  });

  it("lists every problem at once, naming the variable and what is expected", () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: "eighty",
        REDIS_URL: "http://redis",
        ADMIN_TOKEN: "short",
        LOG_LEVEL: "loud",
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/^PORT /m);
    expect(problems).toMatch(/^REDIS_URL must start with redis:\/\/ or rediss:\/\//m);
    expect(problems).toMatch(/^ADMIN_TOKEN must be at least 24 characters/m);
    expect(problems).toMatch(/^LOG_LEVEL /m);
  });

  it("takes TRUST_PROXY as Express's trust proxy does: a boolean, a hop count or a list", () => {
    const trustProxy = (value: string) => parseConfig({ TRUST_PROXY: value }).trustProxy;
    expect(trustProxy("true")).toBe(true);
    expect(trustProxy("false")).toBe(false);
    expect(parseConfig({}).trustProxy).toBe(false);
    expect(trustProxy("1")).toBe(1);
    const list =
      "loopback, 172.16.0.0/12,10.0.0.0/255.0.0.0, fd00::/8, ::1, uniquelocal, linklocal";
    expect(trustProxy(list)).toEqual([
      "loopback",
      "172.16.0.0/12",
      "10.0.0.0/255.0.0.0",
      "fd00::/8",
      "::1",
      "uniquelocal",
      "linklocal",
    ]);
    // Express compiles it when set, and would throw here on a value it does not understand.
    const app = express();
    app.set("trust proxy", trustProxy(list));
    expect(app.get("trust proxy fn")).toBeTypeOf("function");
  });

  it("refuses a TRUST_PROXY Express would not understand, naming the variable and the value", () => {
    for (const value of ["yes", "1.5", "10.0.0.0/33", "10.0.0.0/8, nginx", "loopback,,::1"]) {
      expect(() => parseConfig({ TRUST_PROXY: value }), value).toThrow(ConfigError);
    }
    expect(() => parseConfig({ TRUST_PROXY: "10.0.0.0/8, nginx" })).toThrow(
      /^ {2}- TRUST_PROXY must be true, false, a hop count, or a comma-separated list .*; not "nginx"$/m,
    );
  });

  it("takes REDIS_URL without SESSION_SECRET (the instances agree on one), and keeps an explicit one", () => {
    expect(
      parseConfig({ REDIS_URL: "redis://localhost:6379", PUBLIC_ORIGIN: "https://live.example" }),
    ).toMatchObject({
      redis: { kind: "single", url: "redis://localhost:6379", auth: { tls: false } },
      sessionSecret: undefined,
    });
    expect(
      parseConfig({
        REDIS_URL: "rediss://:pw@redis.example:6380",
        SESSION_SECRET: "s".repeat(32),
        PUBLIC_ORIGIN: "https://live.example",
      }).sessionSecret,
    ).toBe("s".repeat(32));
  });

  it("takes REDIS_CLUSTER_NODES as host:port or URLs, with REDIS_PASSWORD or the URLs' credentials", () => {
    const origin = { PUBLIC_ORIGIN: "https://live.example" };
    expect(
      parseConfig({
        ...origin,
        REDIS_CLUSTER_NODES: "10.0.0.1:7000, 10.0.0.2:7001",
        REDIS_PASSWORD: "pw",
        REDIS_WAIT_REPLICAS: "1",
      }),
    ).toMatchObject({
      redis: {
        kind: "cluster",
        seeds: [
          { host: "10.0.0.1", port: 7000 },
          { host: "10.0.0.2", port: 7001 },
        ],
        auth: { password: "pw", tls: false },
      },
      redisWaitReplicas: 1,
    });
    expect(
      parseConfig({
        ...origin,
        REDIS_CLUSTER_NODES: "rediss://app:s%40cret@redis-a.example:6380,redis-b.example:6380",
      }).redis,
    ).toEqual({
      kind: "cluster",
      seeds: [
        { host: "redis-a.example", port: 6380 },
        { host: "redis-b.example", port: 6380 },
      ],
      auth: { username: "app", password: "s@cret", tls: true },
    });
  });

  it("refuses REDIS_URL and REDIS_CLUSTER_NODES together, a bad seed, and a cluster without PUBLIC_ORIGIN", () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseConfig(env);
      } catch (err) {
        return (err as ConfigError).problems.join("\n");
      }
      return "";
    };
    expect(
      problems({
        REDIS_URL: "redis://localhost:6379",
        REDIS_CLUSTER_NODES: "localhost:7000",
        PUBLIC_ORIGIN: "https://live.example",
      }),
    ).toMatch(
      /^REDIS_CLUSTER_NODES and REDIS_URL are both set: set REDIS_URL for one Redis server, or REDIS_CLUSTER_NODES for a Redis Cluster, not both$/m,
    );
    expect(
      problems({ REDIS_CLUSTER_NODES: "http://x:1", PUBLIC_ORIGIN: "https://live.example" }),
    ).toMatch(/^REDIS_CLUSTER_NODES must list host:port or redis:\/\/ or rediss:\/\/ URLs/m);
    const withoutOrigin = problems({
      REDIS_CLUSTER_NODES: "localhost:7000",
      REDIS_PASSWORD: "hidden-pw",
    });
    expect(withoutOrigin).toMatch(/^PUBLIC_ORIGIN is required with REDIS_CLUSTER_NODES/m);
    expect(withoutOrigin).not.toMatch(/hidden-pw/);
  });

  it("refuses REDIS_URL without PUBLIC_ORIGIN, saying what to set, among the other problems", () => {
    let error: unknown;
    try {
      parseConfig({
        REDIS_URL: "redis://localhost:6379",
        SESSION_SECRET: "s".repeat(32),
        PORT: "x",
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toContainEqual(expect.stringMatching(/^PORT /));
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^PUBLIC_ORIGIN is required with REDIS_URL: set it to the address readers open, e\.g\. https:\/\//,
      ),
    );
    const config = parseConfig({
      REDIS_URL: "redis://localhost:6379",
      SESSION_SECRET: "s".repeat(32),
      PUBLIC_ORIGIN: "https://live.example/, http://localhost:8080",
    });
    expect(config.publicOrigins).toEqual(["https://live.example", "http://localhost:8080"]);
  });

  it("spares the editor CLI PUBLIC_ORIGIN, which only a server needs", () => {
    const env = { REDIS_URL: "redis://localhost:6379", SESSION_SECRET: "s".repeat(32) };
    expect(parseConfig(env, { server: false }).publicOrigins).toEqual([]);
  });

  it("accepts only http(s) origins in PUBLIC_ORIGIN", () => {
    for (const value of ["live.example.com", "localhost:8080", "ftp://live.example"])
      expect(() => parseConfig({ PUBLIC_ORIGIN: value }), value).toThrow(/^Invalid configuration/);
  });

  it("serves metrics on METRICS_PORT 9464 by default, any free port with 0, none with off", () => {
    expect(parseConfig({}).metricsPort).toBe(9464);
    expect(parseConfig({ METRICS_PORT: "0" }).metricsPort).toBe(0);
    expect(parseConfig({ METRICS_PORT: "off" }).metricsPort).toBeNull();
    expect(() => parseConfig({ METRICS_PORT: "no" })).toThrow(
      /METRICS_PORT must be a port number \(0 = any free port\) or off/,
    );
    expect(() => parseConfig({ PORT: "9464" })).toThrow(/METRICS_PORT must differ from PORT/);
    expect(parseConfig({ PORT: "9464", METRICS_PORT: "9465" }).metricsPort).toBe(9465);
  });

  it("keeps media in MEDIA_DIR unless a bucket is named, and then needs to know where it is", () => {
    expect(parseConfig({}).media).toMatchObject({ dir: "data/media", s3Bucket: undefined });
    // On AWS the region says where the bucket is; elsewhere the endpoint does.
    expect(() => parseConfig({ MEDIA_S3_BUCKET: "news-media" })).toThrow(
      /AWS_REGION is required with MEDIA_S3_BUCKET on AWS/,
    );
    expect(
      parseConfig({ MEDIA_S3_BUCKET: "news-media", AWS_REGION: "eu-west-1" }).media,
    ).toMatchObject({
      s3Bucket: "news-media",
      s3Endpoint: undefined,
      s3Region: "eu-west-1",
      s3Credentials: undefined,
    });
    const minio = parseConfig({
      MEDIA_S3_BUCKET: "news-media",
      MEDIA_S3_ENDPOINT: "http://minio:9000",
      AWS_ACCESS_KEY_ID: "key",
      AWS_SECRET_ACCESS_KEY: "secret",
    }).media;
    expect(minio).toMatchObject({
      s3Endpoint: "http://minio:9000",
      s3Region: "us-east-1",
      s3Credentials: { accessKeyId: "key", secretAccessKey: "secret" },
    });
  });

  it("refuses a bucket name S3 would refuse, and one half of a key pair", () => {
    for (const bucket of ["My_Bucket", "ab", "-media", "media/photos"])
      expect(
        () => parseConfig({ MEDIA_S3_BUCKET: bucket, AWS_REGION: "eu-west-1" }),
        bucket,
      ).toThrow(/MEDIA_S3_BUCKET must be a bucket name/);
    expect(() => parseConfig({ AWS_ACCESS_KEY_ID: "key" })).toThrow(
      /AWS_SECRET_ACCESS_KEY is required with the other/,
    );
    expect(() => parseConfig({ AWS_SECRET_ACCESS_KEY: "secret" })).toThrow(
      /AWS_ACCESS_KEY_ID is required with the other/,
    );
  });

  it("names the publisher 'liveblog' without a logo or X account unless told, with the @ added", () => {
    expect(parseConfig({}).publisher).toEqual({
      name: "liveblog",
      logoUrl: undefined,
      xAccount: undefined,
    });
    expect(
      parseConfig({
        PUBLISHER_NAME: "Daily Example",
        PUBLISHER_LOGO_URL: "https://news.example/logo.png",
        PUBLISHER_X_ACCOUNT: "dailyexample",
      }).publisher,
    ).toEqual({
      name: "Daily Example",
      logoUrl: "https://news.example/logo.png",
      xAccount: "@dailyexample",
    });
    expect(() => parseConfig({ PUBLISHER_X_ACCOUNT: "https://x.com/dailyexample" })).toThrow(
      /PUBLISHER_X_ACCOUNT must be an X username such as @newsroom/,
    );
  });
});
