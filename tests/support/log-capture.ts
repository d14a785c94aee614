/** An instance's log lines, kept for a test to read (the server's own logger, redaction included). */
import { Writable } from "node:stream";

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** pino's numeric levels. */
export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;

export function captureLog() {
  const lines: LogLine[] = [];
  const logTo = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n"))
        if (line) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return {
    logTo,
    lines,
    /** The lines at `level` or above. */
    atLeast: (level: number) => lines.filter((line) => line.level >= level),
  };
}
