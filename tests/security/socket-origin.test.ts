/**
 * Socket handshakes from foreign pages (issue 6, row 9). CORS does not stop a WebSocket: a page
 * on any site can open one to us. `allowRequest` refuses every handshake, WebSocket or polling,
 * whose Origin is not the server's own (or one in PUBLIC_ORIGIN); a handshake without an
 * Origin header (a non-browser client) is allowed.
 */
import request from "supertest";
import { WebSocket } from "ws";
import { describe, expect, it } from "vitest";
import { useSite } from "../support/fixtures.js";
import { bearer, type TestInstance } from "../support/instance.js";
import { textOf, type TestReader } from "../support/reader.js";

const EVIL = "https://evil.example";
const NEWSROOM = "https://news.example";
type Transport = "websocket" | "polling";

const site = useSite({ instances: { own: {}, listed: { env: { PUBLIC_ORIGIN: NEWSROOM } } } });

/** Resolves with the connected reader, or with the connect error's message. */
async function handshake(instance: TestInstance, transport: Transport, origin?: string) {
  try {
    return await site.connectReader(instance, {
      transports: [transport],
      extraHeaders: origin ? { Origin: origin } : undefined,
    });
  } catch (err) {
    return (err as Error).message;
  }
}

describe.each<Transport>(["websocket", "polling"])("socket handshake over %s", (transport) => {
  it.each([
    ["a foreign Origin", EVIL],
    ["Origin: null", "null"],
    ["a look-alike of the server's origin", "http://127.0.0.1.evil.example"],
  ])("refuses %s, and the would-be reader gets nothing", async (_name, origin) => {
    const before = site.own.app.io.engine.clientsCount;
    const result = await handshake(site.own, transport, origin);
    expect(typeof result).toBe("string");
    expect(site.own.app.io.engine.clientsCount).toBe(before);
  });

  it("allows the server's own origin and a client that sends no Origin, who then get events", async () => {
    const blogId = (
      await request(site.own.url)
        .post("/api/blogs")
        .set(bearer)
        .send({ title: `O ${transport}` })
    ).body.id;
    const browser = await handshake(site.own, transport, site.own.url);
    const script = await handshake(site.own, transport);
    for (const reader of [browser, script]) {
      if (typeof reader === "string") throw new Error(reader);
      expect((await reader.subscribe(blogId)).ok).toBe(true);
    }
    await request(site.own.url)
      .post(`/api/blogs/${blogId}/entries`)
      .set(bearer)
      .send({ body: "hi" });
    for (const reader of [browser, script] as TestReader[])
      expect(textOf((await reader.waitForEvents(1))[0]!)).toBe("hi");
  });

  it("with PUBLIC_ORIGIN, allows the listed origin and refuses others", async () => {
    expect(typeof (await handshake(site.listed, transport, NEWSROOM))).toBe("object");
    expect(typeof (await handshake(site.listed, transport, EVIL))).toBe("string");
  });
});

describe("a raw WebSocket upgrade", () => {
  it("is refused with an HTTP error, before any Socket.IO session exists, for a foreign Origin", async () => {
    const url = `${site.own.url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`;
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(url, { origin: EVIL });
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("open", () => reject(new Error("the upgrade was accepted")));
      ws.on("error", () => {});
    });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });
});
