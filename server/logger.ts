/** The one pino logger. Pretty lines in development, JSON elsewhere; secrets never logged. */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import type { Config } from "./config.js";

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
    ...(config.env === "development"
      ? {
          transport: {
            target: "pino-pretty",
            options: { ignore: "pid,hostname", translateTime: "HH:MM:ss" },
          },
        }
      : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}
