/**
 * What only a Redis Cluster can show (the Store contract itself runs on one in
 * store-contract.test.ts): blogs on every master, events published on their own shard only,
 * one shard's subscriptions resumed alone, rate limits and the editor CLI on a cluster, and
 * REDIS_WAIT_REPLICAS refusing to call a change saved that no replica has, on a cluster and on
 * one Redis server with a replica.
 */
import { rejection } from "../support/rejection.js";
import { editorCli } from "../support/editor-cli.js";
import { newBlogRecord, newEntryRecord } from "../support/entries.js";
import { pino } from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../server/errors.js";
import type { NewDraft, NewEntry, Store } from "../../server/store/port.js";
import { createRedisStore } from "../../server/store/redis/index.js";
import { connectRedis, waitUntilConnected } from "../../server/store/redis/client.js";
import { withReplicaWait, type Writer } from "../../server/store/redis/durability.js";
import { moveSlot } from "../cluster/shards.js";
import { blogKeys, hashSlot } from "../../server/store/redis/keys.js";
import { redisTarget, type RedisTarget } from "../../server/store/redis/target.js";
import { bearer, startInstance, TEST_PASSWORD } from "../support/instance.js";
import { startRedis, type TestRedis } from "../support/redis.js";
import {
  startRedisCluster,
  type ClusterNode,
  type TestRedisCluster,
} from "../support/redis-cluster.js";
import { waitFor } from "../support/wait.js";
import { Redis } from "ioredis";

const PASSWORD = "cluster-store-pw";
const log = pino({ level: "silent" });
let cluster: TestRedisCluster;
const opened: Store[] = [];
const connections: Redis[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster({ password: PASSWORD });
}, 60_000);
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  for (const connection of connections) connection.disconnect();
  await cluster?.stop();
});

const clusterTarget = (): RedisTarget =>
  redisTarget({ clusterNodes: cluster.seeds, password: PASSWORD })!;

async function openStore(target = clusterTarget(), waitReplicas = 0, commandTimeoutMs = 2_000) {
  const store = await createRedisStore({
    target,
    historyLimit: 100,
    commandTimeoutMs,
    waitReplicas,
    instanceId: "cluster-test",
    log,
  });
  opened.push(store);
  return store;
}

/** A plain connection to one node, not a cluster client: it hears only what that node sends. */
async function nodeConnection(node: { port: number }, password?: string) {
  const connection = new Redis({ port: node.port, host: "127.0.0.1", password, lazyConnect: true });
  connection.on("error", () => {});
  connections.push(connection);
  await connection.connect();
  return connection;
}

const at = () => new Date().toISOString();
let counter = 0;
const newEntry = (blogId: string, id = `e${++counter}`): NewEntry =>
  newEntryRecord(id, blogId, { createdAt: at() });

async function createBlog(store: Store, id: string) {
  await store.blogs.createBlog(newBlogRecord(id, at()));
  return id;
}

const masterOfBlog = (blogId: string) => cluster.masterOf(hashSlot(blogKeys(blogId).blog));

/** One blog id per master (ids tried in turn until every master has one), by master port. */
async function blogOnEveryMaster(prefix: string): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  for (let i = 0; found.size < 3; i++) {
    const id = `${prefix}-${i}`;
    const master = await masterOfBlog(id);
    if (!found.has(master.port)) found.set(master.port, id);
  }
  return found;
}

