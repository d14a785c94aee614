/**
 * Readers send little: a subscription per blog they open, the odd unsubscribe, a pong every
 * 25 s. A client sending far more (10,000 messages a second, say) is broken or hostile, and
 * every message costs this instance parsing and perhaps a store read that the other readers
 * wait behind. So each connection gets a token bucket, counted at the engine.io level where
 * every packet passes (unknown events and garbage included): bursts are fine, such as a page
 * opening many blogs at once, a sustained stream is not, and past the budget the connection
 * is closed.
 */
import type { Logger } from "pino";
import type { Server } from "socket.io";

export interface MessageBudget {
  /** Messages a connection may send at once. */
  burst: number;
  /** Messages a second it may send on average, after the burst. */
  perSecond: number;
}

export const READER_MESSAGE_BUDGET: MessageBudget = { burst: 100, perSecond: 20 };

export function closeFloodingConnections(
  io: Server,
  log: Logger,
  budget: MessageBudget = READER_MESSAGE_BUDGET,
): void {
  io.engine.on("connection", (connection: EngineConnection) => {
    let tokens = budget.burst;
    let refilledAt = Date.now();
    connection.on("packet", () => {
      const now = Date.now();
      tokens = Math.min(budget.burst, tokens + ((now - refilledAt) / 1000) * budget.perSecond);
      refilledAt = now;
      tokens -= 1;
      if (tokens >= 0 || connection.readyState !== "open") return;
      log.warn(
        { id: connection.id, address: connection.remoteAddress },
        "closed a connection that sent messages faster than any reader does",
      );
      // Discard what is queued for it: it is not a reader waiting for events.
      connection.close(true);
    });
  });
}

/** The part of an engine.io socket this needs (engine.io does not export the type). */
interface EngineConnection {
  id: string;
  remoteAddress: string;
  readyState: string;
  on(event: "packet", listener: () => void): void;
  close(discard?: boolean): void;
}
