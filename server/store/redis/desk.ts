/**
 * The desk bus on Redis: one channel for every blog's DeskEvents, which every instance listens
 * to on its subscriber connection from the start (the bus re-subscribes it after a reconnect).
 * Desk traffic is what editors do, small next to readers' events, so no per-blog channels. Not
 * logged: a desk that reconnects reloads its drafts list. On a Redis Cluster it stays classic
 * pub/sub, which the cluster broadcasts to every node (see draft-scripts.ts).
 */
import { masterOfKey, type RedisClient } from "./client.js";
import type { Logger } from "pino";
import type { DeskEvent } from "../../../shared/events.js";
import type { DeskBus } from "../port.js";
import type { RedisBus } from "./bus.js";
import { guarded } from "./errors.js";
import { blogKeys, DESK_CHANNEL } from "./keys.js";

export async function createRedisDesk(
  redis: RedisClient,
  bus: RedisBus,
  log: Logger,
): Promise<DeskBus> {
  const listeners: ((event: DeskEvent) => void)[] = [];
  await bus.listen(DESK_CHANNEL, (message) => {
    let event: DeskEvent;
    try {
      event = JSON.parse(message) as DeskEvent;
    } catch (err) {
      log.error({ err, channel: DESK_CHANNEL }, "dropped an unreadable desk message from Redis");
      return;
    }
    for (const listener of listeners) listener(event);
  });
  return {
    // From the master of the blog's slot, where its draft scripts publish too: on a cluster,
    // messages from one node reach the others in order, so a blog's desk events stay in order.
    publish: (event) =>
      guarded(
        async () =>
          void (await masterOfKey(redis, blogKeys(event.blogId).blog).publish(
            DESK_CHANNEL,
            JSON.stringify(event),
          )),
      ),
    onEvent: (listener) => void listeners.push(listener),
  };
}