describe("the store on a Redis Cluster", () => {
  it("lists blogs whose keys are on every master", async () => {
    const store = await openStore();
    const ids = await blogOnEveryMaster("spread");
    for (const id of ids.values()) await createBlog(store, id);
    expect(ids.size).toBe(3);
    const listed = (await store.blogs.listBlogs()).map((blog) => blog.id);
    expect(listed).toEqual(expect.arrayContaining([...ids.values()]));
  });

  it("publishes a blog's events on its own shard only: no other master hears them", async () => {
    const store = await openStore();
    const blogId = await createBlog(store, "shard-only");
    const channel = blogKeys(blogId).channel;
    const owner = await masterOfBlog(blogId);
    const masters = [...(await blogOnEveryMaster("m")).keys()].map((port) =>
      cluster.nodes.find((node) => node.port === port)!,
    );
    // Classic subscribers on every master hear a classic PUBLISH from anywhere in the cluster.
    const heard = new Map<number, string[]>();
    for (const master of masters) {
      const subscriber = await nodeConnection(master, PASSWORD);
      heard.set(master.port, []);
      subscriber.on("message", (_channel, message: string) =>
        heard.get(master.port)!.push(message),
      );
      await subscriber.subscribe(channel);
    }
    const sharded: string[] = [];
    const shardSubscriber = await nodeConnection(owner, PASSWORD);
    shardSubscriber.on("smessage", (_channel, message: string) => sharded.push(message));
    await shardSubscriber.ssubscribe(channel);

    await store.blogs.createEntry(blogId, newEntry(blogId, "heard-on-shard"));
    await waitFor(() => sharded.length === 1, { what: "the shard's subscriber to get the event" });
    expect(JSON.parse(sharded[0]!)).toMatchObject({ type: "entry.created", seq: 1 });
    // The sentinel: a classic PUBLISH from the owner, sent after the write, reaches every node
    // after anything the write's script could have broadcast.
    const ownerConnection = await nodeConnection(owner, PASSWORD);
    await ownerConnection.publish(channel, "sentinel");
    await waitFor(() => [...heard.values()].every((messages) => messages.includes("sentinel")), {
      what: "every master's classic subscriber to get the sentinel",
    });
    for (const messages of heard.values()) expect(messages).toEqual(["sentinel"]);
  });

  it("re-subscribes and resumes only the blogs of the shard whose connection came back", async () => {
    const store = await openStore();
    const ids = await blogOnEveryMaster("resume");
    for (const id of ids.values()) {
      await createBlog(store, id);
      await store.bus.subscribe(id);
    }
    const resumed: (string[] | "all")[] = [];
    store.bus.onResume((blogIds) => resumed.push(blogIds ? [...blogIds] : "all"));
    const received: string[] = [];
    store.bus.onEvent((event) => received.push(`${event.blogId}/${event.seq}`));

    const [cutPort, cutBlog] = [...ids][0]!;
    const cut = cluster.nodes.find((node) => node.port === cutPort)!;
    const admin = await nodeConnection(cut, PASSWORD);
    // Every pub/sub connection on that master (ours; the test holds none there).
    expect(Number(await admin.call("CLIENT", "KILL", "TYPE", "pubsub"))).toBeGreaterThan(0);
    await waitFor(() => resumed.length > 0, { what: "the cut shard to resume" });
    expect(resumed).toEqual([[cutBlog]]);
    await waitFor(() => store.bus.isListening(), { what: "the bus to listen again" });

    // Every blog's events come again, the cut shard's included.
    for (const id of ids.values()) await store.blogs.createEntry(id, newEntry(id));
    await waitFor(() => [...ids.values()].every((id) => received.includes(`${id}/1`)), {
      what: "an event of every blog",
    });
    expect(resumed).toEqual([[cutBlog]]);
  });

  it("rate-limits writes on a cluster, also after the limiter's script was flushed from every master", async () => {
    const instance = await startInstance({
      env: { REDIS_CLUSTER_NODES: cluster.seeds, REDIS_PASSWORD: PASSWORD, WRITES_PER_MINUTE: "4" },
    });
    try {
      const post = (body: string) =>
        request(instance.url).post("/api/blogs/rated/entries").set(bearer).send({ body });
      const created = await request(instance.url)
        .post("/api/blogs")
        .set(bearer)
        .send({ id: "rated", title: "Rated" });
      expect(created.status).toBe(201);
      expect((await post("one")).status).toBe(201);
      // A new master has no scripts (a failover); so has one whose scripts were flushed.
      for (const node of cluster.nodes) {
        const connection = await nodeConnection(node, PASSWORD);
        if (/role:master/.test(await connection.info("replication")))
          await connection.call("SCRIPT", "FLUSH");
      }
      expect((await post("two")).status).toBe(201);
      expect((await post("three")).status).toBe(201);
      const refused = await post("four");
      expect([refused.status, refused.body.error?.code]).toEqual([429, "rate_limited"]);
    } finally {
      await instance.close();
    }
  });

  it("adds an editor with the CLI whose password works on an instance on the cluster", async () => {
    const instance = await startInstance({
      env: { REDIS_CLUSTER_NODES: cluster.seeds, REDIS_PASSWORD: PASSWORD },
    });
    try {
      const added = await editorCli(["add", "clara"], "clara's long secret\n", {
        REDIS_CLUSTER_NODES: cluster.seeds,
        REDIS_PASSWORD: PASSWORD,
      });
      expect([added.code, added.out.trim()]).toEqual([0, 'Added "clara" (clara) as an editor.']);
      const login = await request(instance.url)
        .post("/api/session")
        .send({ name: "clara", password: "clara's long secret" });
      expect(login.status).toBe(201);
      const admin = await request(instance.url)
        .post("/api/session")
        .send({ name: "admin", password: TEST_PASSWORD });
      expect(admin.status).toBe(201);
    } finally {
      await instance.close();
    }
  });
});

