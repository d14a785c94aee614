/**
 * The desk bus on Redis: one channel for every blog's DeskEvents, which every instance listens
 * to on its subscriber connection from the start (the bus re-subscribes it after a reconnect).
 * Desk traffic is what editors do, small next to readers' events, so no per-blog channels. Not
 * logged: a desk that reconnects reloads its drafts list.
 */
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { DeskEvent } from "../../../shared/events.js";
import type { DeskBus } from "../port.js";
import type { RedisBus } from "./bus.js";
import { guarded } from "./errors.js";
import { DESK_CHANNEL } from "./keys.js";

export async function createRedisDesk(redis: Redis, bus: RedisBus, log: Logger): Promise<DeskBus> {
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
    publish: (event) =>
      guarded(async () => void (await redis.publish(DESK_CHANNEL, JSON.stringify(event)))),
    onEvent: (listener) => void listeners.push(listener),
  };
}
