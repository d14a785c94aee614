/**
 * Rate limits: failed log-ins per client address, writes and uploads per editor, and readers'
 * votes and reactions per client address and per device. With Redis the counters are shared by
 * every instance (rate-limit-redis), so spreading attempts over instances gains nothing;
 * embedded mode counts in memory. What readers read is never limited here.
 */
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { ipKeyGenerator, rateLimit, type Options } from "express-rate-limit";
import { RedisStore, type RedisReply } from "rate-limit-redis";
import type { Config } from "../config.js";
import { rateLimited } from "../errors.js";
import type { Store } from "../store/port.js";

/**
 * rate-limit-redis keeps the promise of its Lua script's SHA and reuses it. When reloading the
 * script fails (a restarted Redis that is still slow, say), that promise stays rejected and
 * every later write would get 503 until the process restarts. After any failure this store
 * loads the script afresh on the next request instead.
 */
class SelfHealingRedisStore extends RedisStore {
  private reloadScript = false;

  override async increment(key: string) {
    if (this.reloadScript) {
      this.reloadScript = false;
      this.incrementScriptSha = this.loadIncrementScript();
    }
    try {
      return await super.increment(key);
    } catch (err) {
      this.reloadScript = true;
      throw err;
    }
  }
}

/**
 * The limiter's own complaints (its script not loaded in time at start-up, say) as log lines
 * like every other, not as text on stderr between the JSON lines.
 */
const limiterLogger = (log: Logger): Options["logger"] => ({
  warn: (err: unknown, message?: string) => log.warn({ err }, message),
  error: (err: unknown, message?: string) => log.error({ err }, message),
});

function limiter(
  store: Store,
  log: Logger,
  prefix: string,
  options: Partial<Options> & { message: string },
): RequestHandler {
  const { message, ...rest } = options;
  return rateLimit({
    standardHeaders: "draft-7",
    legacyHeaders: false,
    logger: limiterLogger(log),
    ...rest,
    store: store.sendCommand
      ? new SelfHealingRedisStore({
          prefix: `lb:rl:${prefix}:`,
          sendCommand: store.sendCommand as (...args: string[]) => Promise<RedisReply>,
        })
      : undefined,
    handler: (req, res, next) => {
      const info = (req as typeof req & { rateLimit?: { resetTime?: Date } }).rateLimit;
      const resetTime = info?.resetTime?.getTime() ?? Date.now() + 60_000;
      res.set("Retry-After", String(Math.max(1, Math.ceil((resetTime - Date.now()) / 1000))));
      next(rateLimited(message));
    },
  });
}

export function createRateLimits(store: Store, config: Config, log: Logger) {
  return {
    /** Counts only failed attempts, so an editor who types the password right is never locked out by it. */
    login: limiter(store, log, "login", {
      windowMs: config.loginWindowSeconds * 1000,
      limit: config.loginMaxAttempts,
      skipSuccessfulRequests: true,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? "unknown"),
      message: "Too many failed log-ins from your address; wait a little and try again.",
    }),
    write: limiter(store, log, "write", {
      windowMs: 60_000,
      limit: config.writesPerMinute,
      keyGenerator: (req) => `editor:${req.editor?.name ?? "unknown"}`,
      message: `Too many changes: an editor may make ${config.writesPerMinute} a minute. Wait a moment and try again.`,
    }),
    /**
     * Readers' votes and reactions (one budget for both) per client address: what stops a script
     * that makes a new device for every vote. Put before the body is read: refusing costs little.
     */
    votesByAddress: limiter(store, log, "vote-address", {
      windowMs: 60_000,
      limit: config.voteRatePerAddress,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? "unknown"),
      message: `Too many votes and reactions from your address: ${config.voteRatePerAddress} a minute are counted. Wait a moment and try again.`,
    }),
    /**
     * ...and per device, once the request's device is known (req.device). A device cookie made by
     * this very request counts too: the browser comes back with it.
     */
    votesByDevice: limiter(store, log, "vote-device", {
      windowMs: 60_000,
      limit: config.voteRatePerDevice,
      keyGenerator: (req) => req.device?.key ?? "unknown",
      message: `Too many votes and reactions from this device: ${config.voteRatePerDevice} a minute are counted. Wait a moment and try again.`,
    }),
    /** Pictures cost seconds of processing each: counted apart from writes, per editor. */
    upload: limiter(store, log, "upload", {
      windowMs: 60_000,
      limit: config.media.uploadsPerMinute,
      keyGenerator: (req) => `editor:${req.editor?.name ?? "unknown"}`,
      message: `Too many pictures: an editor may upload ${config.media.uploadsPerMinute} a minute. Wait a moment and try again.`,
    }),
  };
}
