/** The media catalog on Redis: one hash of Media records, small enough to read whole. */
import type { RedisClient } from "./client.js";
import { newestMediaFirst, type Media } from "../../../shared/media.js";
import type { MediaCatalog } from "../port.js";
import { guarded } from "./errors.js";
import { MEDIA_KEY } from "./keys.js";

const parse = (json: string) => JSON.parse(json) as Media;

export function createRedisMediaCatalog(redis: RedisClient): MediaCatalog {
  return {
    saveMedia: (media) =>
      guarded(async () => void (await redis.hset(MEDIA_KEY, media.id, JSON.stringify(media)))),
    getMedia: (id) =>
      guarded(async () => {
        const json = await redis.hget(MEDIA_KEY, id);
        return json ? parse(json) : null;
      }),
    getManyMedia: (ids) =>
      guarded(async () => {
        const found = new Map<string, Media>();
        if (ids.length === 0) return found;
        const values = await redis.hmget(MEDIA_KEY, ...ids);
        values.forEach((json, i) => json && found.set(ids[i]!, parse(json)));
        return found;
      }),
    listMedia: () =>
      guarded(async () =>
        Object.values(await redis.hgetall(MEDIA_KEY))
          .map(parse)
          .sort(newestMediaFirst),
      ),
    deleteMedia: (id) => guarded(async () => (await redis.hdel(MEDIA_KEY, id)) === 1),
  };
}
