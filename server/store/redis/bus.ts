/**
 * LiveBus on Redis pub/sub: ONE subscriber connection per instance, subscribed to the channels
 * of the blogs that have local readers. After the connection drops and comes back it subscribes
 * again itself, waits for Redis to confirm, and only then tells its listeners to resume, so
 * that the catch-up they do from the log cannot race the new subscription.
 */
import type { Logger } from "pino";
import type { LiveEvent } from "../../../shared/schemas.js";
import type { LiveBus } from "../port.js";
import type { ScriptedRedis } from "./client.js";
import { guarded } from "./errors.js";
import { blogIdOfChannel, blogKeys } from "./keys.js";

export function createRedisBus(subscriber: ScriptedRedis, log: Logger): LiveBus {
  const channels = new Set<string>();
  const eventListeners: ((event: LiveEvent) => void)[] = [];
  const resumeListeners: (() => void)[] = [];
  // The store connects before it builds the bus, so the first "ready" has usually been and
  // gone: the next one is already a reconnect, and skipping it left readers without events.
  let connectedOnce = subscriber.status === "ready";

  subscriber.on("message", (channel: string, message: string) => {
    if (!blogIdOfChannel(channel)) return;
    let event: LiveEvent;
    try {
      event = JSON.parse(message) as LiveEvent;
    } catch (err) {
      log.error({ err, channel }, "dropped an unreadable message from Redis");
      return;
    }
    for (const listener of eventListeners) listener(event);
  });

  subscriber.on("ready", () => {
    if (!connectedOnce) {
      connectedOnce = true;
      return;
    }
    const resubscribe = channels.size > 0 ? subscriber.subscribe(...channels) : Promise.resolve();
    resubscribe.then(
      () => {
        log.info(
          { channels: channels.size },
          "subscriber reconnected; readers catch up from the log",
        );
        for (const listener of resumeListeners) listener();
      },
      (err: unknown) => log.error({ err }, "re-subscribing after a reconnect failed"),
    );
  });

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
    onEvent: (listener) => void eventListeners.push(listener),
    onResume: (listener) => void resumeListeners.push(listener),
  };
}