/**
 * With REDIS_WAIT_REPLICAS=1 and the blog's replica frozen, an entry is refused with 503 "may
 * not have been saved"; retried with the same Idempotency-Key once the replica is back, it is
 * the same entry, not a second one.
 */
async function expectWaitForReplica(store: Store, blogId: string, replica: TestRedis) {
  // Setting up goes through the same WAIT: on a busy machine the replica can be late, and an
  // editor would retry.
  await retried(() =>
    createBlog(store, blogId).catch((err: unknown) => {
      if ((err as AppError).status !== 409) throw err; // saved by an attempt answered 503
    }),
  );
  const saved = await retried(() =>
    store.blogs.createEntry(blogId, newEntry(blogId, "with-replica"), {
      key: "setup",
      digest: "s",
    }),
  );
  expect(saved.entry.id).toBe("with-replica");

  const key = { key: "retry-me", digest: "d1" };
  const entry = newEntry(blogId, "while-frozen");
  await replica.freeze();
  let refused: AppError;
  try {
    refused = await rejection(store.blogs.createEntry(blogId, entry, key));
  } finally {
    replica.thaw();
  }
  expect([refused.status, refused.code]).toEqual([503, "store_unavailable"]);
  expect(refused.message).toMatch(
    /only 0 of 1 replicas confirmed it in time, so it may not have been saved/,
  );

  await waitFor(
    async () => {
      try {
        return (await store.blogs.createEntry(blogId, entry, key)).replayed;
      } catch {
        return false; // the replica still catching up: 503 again, retried as an editor would
      }
    },
    { what: "the retry to be acknowledged", timeoutMs: 20_000 },
  );
  const page = await store.blogs.listEntries(blogId, { limit: 10 });
  expect(page.entries.map((e) => e.id)).toEqual(["while-frozen", "with-replica"]);
}

/** What `attempt` answers once it stops throwing: retried as an editor retries a 503. */
async function retried<T>(attempt: () => Promise<T>): Promise<T> {
  let answer: { value: T } | undefined;
  await waitFor(async () => !!(answer = { value: await attempt() }), {
    what: "a retry to be acknowledged",
    timeoutMs: 20_000,
  });
  return answer!.value;
}

/**
 * The editor's retry after that 503 lands on another instance, whose connection never wrote the
 * entry. WAIT counts what the connection it is sent on wrote (on Redis 7.2 and later; 7.0 counts
 * up to the last command it ran), so the replay must be a write of its own for the replica's
 * silence to refuse it (lua-prelude.ts, replayOf). A frozen replica stays connected, as a
 * lagging one does: WAIT on a connection with nothing unconfirmed would count it.
 */
