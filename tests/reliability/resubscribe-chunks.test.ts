/**
 * The bus re-subscribes every channel after its connection comes back (issue 9, A1 and B). One
 * SUBSCRIBE with 142,500 channels overflowed the call stack and killed the process, and a
 * re-subscribe that failed was never tried again, so readers were never caught up. These tests
 * drive an instance's own bus, on its real Redis connection, through both faults.
 */
import type { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import type { LiveEvent } from "../../shared/schemas.js";
import { blogKeys } from "../../server/store/redis/keys.js";
import { useSite } from "../support/fixtures.js";
import type { TestInstance } from "../support/instance.js";
import { waitFor } from "../support/wait.js";

const site = useSite({ env: { REDIS_COMMAND_TIMEOUT_MS: "500" } });

let admin: Redis | undefined;
const redis = () => (admin ??= site.redis.client());

/** The instance's subscriber connection as Redis lists it, or undefined while it has none. */
async function subscriberOf(instance: TestInstance) {
  const name = `name=liveblog:${instance.config.instanceId}:sub `;
  const list = (await redis().call("CLIENT", "LIST")) as string;
  const line = list.split("\n").find((l) => l.includes(name));
  if (!line) return undefined;
  const field = (key: string) => Number(new RegExp(`\\b${key}=(\\d+)`).exec(line)?.[1]);
  return { id: field("id"), channels: field("sub") };
}

/** Channels the subscriber follows besides blogs': the desk's. */
const ALWAYS = 1;

const numsub = async (blogId: string) =>
  Number(((await redis().pubsub("NUMSUB", blogKeys(blogId).channel)) as [string, number])[1]);

const idsFrom = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

/** Runs `step` for every id, a thousand at a time: all at once would outrun the command timeout. */
async function inBatches(ids: string[], step: (id: string) => Promise<void>) {
  for (let i = 0; i < ids.length; i += 1_000) await Promise.all(ids.slice(i, i + 1_000).map(step));
}

/** Drops the instance's subscriber connection and waits until ioredis has opened a new one. */
async function killSubscriber(instance: TestInstance) {
  const before = await subscriberOf(instance);
  await redis().call("CLIENT", "KILL", "ID", String(before!.id));
  await waitFor(async () => ((await subscriberOf(instance))?.id ?? before!.id) !== before!.id, {
    what: "a new subscriber connection",
    timeoutMs: 30_000,
  });
}

/** The blogs each test subscribed, to unsubscribe after it. */
const subscribed: string[][] = [];
afterEach(async () => {
  await redis().call("ACL", "SETUSER", "default", "+subscribe");
  const { bus } = site.server.store;
  await waitFor(() => bus.isListening(), { what: "the bus to listen", timeoutMs: 60_000 });
  await inBatches(subscribed.splice(0).flat(), (blogId) => bus.unsubscribe(blogId));
});

describe("the Redis bus after its connection is lost", () => {
  it("re-subscribes 150,000 channels (more than one SUBSCRIBE can carry) and then delivers", async () => {
    const { bus } = site.server.store;
    const ids = idsFrom("many", 150_000);
    subscribed.push(ids);
    await inBatches(ids, (blogId) => bus.subscribe(blogId));
    expect((await subscriberOf(site.server))?.channels).toBe(ids.length + ALWAYS);
    const received: LiveEvent[] = [];
    bus.onEvent((event) => received.push(event));
    let resumed = 0;
    bus.onResume(() => (resumed += 1));

    await redis().call("CLIENT", "KILL", "TYPE", "pubsub");
    await waitFor(
      async () =>
        bus.isListening() && (await subscriberOf(site.server))?.channels === ids.length + ALWAYS,
      { what: "every channel subscribed again", timeoutMs: 60_000 },
    );
    expect(resumed).toBe(1);
    for (const blogId of [ids[0]!, ids[74_999]!, ids.at(-1)!]) expect(await numsub(blogId)).toBe(1);

    const event = {
      type: "entry.deleted",
      blogId: ids.at(-1)!,
      seq: 1,
      at: new Date().toISOString(),
      entryId: "e1",
    } as LiveEvent;
    await redis().publish(blogKeys(event.blogId).channel, JSON.stringify(event));
    await waitFor(() => received.length > 0, { what: "the event" });
    expect(received).toEqual([event]);
  }, 120_000);

  it("keeps trying while Redis refuses SUBSCRIBE, stays not listening, and leaves out channels unsubscribed meanwhile", async () => {
    const { bus } = site.server.store;
    const ids = idsFrom("refused", 1_200);
    subscribed.push(ids);
    await inBatches(ids, (blogId) => bus.subscribe(blogId));
    let resumed = 0;
    bus.onResume(() => (resumed += 1));
    const denied = async () =>
      Number(
        /cmdstat_subscribe:.*rejected_calls=(\d+)/.exec(await redis().info("commandstats"))?.[1] ??
          0,
      );
    const deniedBefore = await denied();

    // An ACL that forbids SUBSCRIBE: the connection comes back, every SUBSCRIBE is an error.
    await redis().call("ACL", "SETUSER", "default", "-subscribe");
    await killSubscriber(site.server);
    await waitFor(async () => (await denied()) >= deniedBefore + 3, {
      what: "three refused attempts",
    });
    expect(bus.isListening()).toBe(false);
    expect(resumed).toBe(0);
    // Readers of these blogs left while the bus was away: they must not come back.
    const gone = [...ids.slice(0, 100), ...ids.slice(-100)];
    await inBatches(gone, (blogId) => bus.unsubscribe(blogId));

    await redis().call("ACL", "SETUSER", "default", "+subscribe");
    await waitFor(() => bus.isListening(), { what: "the bus to listen", timeoutMs: 30_000 });
    expect(resumed).toBe(1);
    expect((await subscriberOf(site.server))?.channels).toBe(ids.length - gone.length + ALWAYS);
    expect(await numsub(gone[0]!)).toBe(0);
    expect(await numsub(gone.at(-1)!)).toBe(0);
    expect(await numsub(ids[100]!)).toBe(1);
    expect(await numsub(ids[1_099]!)).toBe(1);
  }, 60_000);
});
