/**
 * Malformed engine.io / Socket.IO packets (issue 6, row 13), fuzzed with fast-check over raw
 * WebSocket and long-polling connections, plus the packets behind past crash-by-one-packet
 * advisories (socket.io-parser CVE-2022-2421 and CVE-2023-32695, socket.io CVE-2024-38355,
 * ws CVE-2024-37890). After each packet the connection is either dropped or still answers;
 * it never wedges, the instance never crashes, and real readers keep getting events.
 */
import { connect as connectTcp } from "node:net";
import fc from "fast-check";
import request from "supertest";
import { WebSocket } from "ws";
import { beforeAll, describe, expect, it } from "vitest";
import { editorApi, useSite } from "../support/fixtures.js";
import { connectReader, type TestReader } from "../support/reader.js";

const site = useSite();
let blogId: string;
let bystander: TestReader;

beforeAll(async () => {
  blogId = (await editorApi(site.server.url).createBlog("Fuzz")).id;
  bystander = await site.connectReader(site.server);
  expect((await bystander.subscribe(blogId)).ok).toBe(true);
});

type Frame = string | Uint8Array;
type Outcome = "dropped" | "answered";

/** A raw engine.io WebSocket connection, already past the open packet and the namespace. */
async function rawConnection(): Promise<WebSocket> {
  const ws = new WebSocket(
    `${site.server.url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`,
  );
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string) => () => reject(new Error(`raw connection ${why}`));
    ws.once("open", () => ws.send("40"));
    ws.once("error", reject);
    ws.once("close", fail("closed before joining the namespace"));
    ws.on("message", (data) => {
      if (String(data).startsWith("40")) resolve();
    });
  }).finally(() => ws.removeAllListeners());
  return ws;
}

/**
 * Sends the frames, then a well-formed request with an ack as a barrier: frames are handled
 * in order, so once it is answered (or the connection is closed) the frames have been dealt
 * with. Neither within 5 s means the connection is wedged.
 */
async function sendAndSettle(frames: Frame[]): Promise<Outcome> {
  const ws = await rawConnection();
  try {
    return await new Promise<Outcome>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("neither answered nor dropped in 5 s")),
        5_000,
      );
      ws.on("close", () => {
        clearTimeout(timer);
        resolve("dropped");
      });
      ws.on("message", (data) => {
        if (String(data).startsWith("43987654")) {
          clearTimeout(timer);
          resolve("answered");
        }
      });
      for (const frame of frames) ws.send(frame);
      ws.send(`42987654["blog:unsubscribe",{"blogId":"fuzz"}]`);
    });
  } finally {
    ws.terminate();
  }
}

async function expectInstanceHealthy(label: string) {
  expect((await request(site.server.url).get("/livez")).status).toBe(200);
  const count = bystander.events.length;
  const posted = await editorApi(site.server.url).post(blogId, { body: label });
  await bystander.waitForEvents(count + 1);
  expect(bystander.events.at(-1)!.entry!.id).toBe(posted.id);
  const fresh = await connectReader(site.server.url);
  try {
    expect((await fresh.subscribe(blogId)).ok).toBe(true);
  } finally {
    fresh.close();
  }
}

const json = fc.oneof(fc.json({ maxDepth: 4 }), fc.string({ maxLength: 40 }));
/** Socket.IO packets inside engine.io messages: type, attachments, namespace, ack id, payload. */
const socketIoPacket = fc
  .tuple(
    fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "7", "9"),
    fc.option(
      fc.oneof(fc.nat(5), fc.constant(999_999_999)).map((n) => `${n}-`),
      { nil: "" },
    ),
    fc.constantFrom("", "/", "/admin,", "/x,", "/%00,"),
    fc.option(fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)).map(String), { nil: "" }),
    json,
  )
  .map(([type, attachments, nsp, ack, payload]) => `4${type}${attachments}${nsp}${ack}${payload}`);
/** Events with the names and payload shapes a reader might abuse. */
const eventPacket = fc
  .tuple(
    fc.constantFrom(
      "blog:subscribe",
      "blog:unsubscribe",
      "error",
      "connect",
      "disconnect",
      "__proto__",
      "constructor",
    ),
    fc.jsonValue({ maxDepth: 3 }),
    fc.option(fc.nat().map(String), { nil: "" }),
  )
  .map(([name, payload, ack]) => `42${ack}${JSON.stringify([name, payload])}`);
const engineIoPacket = fc
  .tuple(
    fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "7", "b", "x"),
    fc.string({ maxLength: 60 }),
  )
  .map(([type, rest]) => type + rest);
const anyFrame: fc.Arbitrary<Frame> = fc.oneof(
  socketIoPacket,
  eventPacket,
  engineIoPacket,
  fc.string({ maxLength: 200, unit: "binary" }),
  fc.uint8Array({ maxLength: 200 }),
);