async function expectReplayElsewhereWaitsForReplica(
  target: RedisTarget,
  blogId: string,
  replica: TestRedis,
) {
  const first = await openStore(target, 1, 2_000);
  // Another instance: its own connections, which never wrote the entry.
  const second = await openStore(target, 1, 2_000);
  // Made without WAIT: on a busy machine a replica may take longer than WAIT's timeout to
  // confirm, and this test is about the entry.
  await createBlog(await openStore(target, 0), blogId);
  const entryKey = { key: "retried-elsewhere", digest: "d1" };
  const entry = newEntry(blogId, "retried-elsewhere");
  const draftKey = { key: "draft-retried-elsewhere", digest: "d2" };
  const draft: NewDraft = {
    ...newEntry(blogId, "draft-retried-elsewhere"),
    status: "draft",
    createdBy: "ana",
    review: null,
  };
  const notSaved = /only 0 of 1 replicas confirmed it in time, so it may not have been saved/;
  await replica.freeze();
  try {
    for (const store of [first, second]) {
      const refused = await rejection(store.blogs.createEntry(blogId, entry, entryKey));
      expect([refused.status, refused.code, refused.message]).toEqual([
        503,
        "store_unavailable",
        expect.stringMatching(notSaved),
      ]);
      const draftRefused = await rejection(store.drafts.createDraft(blogId, draft, draftKey));
      expect([draftRefused.status, draftRefused.message]).toEqual([
        503,
        expect.stringMatching(notSaved),
      ]);
    }
  } finally {
    replica.thaw();
  }

  const replayed = await retried(() => second.blogs.createEntry(blogId, entry, entryKey));
  expect(replayed).toMatchObject({ replayed: true, entry: { id: entry.id, seq: 1 } });
  const draftReplayed = await retried(() => second.drafts.createDraft(blogId, draft, draftKey));
  expect(draftReplayed).toMatchObject({ replayed: true, draft: { id: draft.id, version: 1 } });
  const page = await second.blogs.listEntries(blogId, { limit: 10 });
  expect([page.entries.map((e) => e.id), page.seq]).toEqual([[entry.id], 1]);
  expect((await second.drafts.listDrafts(blogId)).map((d) => d.id)).toEqual([draft.id]);
  return { entry, entryKey };
}

