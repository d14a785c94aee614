/**
 * Configuration: parsed once from the environment, validated, frozen. Nothing else reads
 * process.env. A bad value stops the process with every problem listed (see .env.example).
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { z } from "zod";
import { blogLanguageSchema, blogTimeZoneSchema } from "../shared/schemas.js";
import { redisTarget, seedUrl } from "./store/redis/target.js";

const csv = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .url({ protocol: /^https?$/, error: "must list http:// or https:// origins" })
        .transform((u) => new URL(u).origin),
    ),
  );

/** EMBED_ORIGINS: `*` (any site may frame the embed page), or a list of origins as for PUBLIC_ORIGIN. */
const embedOrigins = z
  .string()
  .default("*")
  .transform((value) => value.trim())
  .pipe(z.union([z.literal("*").transform(() => ["*"]), csv]))
  .refine((origins) => origins.length > 0, "must be * or list at least one origin");

/** Where a pasted Mastodon post may load from when MASTODON_EMBED_INSTANCES is unset (.env.example). */
export const DEFAULT_MASTODON_EMBED_INSTANCES: readonly string[] = [
  "mastodon.social",
  "mastodon.online",
  "mstdn.social",
  "mas.to",
  "mastodon.world",
  "hachyderm.io",
  "infosec.exchange",
  "fosstodon.org",
  "journa.host",
  "newsie.social",
  "social.bund.de",
  "social.network.europa.eu",
];

const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** MASTODON_EMBED_INSTANCES: host names, comma separated, or `off`. */
const mastodonInstances = z
  .string()
  .optional()
  .transform((value, ctx): string[] => {
    if (value === undefined) return [...DEFAULT_MASTODON_EMBED_INSTANCES];
    if (value.trim() === "off") return [];
    const hosts = value.split(",").map((host) => host.trim().toLowerCase());
    const bad = hosts.filter((host) => !HOST_NAME.test(host));
    if (bad.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `must be off or host names (mastodon.social), comma separated; not ${bad.map((host) => JSON.stringify(host)).join(", ")}`,
      });
      return z.NEVER;
    }
    return [...new Set(hosts)];
  });

/** The names Express's `trust proxy` (proxy-addr) knows for groups of ranges. */
const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** An address, `address/prefix`, `address/netmask` or a range name, as proxy-addr accepts them. */
function isProxyRange(item: string): boolean {
  if (PROXY_RANGE_NAMES.has(item)) return true;
  const [address = "", mask, ...rest] = item.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (mask === undefined) return true;
  if (/^\d{1,3}$/.test(mask)) return Number(mask) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(mask) === 4;
}

/**
 * TRUST_PROXY as Express's `trust proxy` takes it: true (every hop: only when the one proxy in
 * front overwrites X-Forwarded-For), false, a hop count, or a comma-separated list of trusted
 * proxy addresses, CIDR ranges and names (loopback, linklocal, uniquelocal). Checked here,
 * since Express would only throw on the first request.
 */
