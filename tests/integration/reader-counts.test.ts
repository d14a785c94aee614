/**
 * Reader counts (`blog:readers`) over three instances on one private Redis: the total is right
 * everywhere, a large room is not sent every small change, a killed instance's readers fade out,
 * and a report costs Redis the same whatever the number of instances.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LARGE_ROOM_READERS } from "../../server/realtime/reader-counts.js";
import { blogKeys } from "../../server/store/redis/keys.js";
import { createRedisPresence, READER_COUNT_TTL_MS } from "../../server/store/redis/presence.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { TEST_PASSWORD, type TestInstance } from "../support/instance.js";
import type { TestReader } from "../support/reader.js";
import { startRedis, type TestRedis } from "../support/redis.js";
import { waitFor } from "../support/wait.js";

const site = useSite({ instances: { a: {}, b: {}, c: {} } });

const newBlog = async () => (await editorApi(site.a.url).createBlog()).id;

/** `count` readers on `instance`, each subscribed to `blogId`. */
async function readersOn(instance: TestInstance, blogId: string, count: number) {
  const readers = await Promise.all(
    Array.from({ length: count }, () => site.connectReader(instance)),
  );
  for (const ack of await Promise.all(readers.map((reader) => reader.subscribe(blogId))))
    expect(ack.ok).toBe(true);
  return readers;
}

const allSee = (readers: TestReader[], count: number, timeoutMs = 15_000) =>
  waitFor(() => readers.every((reader) => reader.counts.at(-1) === count), {
    timeoutMs,
    what: `every reader to see ${count} reading`,
  });

/** What Redis holds for a blog's counts: per instance id, and the running total. */
async function stored(blogId: string) {
  const redis = site.redis.client();
  const keys = blogKeys(blogId);
  const { ":total": total, ...perInstance } = await redis.hgetall(keys.readerCounts);
  const expiring = await redis.zrange(keys.readerExpiries, 0, -1);
  redis.disconnect();
  return {
    total: Number(total),
    perInstance: Object.fromEntries(Object.entries(perInstance).map(([k, v]) => [k, Number(v)])),
    expiring: expiring.sort(),
  };
}

const idOf = (instance: TestInstance) => instance.config.instanceId;

describe("reader counts over three instances", () => {
  it("shows every reader the total over all instances, and follows readers who leave", async () => {
    const blogId = await newBlog();
    const onA = await readersOn(site.a, blogId, 2);
    const onB = await readersOn(site.b, blogId, 3);
    const onC = await readersOn(site.c, blogId, 1);
    const everyone = [...onA, ...onB, ...onC];
    await allSee(everyone, 6);
    expect(await stored(blogId)).toEqual({
      total: 6,
      perInstance: { [idOf(site.a)]: 2, [idOf(site.b)]: 3, [idOf(site.c)]: 1 },
      expiring: [idOf(site.a), idOf(site.b), idOf(site.c)].sort(),
    });

    onB[0]!.close();
    onC[0]!.close();
    await allSee([...onA, ...onB.slice(1)], 4);
    expect(await stored(blogId)).toEqual({
      total: 4,
      perInstance: { [idOf(site.a)]: 2, [idOf(site.b)]: 2 },
      expiring: [idOf(site.a), idOf(site.b)].sort(),
    });
  });

  it("sends a large room far fewer counts than one per change per second while readers trickle in, and the right total in the end", async () => {
    const blogId = await newBlog();
    const initial = LARGE_ROOM_READERS + 50;
    const [watcher] = await readersOn(site.a, blogId, 1);
    const room = [watcher!, ...(await readersOn(site.a, blogId, initial - 1))];
    await allSee(room, initial);
    const before = watcher!.counts.length;

    // Six readers arrive about one per report tick (1 s): the input of the test, not a wait
    // for a result. Before, each tick's change went to the whole room: about six sends.
    const trickle = 6;
    for (let i = 0; i < trickle; i++) {
      const [joiner] = await readersOn(site.a, blogId, 1);
      room.push(joiner!);
      // A reader who joins is told the current total at once, before its subscribe ack.
      expect(joiner!.counts[0]).toBeGreaterThanOrEqual(initial);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    }
    // 4 % more is under the 5 % that is sent at once, so the total comes with the 10 s refresh.
    await allSee(room, initial + trickle, 30_000);
    const sent = watcher!.counts.slice(before);
    expect(sent.at(-1)).toBe(initial + trickle);
    // One at the refresh; a second only if the trickle itself outlasted 10 s on a busy machine.
    expect(sent.length).toBeLessThanOrEqual(2);
    expect((await stored(blogId)).perInstance).toEqual({ [idOf(site.a)]: initial + trickle });
    for (const reader of room) reader.close();
  }, 90_000);

  // Last in the file: instance c stays cut off from Redis afterwards.
  it("stops counting a killed instance's readers once its report runs out", async () => {
    const blogId = await newBlog();
    const onA = await readersOn(site.a, blogId, 2);
    const onB = await readersOn(site.b, blogId, 1);
    const onC = await readersOn(site.c, blogId, 4);
    await allSee([...onA, ...onB, ...onC], 7);

    // A killed process says no goodbye: c's connections to Redis just end, and its readers
    // go (they would reconnect elsewhere; here they only leave).
    await site.c.store.close();
    for (const reader of onC) reader.close();

    await allSee([...onA, ...onB], 3, 4 * READER_COUNT_TTL_MS);
    expect(await stored(blogId)).toEqual({
      total: 3,
      perInstance: { [idOf(site.a)]: 2, [idOf(site.b)]: 1 },
      expiring: [idOf(site.a), idOf(site.b)].sort(),
    });
  }, 60_000);
});

