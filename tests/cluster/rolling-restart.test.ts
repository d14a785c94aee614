/**
 * Graceful restarts (SIGTERM) of real instances behind real nginx: a rolling restart of every
 * instance while an editor posts every 200 ms loses no post and leaves no reader with a gap,
 * and a request in flight when SIGTERM arrives still gets its answer.
 */
import { readFileSync } from "node:fs";
import { request } from "node:http";
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { Exit } from "../../deploy/cluster/index.js";
import type { Entry } from "../../shared/schemas.js";
import { waitFor } from "../support/wait.js";
import { oneTo, openReaders, seqsOf, useCluster } from "./cluster-helpers.js";
import { postSteadily } from "./editor.js";

const site = useCluster();

// Generous: the whole suite shares two cores; nothing here asserts on time.
describe("graceful restarts behind nginx", { timeout: 120_000 }, () => {
  it("restarts every instance in turn while an editor posts every 200 ms: no failed post, no reader gap", async () => {
    const { cluster, editor } = site;
    const blog = await editor.createBlog("Rolling restart");
    const fleet = site.track(await openReaders(cluster, blog.id, { count: 12, subnet: 4 }));
    const posting = postSteadily(editor, blog.id, 200);
    await waitFor(() => posting.posted.length >= 3, { what: "the first posts" });

    const started = performance.now();
    const drains: number[] = [];
    for (const instance of cluster.instances) {
      const exit = await cluster.restart(instance);
      // 0, not 1: it finished its shutdown before SHUTDOWN_GRACE_MS cut it short.
      expect(exit).toMatchObject({ code: 0, signal: null });
      drains.push(exit.ms);
    }
    const rollMs = Math.round(performance.now() - started);
    await posting.stop();

    expect(posting.failures).toEqual([]);
    const total = posting.posted.length;
    // Every page of the list: a slow roll on a busy machine posts more than one page holds.
    const entries: Entry[] = [];
    for (let before = ""; ;) {
      const list = await fetch(`${cluster.url}/api/blogs/${blog.id}/entries?limit=100${before}`);
      const page = (await list.json()) as { entries: Entry[]; next: string | null };
      entries.push(...page.entries);
      if (page.next === null) break;
      before = `&before=${page.next}`;
    }
    expect(entries).toHaveLength(total);
    for (const reader of fleet) {
      await reader.waitForSeq(total);
      expect(seqsOf(reader)).toEqual(oneTo(total));
      expect(reader.stats.resyncs).toBe(0);
    }
    // Every reader was on an instance that restarted, so every one of them moved and caught up.
    expect(fleet.every((reader) => reader.stats.connects >= 2)).toBe(true);
    process.stdout.write(
      `[cluster] rolling restart of 3 instances in ${rollMs} ms (SIGTERM to exit: ${drains.join(", ")} ms); ${total} posts, ${posting.posted.filter((p) => p.attempts > 1).length} retried, ${posting.posted.filter((p) => p.replayed).length} replayed; reader reconnects: ${fleet.map((r) => r.stats.connects - 1).join(",")}\n`,
    );
  });

  it("stops cleanly even when a reader's network is gone and it never answers the close", async () => {
    const { cluster } = site;
    const instance = cluster.instances[1]!;
    const wsUrl = `${instance.url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`;
    const silent = new WebSocket(wsUrl);
    await new Promise((resolve, reject) => silent.once("open", resolve).once("error", reject));
    silent.send("40"); // Socket.IO CONNECT
    await new Promise((resolve) => silent.once("message", resolve)); // its answer
    // From now on nothing that reaches this reader is read, as when a phone drops off the network.
    (silent as unknown as { _socket: Socket })._socket.pause();

    const exit = await instance.stop("SIGTERM");
    // 1 would mean SHUTDOWN_GRACE_MS ran out waiting for this reader.
    expect(exit).toMatchObject({ code: 0, signal: null });
    silent.terminate();
    await cluster.restart(instance);
  });

  it("logs JSON lines that each carry the instance's INSTANCE_ID", () => {
    const { cluster } = site;
    for (const instance of cluster.instances) {
      const lines = readFileSync(instance.log, "utf8").trim().split("\n");
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ instance: instance.id });
    }
  });

  it("answers a request that is in flight when SIGTERM arrives, then exits", async () => {
    const { cluster, editor } = site;
    const blog = await editor.createBlog("In flight");
    const instance = cluster.instances[0]!;
    const body = JSON.stringify({ body: "Sent after the SIGTERM, answered all the same." });
    let exit: Promise<Exit> | undefined;

    // Straight to the instance. With `Expect: 100-continue` the instance says "100 Continue"
    // once it has begun the request; only then comes SIGTERM, and only after the instance
    // logged that it is shutting down does the body follow.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${instance.url}/api/blogs/${blog.id}/entries`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${cluster.adminToken}`,
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
          Expect: "100-continue",
        },
      });
      req.on("continue", () => {
        exit = instance.stop("SIGTERM");
        waitFor(() => readFileSync(instance.log, "utf8").includes('"msg":"shutting down"'), {
          what: "the instance to log that it is shutting down",
        }).then(() => req.end(body), reject);
      });
      req.on("response", (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", reject);
      req.flushHeaders();
    });

    const { status, body: text } = await answer;
    expect(status).toBe(201);
    const entry = JSON.parse(text) as Entry;
    const stored = await fetch(`${cluster.url}/api/blogs/${blog.id}/entries/${entry.id}`);
    expect(stored.status).toBe(200);
    const ended = await exit!;
    expect(ended).toMatchObject({ code: 0, signal: null });
    process.stdout.write(`[cluster] in-flight request answered; SIGTERM to exit ${ended.ms} ms\n`);
    await instance.start();
  });
});