describe("REDIS_WAIT_REPLICAS=1", () => {
  it("on a cluster: refuses to call an entry saved that the blog's replica does not have", async () => {
    const store = await openStore(clusterTarget(), 1, 2_000);
    const blogId = "waits-on-cluster";
    const [replica] = await cluster.replicasOf(await masterOfBlog(blogId));
    await expectWaitForReplica(store, blogId, replica as ClusterNode);
    await cluster.waitUntilStable();
  });

  it("on a cluster: refuses a retry on another instance while the blog's replica has not confirmed the entry", async () => {
    const blogId = "replays-on-cluster";
    const [replica] = await cluster.replicasOf(await masterOfBlog(blogId));
    await expectReplayElsewhereWaitsForReplica(clusterTarget(), blogId, replica as ClusterNode);
    await cluster.waitUntilStable();
  });

  it("on a cluster: refuses to call a change saved when its slot moved to another master meanwhile", async () => {
    // The WAIT must go where the change ran: after a failover or a reshard between the two, a
    // WAIT on the new master's connection would not count the change at all.
    const target = clusterTarget();
    const writer = connectRedis({ target, commandTimeoutMs: 2_000, log, name: "moved-test" });
    await waitUntilConnected(writer, target);
    try {
      const key = blogKeys("moves-meanwhile").blog;
      const slot = hashSlot(key);
      const from = await cluster.masterOf(slot);
      const masters = await Promise.all([0, 8_000, 16_000].map((s) => cluster.masterOf(s)));
      const to = masters.find((node) => node !== from)!;
      const waitFor1 = withReplicaWait(writer as Writer, 1, 2_000);

      const refusal = await waitFor1(key, async (changed) => {
        await changed.hset(key, "title", "before the move");
        await moveSlot(cluster, slot, to, async () => {});
        // The next command there meets MOVED, and the client learns the slot's new master.
        await changed.hget(key, "title");
        return "saved";
      }).catch((err: unknown) => err);
      expect(refusal).toBeInstanceOf(AppError);
      expect((refusal as AppError).status).toBe(503);
      expect((refusal as AppError).message).toMatch(/may not have been saved/);

      // On the slot's new master, with its replica, the next change is confirmed.
      await cluster.waitUntilStable();
      await expect(
        waitFor1(key, (changed) => changed.hset(key, "title", "after the move")),
      ).resolves.toBe(0);
    } finally {
      writer.disconnect();
    }
  });

  describe("on one Redis server with a replica", () => {
    let primary: TestRedis;
    let replica: TestRedis;
    beforeAll(async () => {
      primary = await startRedis();
      replica = await startRedis({ args: ["--replicaof", "127.0.0.1", String(primary.port)] });
      const probe = replica.client();
      await waitFor(async () => /master_link_status:up/.test(await probe.info("replication")), {
        what: "the replica to sync",
      });
      probe.disconnect();
    }, 30_000);
    afterAll(async () => {
      await Promise.all([replica?.stop(), primary?.stop()]);
    });
    let adminConnection: Redis | undefined;
    const admin = () => (adminConnection ??= primary.client());

    it("refuses to call an entry saved that the replica does not have", async () => {
      const store = await openStore(redisTarget({ url: primary.url })!, 1, 2_000);
      await expectWaitForReplica(store, "waits-on-one", replica);
    });

    it("answers a refused change (404, 409) as it is while the replica lags: nothing to confirm", async () => {
      const target = redisTarget({ url: primary.url })!;
      const blogId = await createBlog(await openStore(target, 0), "refusals-while-lagging");
      const store = await openStore(target, 1, 2_000);
      await retried(() => store.blogs.createEntry(blogId, newEntry(blogId, "v")));
      await replica.freeze();
      try {
        const stale = await rejection(
          store.blogs.updateEntry(blogId, "v", { headline: "late edit" }, 7, at()),
        );
        expect(stale.status).toBe(409);
        const missing = await rejection(
          store.blogs.createEntry("no-such-blog", newEntry("no-such-blog")),
        );
        expect(missing.status).toBe(404);
      } finally {
        replica.thaw();
      }
    });

    it("answers reads on the same instance while a change waits for the replica", async () => {
      const target = redisTarget({ url: primary.url })!;
      const blogId = await createBlog(await openStore(target, 0), "reads-while-waiting");
      // WAIT then blocks for 2 s: a read that queued behind it would come after it ended.
      const store = await openStore(target, 1, 4_000);
      const waits = async () =>
        Number(/blocked_clients:(\d+)/.exec(await admin().info("clients"))?.[1]);
      await replica.freeze();
      try {
        const change = rejection(store.blogs.createEntry(blogId, newEntry(blogId)));
        await waitFor(async () => (await waits()) > 0, { what: "the change's WAIT to block" });
        expect((await store.blogs.getBlog(blogId))?.id).toBe(blogId);
        expect(await waits()).toBe(1);
        expect((await change).message).toMatch(/only 0 of 1 replicas confirmed it in time/);
      } finally {
        replica.thaw();
      }
    });

    it("refuses a retry on another instance while the replica has not confirmed the entry", async () => {
      const target = redisTarget({ url: primary.url })!;
      const blogId = "replays-on-one";
      const { entry, entryKey } = await expectReplayElsewhereWaitsForReplica(
        target,
        blogId,
        replica,
      );
      // Redis 7.0 sets a connection's WAIT offset on any command it runs, so there a replay that
      // only read would be refused too; 7.2 and later only on a command that reached the
      // replication stream. So the replay must reach it, whatever the version. (Without WAIT
      // here: a WAIT that blocks asks the replicas for an ACK on that stream.)
      const offset = async () =>
        Number(/master_repl_offset:(\d+)/.exec(await admin().info("replication"))?.[1]);
      const before = await offset();
      const noWait = await openStore(target, 0, 2_000);
      expect(await noWait.blogs.createEntry(blogId, entry, entryKey)).toMatchObject({
        replayed: true,
      });
      expect(await offset()).toBeGreaterThan(before);
    });
  });
});
