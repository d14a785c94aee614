/**
 * LiveBus on Redis pub/sub: ONE subscriber connection per instance, subscribed to the channels
 * of the blogs that have local readers. After the connection drops and comes back it subscribes
 * again itself, in chunks, retrying until Redis has confirmed every channel, and only then tells
 * its listeners to resume, so that the catch-up they do from the log cannot race the new
 * subscription. Until then `isListening()` is false and /readyz answers 503.
 */
import type { Logger } from "pino";
import type { LiveEvent } from "../../../shared/schemas.js";
import type { LiveBus } from "../port.js";
import type { Redis } from "ioredis";
import { guarded } from "./errors.js";
import { blogIdOfChannel, blogKeys } from "./keys.js";

/**
 * Channels per SUBSCRIBE when re-subscribing. One command with every channel overflowed the
 * call stack at 142,500 (issue 9); 500 keeps each reply small and the event loop free between
 * chunks.
 */
export const RESUBSCRIBE_CHUNK = 500;
/** The longest wait between two attempts of a re-subscribe that Redis refused or timed out. */
export const RETRY_MAX_MS = 2_000;

/** The LiveBus, and the other channels that share its subscriber connection (the desk's). */
export interface RedisBus extends LiveBus {
  /**
   * Subscribes to a channel for as long as the connection lives, re-subscribed after every
   * reconnect with the blogs' channels; resolves once Redis confirmed it.
   */
  listen(channel: string, handler: (message: string) => void): Promise<void>;
}

/**
 * What a subscriber connection does with a message: its channel's own handler (the desk's), or
 * a blog's LiveEvent for the event listeners; anything else is dropped.
 */
export function deliverer(
  handlers: ReadonlyMap<string, (message: string) => void>,
  eventListeners: readonly ((event: LiveEvent) => void)[],
  log: Logger,
) {
  return (channel: string, message: string) => {
    const handler = handlers.get(channel);
    if (handler) return handler(message);
    if (!blogIdOfChannel(channel)) return;
    let event: LiveEvent;
    try {
      event = JSON.parse(message) as LiveEvent;
    } catch (err) {
      log.error({ err, channel }, "dropped an unreadable message from Redis");
      return;
    }
    for (const listener of eventListeners) listener(event);
  };
}

export function createRedisBus(subscriber: Redis, log: Logger): RedisBus {
  const channels = new Set<string>();
  const handlers = new Map<string, (message: string) => void>();
  const eventListeners: ((event: LiveEvent) => void)[] = [];
  const resumeListeners: ((blogIds?: ReadonlySet<string>) => void)[] = [];
  // The store connects before it builds the bus, so the first "ready" has usually been and
  // gone: the next one is already a reconnect, and skipping it left readers without events.
  let connectedOnce = subscriber.status === "ready";

  subscriber.on("message", deliverer(handlers, eventListeners, log));

  // Counts connection changes: a re-subscribe belongs to one connection, and stops as soon as
  // that connection is gone (the next "ready" starts over on the new one).
  let connection = 0;
  let listening = connectedOnce;

  subscriber.on("close", () => {
    connection += 1;
    listening = false;
  });
  subscriber.on("ready", () => {
    connection += 1;
    if (!connectedOnce) {
      connectedOnce = true;
      listening = true;
      return;
    }
    void resubscribe(connection);
  });

  /** Subscribes every channel again, chunk after chunk, retrying a chunk until it succeeds. */
  async function resubscribe(own: number) {
    const wanted = [...channels];
    let attempt = 0;
    let failed = 0;
    for (let done = 0; done < wanted.length;) {
      // A reader's blog unsubscribed meanwhile stays unsubscribed.
      const chunk = wanted.slice(done, done + RESUBSCRIBE_CHUNK).filter((c) => channels.has(c));
      try {
        if (chunk.length > 0) await subscriber.subscribe(...chunk);
        done += RESUBSCRIBE_CHUNK;
        attempt = 0;
      } catch (err) {
        if (own !== connection) return;
        const delayMs = Math.min(100 * 2 ** attempt, RETRY_MAX_MS);
        // One line per outage; the attempts are counted in the line that ends it.
        if (failed === 0)
          log.warn(
            { err, subscribed: done, channels: wanted.length, delayMs },
            "re-subscribing after a reconnect failed; retrying until it succeeds",
          );
        attempt += 1;
        failed += 1;
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      }
      if (own !== connection) return;
    }
    listening = true;
    log.info(
      { channels: channels.size, failedAttempts: failed },
      "subscriber reconnected and re-subscribed; readers catch up from the log",
    );
    for (const listener of resumeListeners) listener();
  }

  return {
    subscribe: (blogId) =>
      guarded(async () => {
        const channel = blogKeys(blogId).channel;
        channels.add(channel);
        await subscriber.subscribe(channel);
      }),
    unsubscribe: (blogId) =>
      guarded(async () => {
        const channel = blogKeys(blogId).channel;
        channels.delete(channel);
        await subscriber.unsubscribe(channel);
      }),
    listen: (channel, handler) =>
      guarded(async () => {
        handlers.set(channel, handler);
        channels.add(channel);
        await subscriber.subscribe(channel);
      }),
    onEvent: (listener) => void eventListeners.push(listener),
    onResume: (listener) => void resumeListeners.push(listener),
    isListening: () => listening,
  };
}
