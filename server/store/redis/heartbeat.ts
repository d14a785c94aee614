/**
 * A connection can die without closing: a NAT or firewall forgets it, or Redis restarts behind
 * a partition. Nothing is ever sent on an idle subscriber connection, so neither end notices
 * (TCP keepalive takes hours), and the instance's readers would silently stop getting events.
 * The heartbeat PINGs the connection and, when no answer comes in time, tears the socket down;
 * ioredis then reconnects, and the bus re-subscribes and catches readers up from the log.
 */
import type { Redis } from "ioredis";
import type { Logger } from "pino";

export interface HeartbeatOptions {
  /** How often to check; also the longest a dead connection goes unnoticed, plus the timeout. */
  intervalMs: number;
  timeoutMs: number;
  log: Logger;
}

/** Runs until the connection is closed on purpose (status "end"). */
export function startHeartbeat(redis: Redis, { intervalMs, timeoutMs, log }: HeartbeatOptions) {
  let waiting = false;

  const check = () => {
    if (redis.status === "end") return clearInterval(timer);
    if (waiting || redis.status !== "ready") return;
    waiting = true;
    const stream = redis.stream;
    const dead = () => {
      if (redis.stream !== stream || redis.status !== "ready") return;
      log.warn({ timeoutMs }, "Redis did not answer a heartbeat; reconnecting");
      // end() would wait for a goodbye a dead peer never sends; destroy() closes at once.
      stream.destroy();
    };
    const giveUp = setTimeout(dead, timeoutMs);
    redis
      .ping()
      .catch(dead)
      .finally(() => {
        clearTimeout(giveUp);
        waiting = false;
      });
  };

  const timer = setInterval(check, intervalMs);
  timer.unref();
}
