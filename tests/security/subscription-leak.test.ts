/**
 * Issue 9, finding A1: subscribing to blogs that do not exist must cost nothing lasting. Before
 * the fix each such subscribe left its Redis channel subscribed (and re-subscribed after every
 * reconnect) and logged an ERROR with a stack: one client leaked 285,000 channels in 31 s and
 * the re-subscribe with all of them at once crashed the instance. Now the blog is looked up
 * before anything is subscribed, a socket follows at most READER_MAX_BLOGS blogs (pending ones
 * counted), and the Redis channels are exactly those of blogs with readers.
 */
import { describe, expect, it } from "vitest";
import { blogKeys, DESK_CHANNEL } from "../../server/store/redis/keys.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { captureLog, LEVEL } from "../support/log-capture.js";
import { waitFor } from "../support/wait.js";

const MAX_BLOGS = 5;
const log = captureLog();
const site = useSite({
  env: { READER_MAX_BLOGS: String(MAX_BLOGS), LOG_LEVEL: "info" },
  instances: { server: { logTo: log.logTo } },
});
const channels = async () => (await site.redis.client().pubsub("CHANNELS", "lb:*")).sort();

describe("subscriptions to blogs that do not exist", () => {
  it("leave no Redis channel, no error line, and nothing to re-subscribe after a reconnect", async () => {
    const real = await editorApi(site.server.url).createBlog("Real");
    const follower = await site.connectReader(site.server);
    expect((await follower.subscribe(real.id)).ok).toBe(true);

    // 4 sockets x 50 unknown blogs, one after another on each socket: inside the flood guard's
    // burst, and inside the blog limit, since a refused subscription holds no place.
    const attackers = await Promise.all([1, 2, 3, 4].map(() => site.connectReader(site.server)));
    const acks = (
      await Promise.all(
        attackers.map(async (socket, s) => {
          const answers = [];
          for (let i = 0; i < 50; i++) answers.push(await socket.subscribe(`ghost-${s}-${i}`));
          return answers;
        }),
      )
    ).flat();
    expect(new Set(acks.map((ack) => (ack.ok ? "ok" : ack.error.code)))).toEqual(
      new Set(["not_found"]),
    );
    // The desk's channel, which every instance follows, and the one blog with a reader.
    expect(await channels()).toEqual([DESK_CHANNEL, blogKeys(real.id).channel]);
    expect(log.atLeast(LEVEL.error)).toEqual([]);

    // A reconnect re-subscribes what the instance follows: still only the real blog.
    await site.redis.client().client("KILL", "TYPE", "pubsub");
    await waitFor(async () => (await channels()).length === 2, { what: "the re-subscribe" });
    const { seq } = await editorApi(site.server.url).post(real.id, { body: "Still live" });
    await follower.waitForEvents(1);
    expect(follower.events.map((event) => event.seq)).toEqual([seq]);
    expect(await channels()).toEqual([DESK_CHANNEL, blogKeys(real.id).channel]);
  });

  it(`refuses a socket's subscription beyond ${MAX_BLOGS} blogs, pending ones counted, until it unsubscribes one`, async () => {
    const blogs = await Promise.all(
      Array.from({ length: MAX_BLOGS + 1 }, () => editorApi(site.server.url).createBlog()),
    );
    const reader = await site.connectReader(site.server);
    // All at once: the joins are still pending when the last one arrives.
    const acks = await Promise.all(blogs.map((blog) => reader.subscribe(blog.id)));
    const refused = acks.filter((ack) => !ack.ok);
    expect(refused).toEqual([
      {
        ok: false,
        error: {
          code: "too_many_subscriptions",
          message: `A connection may follow at most ${MAX_BLOGS} blogs at once; unsubscribe from one first.`,
        },
      },
    ]);
    const left = blogs[acks.findIndex((ack) => !ack.ok)]!;
    const first = blogs.find((blog) => blog !== left)!;
    await reader.socket.timeout(5_000).emitWithAck("blog:unsubscribe", { blogId: first.id });
    expect((await reader.subscribe(left.id)).ok).toBe(true);
    expect(await channels()).not.toContain(blogKeys(first.id).channel);
    expect(await channels()).toContain(blogKeys(left.id).channel);
  });
});