describe("malformed packets", () => {
  it.each([
    ["an 'error' event from the client (socket.io CVE-2024-38355)", [`42["error","boom"]`]],
    [
      "an attachment placeholder with no attachment (CVE-2022-2421)",
      [`451-["blog:subscribe",{"_placeholder":true,"num":0}]`],
    ],
    [
      "a placeholder with a non-numeric index (CVE-2023-32695)",
      [`451-["x",{"_placeholder":true,"num":"__proto__"}]`],
    ],
    [
      "a placeholder pointing past the attachments",
      [`451-["x",{"_placeholder":true,"num":7}]`, new Uint8Array([1])],
    ],
    ["a billion announced attachments", [`45999999999-["x",{"_placeholder":true,"num":0}]`]],
    ["an event name that is not a string", [`42[{"toString":1},"x"]`]],
    ["an event with no name", [`42[]`]],
    ["a reserved event name", [`42["connect",{}]`, `42["disconnect"]`, `42["newListener","x"]`]],
    ["an ack for a request never made", [`43999[]`, `4399999999999999999999[]`]],
    ["a namespace that does not exist", [`40/admin,`, `42/admin,["blog:subscribe",{}]`]],
    ["a subscription with since=1e309", [`42["blog:subscribe",{"blogId":"fuzz","since":1e309}]`]],
    ["20,000 nested arrays", [`42${"[".repeat(20_000)}${"]".repeat(20_000)}`]],
    ["a lone surrogate", ['42["blog:subscribe",{"blogId":"\uD800"}]']],
    ["a client ping (not allowed in engine.io v4)", ["2"]],
    ["an upgrade packet on an open connection", ["5", "6"]],
    ["an empty frame", [""]],
    ["binary without a placeholder", [new Uint8Array([0, 1, 2, 3])]],
  ])("handles %s without wedging or crashing", async (_name, frames) => {
    const outcome = await sendAndSettle(frames as Frame[]);
    expect(["dropped", "answered"]).toContain(outcome);
    await expectInstanceHealthy(`after ${_name}`);
  });

  it("closes the connection of a client that leaves the namespace, even with a request right behind", async () => {
    // Both frames usually arrive in one read, so the request reaches the socket after the leave
    // but before it is gone: left open, the connection would hold the request unanswered forever.
    for (let attempt = 0; attempt < 20; attempt++) {
      expect(await sendAndSettle(["41"])).toBe("dropped");
    }
    await expectInstanceHealthy("after the namespace disconnects");
  });

  it("survives 400 fuzzed sequences of frames over WebSocket", async () => {
    const outcomes: Record<Outcome, number> = { dropped: 0, answered: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(anyFrame, { minLength: 1, maxLength: 4 }), async (frames) => {
        outcomes[await sendAndSettle(frames)] += 1;
      }),
      { numRuns: 400, endOnFailure: true },
    );
    // Both happen: garbage closes the connection, well-formed nonsense is simply refused.
    expect(outcomes.dropped).toBeGreaterThan(0);
    expect(outcomes.answered).toBeGreaterThan(0);
    await expectInstanceHealthy("after the WebSocket fuzzing");
    // 400 connections: a few seconds alone, several times that beside the rest of the suite.
  }, 60_000);

  it("survives 150 fuzzed long-polling payloads", async () => {
    const base = `${site.server.url}/socket.io/?EIO=4&transport=polling`;
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(socketIoPacket, eventPacket, engineIoPacket), {
          minLength: 1,
          maxLength: 5,
        }),
        async (packets) => {
          const open = await request(base).get("");
          const sid = JSON.parse(String(open.text).slice(1)).sid as string;
          const res = await request(`${base}&sid=${sid}`)
            .post("")
            .set("Content-Type", "text/plain")
            .send(["40", ...packets].join("\x1e"));
          statuses.add(res.status);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150, endOnFailure: true },
    );
    expect(statuses.has(200)).toBe(true);
    await expectInstanceHealthy("after the polling fuzzing");
  }, 60_000);

  it("survives an upgrade request with more headers than the server reads (ws CVE-2024-37890)", async () => {
    const { port } = new URL(site.server.url);
    const headers = Array.from({ length: 2_100 }, (_, i) => `X-Filler-${i}: ${i}`).join("\r\n");
    const answer = await new Promise<string>((resolve) => {
      const socket = connectTcp(Number(port), "127.0.0.1", () => {
        socket.write(
          "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            `${headers}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        );
      });
      let text = "";
      socket.on("data", (chunk) => (text += chunk));
      socket.on("close", () => resolve(text));
      socket.on("error", () => resolve(text));
      socket.setTimeout(5_000, () => socket.destroy());
    });
    expect(answer).not.toMatch(/^HTTP\/1\.1 101/);
    await expectInstanceHealthy("after the header flood");
  });
});