describe("the presence script's cost", () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());

  /** Commands Redis ran (inside scripts too), by name, since the last CONFIG RESETSTAT. */
  async function commandStats(): Promise<Record<string, number>> {
    const admin = redis.client();
    const info = await admin.info("commandstats");
    admin.disconnect();
    const calls: Record<string, number> = {};
    for (const [, name, count] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
      calls[name!] = Number(count);
    return calls;
  }

  /** Lets `instances` instances report one blog, then counts what a round of reports cost. */
  async function oneRound(instances: number) {
    const client = redis.client();
    const blogId = `cost-${instances}`;
    // Counts are kept for blogs that exist only: a hash stands for the blog.
    await client.hset(blogKeys(blogId).blog, "id", blogId);
    const presences = Array.from({ length: instances }, (_, i) =>
      createRedisPresence(client, `instance-${i}`),
    );
    for (const presence of presences) await presence.report(blogId, 3);
    await client.config("RESETSTAT");
    const totals = [];
    for (const presence of presences) totals.push(await presence.report(blogId, 3));
    const stats = await commandStats();
    client.disconnect();
    const scripts = (stats.evalsha ?? 0) + (stats.eval ?? 0);
    // What is left is what the script called (Redis counts calls made inside scripts too),
    // except the readers series' new minute (RPUSH, LTRIM): once a minute, whoever reports.
    const perReport = Object.fromEntries(
      Object.entries(stats)
        .filter(([name]) => !/^(eval|evalsha|config|info|rpush|ltrim)(\||$)/.test(name))
        .map(([name, calls]) => [name, calls / instances]),
    );
    return { totals, scripts, perReport, newMinutes: stats.rpush ?? 0 };
  }

  it("runs the same few commands per report for 3 instances as for 300, none reading every instance", async () => {
    const few = await oneRound(3);
    const many = await oneRound(300);
    expect(few.totals.at(-1)).toBe(9);
    expect(many.totals.at(-1)).toBe(900);
    expect(few.scripts).toBe(3);
    expect(many.scripts).toBe(300);
    expect(many.perReport).toEqual(few.perReport);
    // The round may have crossed into a new minute: one more minute in the series, not one a report.
    expect(few.newMinutes).toBeLessThanOrEqual(1);
    expect(many.newMinutes).toBeLessThanOrEqual(1);
    // Commands whose cost grows with the size of the hash or set are not used at all.
    for (const name of ["hgetall", "hvals", "hkeys", "hscan", "zrange", "zscan"])
      expect(many.perReport).not.toHaveProperty(name);
  });
});

describe("editors at the desk", () => {
  it("does not count editors with the desk open (a session cookie) as readers", async () => {
    const blogId = await newBlog();
    const login = await fetch(`${site.a.url}/api/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "admin", password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(201);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const desk = await site.connectReader(site.a, { extraHeaders: { Cookie: cookie } });
    expect((await desk.subscribe(blogId)).ok).toBe(true);
    const [reader] = await readersOn(site.b, blogId, 1);
    await allSee([desk, reader!], 1);
    // A forged or ended session is just a reader.
    const forged = await site.connectReader(site.a, {
      extraHeaders: { Cookie: "lb_session=not-a-session; other=%E0%A4%A" },
    });
    expect((await forged.subscribe(blogId)).ok).toBe(true);
    await allSee([desk, reader!, forged], 2);
  });
});
