/** The one pino logger. Pretty lines in development, JSON elsewhere; secrets never logged. */
import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export function createLogger(config: Pick<Config, "logLevel" | "env" | "instanceId">): Logger {
  return pino({
    level: config.logLevel,
    base: { instance: config.instanceId },
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'res.headers["set-cookie"]',
        "*.password",
        "*.passwordHash",
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
  });
}
