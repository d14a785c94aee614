/**
 * Oversized input (issue 6, row 7): a 2 MB JSON body is refused with 413 before it is read, and
 * a 3 MB socket message gets its socket dropped (maxHttpBufferSize is 64 KB). Either way the
 * process stays healthy, nothing is stored, and other readers keep getting events.
 */
import { request as httpRequest } from "node:http";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_SOCKET_MESSAGE_BYTES } from "../../server/realtime/socket-server.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer, TEST_TOKEN } from "../support/instance.js";
import { textOf, type TestReader } from "../support/reader.js";

const site = useSite();
let blogId: string;
let bystander: TestReader;

beforeAll(async () => {
  blogId = (await editorApi(site.server.url).createBlog("Big")).id;
  bystander = await site.connectReader(site.server);
  expect((await bystander.subscribe(blogId)).ok).toBe(true);
});

const twoMegabytes = JSON.stringify({ body: "x".repeat(2 * 1024 * 1024) });
const stored = async () =>
  (await request(site.server.url).get(`/api/blogs/${blogId}/entries?limit=100`)).body.entries as {
    body: string;
  }[];

/** Posts a body in chunks without Content-Length, as a client that hides the size would. */
function postChunked(path: string, body: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const url = new URL(path, site.server.url);
    const req = httpRequest(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Transfer-Encoding": "chunked",
        Authorization: `Bearer ${TEST_TOKEN}`,
      },
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    // The server may answer and close before the whole body is written.
    req.on("error", reject);
    for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.slice(i, i + 64 * 1024));
    req.end();
  });
}

/** Healthy: alive, ready, takes a post, and the bystander reader gets it live. */
async function expectHealthy(body: string) {
  expect((await request(site.server.url).get("/livez")).status).toBe(200);
  expect((await request(site.server.url).get("/readyz")).status).toBe(200);
  const count = bystander.events.length;
  await editorApi(site.server.url).post(blogId, { body });
  await bystander.waitForEvents(count + 1);
  expect(textOf(bystander.events.at(-1)!)).toBe(body);
  expect(bystander.socket.connected).toBe(true);
}

describe("a 2 MB JSON body", () => {
  it("is refused with 413 payload_too_large when it says its size, and nothing is stored", async () => {
    const res = await request(site.server.url)
      .post(`/api/blogs/${blogId}/entries`)
      .set(bearer)
      .set("Content-Type", "application/json")
      .send(twoMegabytes);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
    expect(await stored()).toEqual([]);
    await expectHealthy("after the 2 MB body");
  });

  it("is refused with 413 when it comes chunked without a size", async () => {
    const res = await postChunked(`/api/blogs/${blogId}/entries`, twoMegabytes);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe("payload_too_large");
    expect((await stored()).map((e) => e.body)).not.toContain("x".repeat(100));
    await expectHealthy("after the chunked body");
  });
});

describe.each<"websocket" | "polling">(["websocket", "polling"])(
  "a 3 MB socket message over %s",
  (transport) => {
    it("drops that socket, and the process and the other readers carry on", async () => {
      expect(MAX_SOCKET_MESSAGE_BYTES).toBe(64 * 1024);
      const big = await site.connectReader(site.server, { transports: [transport] });
      const dropped = new Promise<string>((resolve) => big.socket.once("disconnect", resolve));
      big.socket.emit("blog:subscribe", { blogId: "x".repeat(3 * 1024 * 1024) }, () => {});
      const reason = await dropped;
      expect(reason).toMatch(/transport (close|error)/);
      expect(site.server.app.io.sockets.adapter.rooms.get(`blog:${blogId}`)?.size).toBe(1);
      await expectHealthy(`after 3 MB over ${transport}`);
    });
  },
);