const trustProxy = z
  .string()
  .default("false")
  .transform((v, ctx): boolean | number | string[] => {
    const value = v.trim();
    if (value === "true") return true;
    if (value === "false") return false;
    if (/^\d+$/.test(value)) return Number(value);
    const items = value.split(",").map((item) => item.trim());
    const bad = items.filter((item) => !isProxyRange(item));
    if (bad.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `must be true, false, a hop count, or a comma-separated list of addresses, CIDR ranges, loopback, linklocal or uniquelocal; not ${bad.map((item) => JSON.stringify(item)).join(", ")}`,
      });
      return z.NEVER;
    }
    return items;
  });

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    REDIS_URL: z
      .url()
      .refine((u) => /^rediss?:/.test(u), "must start with redis:// or rediss://")
      .optional(),
    // Seed nodes of a Redis Cluster instead of REDIS_URL: host:port or redis[s]:// URLs.
    REDIS_CLUSTER_NODES: z
      .string()
      .superRefine((value, ctx) => {
        const entries = value.split(",").filter((entry) => entry.trim());
        if (entries.length === 0) ctx.addIssue({ code: "custom", message: "must list a seed" });
        for (const entry of entries) {
          try {
            seedUrl(entry.trim());
          } catch (err) {
            ctx.addIssue({
              code: "custom",
              message: `must list host:port or redis:// or rediss:// URLs, comma separated: ${(err as Error).message}`,
            });
          }
        }
      })
      .optional(),
    // Credentials for REDIS_CLUSTER_NODES (or REDIS_URL) when its URLs carry none.
    REDIS_USERNAME: z.string().min(1).optional(),
    REDIS_PASSWORD: z.string().min(1).optional(),
    // Replicas that must have each change before an editor is told it is saved (WAIT).
    REDIS_WAIT_REPLICAS: z.coerce.number().int().min(0).max(16).default(0),
    ADMIN_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
    ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
    PUBLIC_ORIGIN: csv.optional(),
    EMBED_ORIGINS: embedOrigins,
    MASTODON_EMBED_INSTANCES: mastodonInstances,
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(12),
    TRUST_PROXY: trustProxy,
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    HISTORY_LIMIT: z.coerce.number().int().min(10).max(100_000).default(1000),
    REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(1500),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
    INSTANCE_ID: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/)
      .optional(),
    LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10),
    LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(120),
    VOTE_RATE_PER_ADDRESS: z.coerce.number().int().min(1).default(120),
    VOTE_RATE_PER_DEVICE: z.coerce.number().int().min(1).default(30),
    READER_MAX_BLOGS: z.coerce.number().int().min(1).max(1_000).default(50),
    CATCH_UP_BYTES_PER_SECOND: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .default(8 * 1024 * 1024),
    DEMO: z.enum(["on", "off"]).default("on"),
    ARCHIVE_AFTER_DAYS: z.coerce.number().int().min(0).max(36_500).default(30),
    // What a new blog speaks and the zone it tells time in, unless it is created with its own.
    DEFAULT_LANGUAGE: blogLanguageSchema.default("en"),
    DEFAULT_TIME_ZONE: blogTimeZoneSchema.default("UTC"),
    // The publisher named in every page's structured data (schema.org Organization).
    PUBLISHER_NAME: z.string().trim().min(1).max(200).default("liveblog"),
    PUBLISHER_LOGO_URL: z
      .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
      .optional(),
    // Its account on X, for link previews' twitter:site and twitter:creator.
    PUBLISHER_X_ACCOUNT: z
      .string()
      .regex(/^@?[A-Za-z0-9_]{1,15}$/, "must be an X username such as @newsroom")
      .transform((name) => (name.startsWith("@") ? name : `@${name}`))
      .optional(),
    // Media (server/media/): files in a folder, or in an S3-compatible bucket when one is named.
    MEDIA_DIR: z.string().min(1).default("data/media"),
    MEDIA_S3_BUCKET: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        "must be a bucket name: 3-63 characters of a-z, 0-9, dots and hyphens",
      )
      .optional(),
    MEDIA_S3_ENDPOINT: z
      .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
      .optional(),
    // The standard AWS variables, read here rather than by the SDK so that they are checked
    // with the rest; unset credentials leave the SDK's own chain (profile, role, instance).
    AWS_REGION: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/, "must be a region name such as eu-west-1")
      .optional(),
    AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
    AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    AWS_SESSION_TOKEN: z.string().min(1).optional(),
    MEDIA_PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
      .transform((u) => u.replace(/\/+$/, ""))
      .optional(),
    MEDIA_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(200 * 1024 * 1024)
      .default(15 * 1024 * 1024),
    MEDIA_MAX_PIXELS: z.coerce.number().int().min(1_000_000).max(268_402_689).default(70_000_000),
    MEDIA_UPLOADS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    METRICS_PORT: z
      .string()
      .default("9464")
      .refine(
        (v) => v === "off" || (/^\d{1,5}$/.test(v) && Number(v) <= 65_535),
        "must be a port number (0 = any free port) or off",
      )
      .transform((v) => (v === "off" ? null : Number(v))),
  })
  // Rules that tie variables together. SESSION_SECRET is not one of them: with REDIS_URL and
  // without it, the instances agree on one through Redis (server/auth/session-secret.ts).
  .superRefine(
    (env, ctx) => {
      if (env.REDIS_URL && env.REDIS_CLUSTER_NODES)
        ctx.addIssue({
          code: "custom",
          path: ["REDIS_CLUSTER_NODES"],
          message:
            "and REDIS_URL are both set: set REDIS_URL for one Redis server, or REDIS_CLUSTER_NODES for a Redis Cluster, not both",
        });
    },
    { when: () => true },
  );

