/**
 * A connection can die without closing: a NAT or firewall forgets it, or Redis restarts behind
 * a partition. Nothing is ever sent on an idle subscriber connection, so neither end notices
 * (TCP keepalive takes hours), and the instance's readers would silently stop getting events.
 * The heartbeat PINGs a connection that has been quiet and, when nothing comes back, tears the
 * socket down; ioredis then reconnects, and the bus re-subscribes and catches readers up.
 *
 * A late reply is not a dead connection. While the event loop is busy (a broadcast to thousands
 * of readers) the reply waits unread in the socket, and every timer fires late; tearing the
 * connection down then only adds reconnect churn to the load. So:
 * - any byte received after the PING proves the connection alive, whatever it is (on a busy
 *   subscriber connection, messages arrive ahead of the reply); the command timeout that
 *   rejects the PING itself proves nothing and is ignored;
 * - the wait is measured in ticks, and a tick that fires a whole tick late means the loop was
 *   blocked: that stretch does not count, since the reply may be waiting unread;
 * - the connection goes after `misses` timeouts of waiting counted that way.
 *
 * The bound: a connection that goes silent is torn down at most
 * `intervalMs + misses × timeoutMs + 2 × tick` after the last byte it carried (a tick is a
 * quarter of the timeout), plus however long the event loop was blocked meanwhile. However
 * busy the loop, a PING unanswered for `20 × timeoutMs` of wall time ends the connection at the
 * next tick. With the default 1.5 s command timeout (heartbeat after 3 s of quiet): 3 + 4.5 +
 * 0.75 ≈ 8.3 s on a responsive loop, about 33 s on a loop that never catches its breath.
 */
import type { Redis } from "ioredis";
import type { Logger } from "pino";

export interface HeartbeatOptions {
  /** How long a connection may stay quiet before it is PINGed. */
  intervalMs: number;
  /** One missed heartbeat: this long without a byte back, counting only a responsive loop. */
  timeoutMs: number;
  /** Missed heartbeats in a row before the connection is torn down (3). */
  misses?: number;
  log: Logger;
}

type Stream = Redis["stream"];

/** Runs until the connection is closed on purpose (status "end"). */
export function startHeartbeat(
  redis: Redis,
  { intervalMs, timeoutMs, misses = 3, log }: HeartbeatOptions,
) {
  const tickMs = Math.max(25, Math.floor(timeoutMs / 4));
  const wallLimitMs = 20 * timeoutMs;
  let lastTick = performance.now();
  /** The stream whose bytes are counted, and when the last one came. */
  let watched: Stream | undefined;
  let heardAt = lastTick;
  /** The PING waiting for an answer: when it went out, and how long it waited responsively. */
  let ping: { sentAt: number; waitedMs: number } | undefined;

  const watch = (stream: Stream, now: number) => {
    watched = stream;
    heardAt = now;
    ping = undefined;
    stream.on("data", () => {
      if (watched !== stream) return;
      heardAt = performance.now();
      ping = undefined;
    });
  };

  const tick = () => {
    const now = performance.now();
    const elapsed = now - lastTick;
    lastTick = now;
    if (redis.status === "end") return clearInterval(timer);
    if (redis.status !== "ready") return void (ping = undefined);
    const stream = redis.stream;
    if (stream !== watched) watch(stream, now);

    if (ping) {
      // A tick a whole tick late: the loop was blocked, and the answer may be sitting unread.
      const stalled = elapsed >= 2 * tickMs;
      if (!stalled) ping.waitedMs += elapsed;
      if (ping.waitedMs < misses * timeoutMs && now - ping.sentAt < wallLimitMs) return;
      log.warn(
        {
          waitedMs: Math.round(ping.waitedMs),
          sinceSentMs: Math.round(now - ping.sentAt),
          misses,
          timeoutMs,
        },
        "Redis did not answer heartbeats; reconnecting",
      );
      ping = undefined;
      // end() would wait for a goodbye a dead peer never sends; destroy() closes at once.
      stream.destroy();
      return;
    }
    if (now - heardAt < intervalMs) return;
    ping = { sentAt: now, waitedMs: 0 };
    redis.ping().catch(() => {
      // The command timeout, or the connection closing: only silence counts (see above).
    });
  };

  const timer = setInterval(tick, tickMs);
  timer.unref();
}
