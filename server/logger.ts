/** The one pino logger. Pretty lines in development, JSON elsewhere; secrets never logged. */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import type { Config } from "./config.js";

/**
 * pino-pretty's options in development: one line per log call (fields folded onto it; only an
 * error's stack spans lines), without what a single local process makes noise of (its pid, host,
 * instance id) or what the request log's message already says (method, path, status, time).
 */
export const PRETTY_OPTIONS = {
  ignore: "pid,hostname,instance,req,res,ms",
  translateTime: "HH:MM:ss",
  singleLine: true,
} as const;

/** Whether the log is pino-pretty's lines for people rather than JSON for machines. */
export const prettyLogs = (config: Pick<Config, "env">) => config.env === "development";

/** `destination` (stdout when absent) lets tests read what would be logged. */
export function createLogger(
  config: Pick<Config, "logLevel" | "env" | "instanceId">,
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level: config.logLevel,
    base: { instance: config.instanceId },
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'res.headers["set-cookie"]',
        "*.password",
        "*.passwordHash",
        // ioredis puts the arguments of a failed command on its error: AUTH's is the password.
        "err.command.args",
        "err.cause.command.args",
      ],
      censor: "[redacted]",
    },
    ...(prettyLogs(config)
      ? { transport: { target: "pino-pretty", options: PRETTY_OPTIONS } }
      : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}