/**
 * What only a server needs (the editor CLI writes no URL and opens no port). Checked even when
 * other variables are wrong, so that every problem is listed at once.
 */
const serverEnvSchema = envSchema.superRefine(
  (env, ctx) => {
    if ((env.REDIS_URL || env.REDIS_CLUSTER_NODES) && !env.PUBLIC_ORIGIN) {
      ctx.addIssue({
        code: "custom",
        path: ["PUBLIC_ORIGIN"],
        message:
          `is required with ${env.REDIS_URL ? "REDIS_URL" : "REDIS_CLUSTER_NODES"}: set it to the address readers open, e.g. https://live.example.com ` +
          "(pages and feeds build their absolute URLs from it, never from a request's Host header)",
      });
    }
    if (env.MEDIA_S3_BUCKET && !env.MEDIA_S3_ENDPOINT && !env.AWS_REGION) {
      ctx.addIssue({
        code: "custom",
        path: ["AWS_REGION"],
        message:
          "is required with MEDIA_S3_BUCKET on AWS: set it to the bucket's region, e.g. eu-west-1 " +
          "(or set MEDIA_S3_ENDPOINT for MinIO, Ceph and other S3-compatible stores)",
      });
    }
    if (Boolean(env.AWS_ACCESS_KEY_ID) !== Boolean(env.AWS_SECRET_ACCESS_KEY)) {
      ctx.addIssue({
        code: "custom",
        path: [env.AWS_ACCESS_KEY_ID ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID"],
        message:
          "is required with the other: set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither (the SDK's own chain: profile, role, instance)",
      });
    }
    if (env.METRICS_PORT && env.METRICS_PORT === env.PORT) {
      ctx.addIssue({
        code: "custom",
        path: ["METRICS_PORT"],
        message: "must differ from PORT: the metrics are for Prometheus, not for the public",
      });
    }
  },
  { when: () => true },
);

/** Every variable the configuration reads, for deployment files to be checked against. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof envSchema>) {
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    /** The Redis server or cluster; undefined = embedded mode (redis/target.ts). */
    redis: redisTarget({
      url: env.REDIS_URL,
      clusterNodes: env.REDIS_CLUSTER_NODES,
      username: env.REDIS_USERNAME,
      password: env.REDIS_PASSWORD,
    }),
    /** Replicas each change waits for (WAIT) before it is acknowledged; 0 = none. */
    redisWaitReplicas: env.REDIS_WAIT_REPLICAS,
    adminToken: env.ADMIN_TOKEN,
    adminPassword: env.ADMIN_PASSWORD,
    /**
     * Browser origins allowed to open sockets and send cookie-authenticated writes; empty = same
     * origin only. The first is the origin of every absolute URL (server/http/public-origin.ts).
     */
    publicOrigins: env.PUBLIC_ORIGIN ?? [],
    /** Sites whose pages may frame the embed page (CSP frame-ancestors); ["*"] = any. */
    embedOrigins: env.EMBED_ORIGINS,
    /** Mastodon servers whose post frames the pages load (CSP frame-src, the client's check). */
    mastodonEmbedInstances: env.MASTODON_EMBED_INSTANCES,
    /** Unset: the instances agree on one through the store (server/auth/session-secret.ts). */
    sessionSecret: env.SESSION_SECRET,
    sessionTtlSeconds: Math.round(env.SESSION_TTL_HOURS * 3600),
    /** Express's `trust proxy`: which hops' X-Forwarded-For/-Proto give req.ip and req.secure. */
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    historyLimit: env.HISTORY_LIMIT,
    redisCommandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    instanceId: env.INSTANCE_ID ?? `${process.pid}-${randomBytes(3).toString("hex")}`,
    loginMaxAttempts: env.LOGIN_MAX_ATTEMPTS,
    loginWindowSeconds: env.LOGIN_WINDOW_SECONDS,
    writesPerMinute: env.WRITES_PER_MINUTE,
    /** Readers' votes and reactions (together) a minute, per client address and per device. */
    voteRatePerAddress: env.VOTE_RATE_PER_ADDRESS,
    voteRatePerDevice: env.VOTE_RATE_PER_DEVICE,
    /** Blogs one socket may follow at once (pending subscriptions included). */
    readerMaxBlogs: env.READER_MAX_BLOGS,
    /** Bytes of logged events all readers' catch-ups may read a second (twice that at once). */
    catchUpBytesPerSecond: env.CATCH_UP_BYTES_PER_SECOND,
    demo: env.DEMO === "on",
    /** Ended blogs leave the index page for /archive this many days after they ended; 0 = never. */
    archiveAfterDays: env.ARCHIVE_AFTER_DAYS,
    /** A new blog's language and time zone when its creator names none. */
    defaultLanguage: env.DEFAULT_LANGUAGE,
    defaultTimeZone: env.DEFAULT_TIME_ZONE,
    /**
     * The Organization in structured data; the logo is an absolute URL (Google asks for one). Its
     * name is og:site_name, and its X account (with the @) twitter:site and twitter:creator.
     */
    publisher: {
      name: env.PUBLISHER_NAME,
      logoUrl: env.PUBLISHER_LOGO_URL,
      xAccount: env.PUBLISHER_X_ACCOUNT,
    },
    media: {
      /** Folder of the files when no bucket is set (relative to the working directory). */
      dir: env.MEDIA_DIR,
      /** S3-compatible bucket; when set, the files live there instead of in `dir`. */
      s3Bucket: env.MEDIA_S3_BUCKET,
      /** Endpoint of a non-AWS S3 API (MinIO, Ceph, ...); path-style addressing then. */
      s3Endpoint: env.MEDIA_S3_ENDPOINT,
      /** AWS_REGION; with an endpoint and no region, us-east-1 (what MinIO and Ceph expect). */
      s3Region: env.AWS_REGION ?? (env.MEDIA_S3_ENDPOINT ? "us-east-1" : undefined),
      /** From AWS_ACCESS_KEY_ID and friends; undefined = the SDK's own credential chain. */
      s3Credentials:
        env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
          ? {
              accessKeyId: env.AWS_ACCESS_KEY_ID,
              secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
              sessionToken: env.AWS_SESSION_TOKEN,
            }
          : undefined,
      /** Where a CDN serves the files: /media/<file> then redirects there. */
      publicUrl: env.MEDIA_PUBLIC_URL,
      maxBytes: env.MEDIA_MAX_BYTES,
      /** Decoded pixels a picture may have: more is a decompression bomb, refused with 422. */
      maxPixels: env.MEDIA_MAX_PIXELS,
      uploadsPerMinute: env.MEDIA_UPLOADS_PER_MINUTE,
    },
    /** Port of the separate Prometheus listener on HOST; null = none (METRICS_PORT=off). */
    metricsPort: env.METRICS_PORT,
  };
}

/** Thrown with every problem found, one per line, for the process to print before it exits. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Parses an environment (process.env, or a plain object in tests) into a frozen Config. A tool
 * that serves nothing (the editor CLI) passes `{ server: false }` and is spared what only a
 * server needs.
 */
export function parseConfig(
  source: Record<string, string | undefined>,
  { server = true }: { server?: boolean } = {},
): Readonly<Config> {
  // An empty variable in .env means "not set", as a newcomer who leaves a line blank expects.
  const env = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = (server ? serverEnvSchema : envSchema).safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map(
        (issue) => `${issue.path.join(".") || "environment"} ${issue.message}`,
      ),
    );
  }
  return Object.freeze(toConfig(result.data));
}

/** The process environment, with a `.env` file in the working directory loaded under it if present. */
export function readEnvironment(): Record<string, string | undefined> {
  // Variables already set in the environment win over the file, as with docker and systemd.
  if (existsSync(".env")) process.loadEnvFile(".env");
  return process.env;
}
