/**
 * The request log as an operator reads it: one line per request (method, path, status, time and
 * request id, no headers), built assets and probes at debug so that they do not bury the rest,
 * and one line per request in development's pretty output too (it was 12 before).
 */
import { prettyFactory } from "pino-pretty";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRETTY_OPTIONS } from "../../server/logger.js";
import { ensureClientBuilt } from "../e2e/support/browser.js";
import { bearer, startInstance, type TestInstance } from "../support/instance.js";
import { captureLog, LEVEL, type LogLine } from "../support/log-capture.js";
import { waitFor } from "../support/wait.js";

const log = captureLog();
let server: TestInstance;

beforeAll(async () => {
  await ensureClientBuilt();
  server = await startInstance({ env: { LOG_LEVEL: "debug", DEMO: "off" }, logTo: log.logTo });
  await request(server.url).post("/api/blogs").set(bearer).send({ title: "Logged", id: "logged" });
}, 120_000);
afterAll(() => server?.close());

let next = 0;
/**
 * Sends a request with a known id, then a sentinel request, and returns the lines logged with
 * the first id once the sentinel's line is there: every line the request caused, and no more.
 */
async function linesOf(send: (api: ReturnType<typeof request>, id: string) => request.Test) {
  const id = `req-${++next}`;
  const sentinel = `${id}-sentinel`;
  const res = await send(request(server.url), id).set("X-Request-Id", id);
  await request(server.url).get("/api/blogs").set("X-Request-Id", sentinel);
  await waitFor(() => log.lines.some((line) => line.reqId === sentinel), { what: "sentinel" });
  return { res, lines: log.lines.filter((line) => line.reqId === id) };
}

describe("the request log", () => {
  it("logs a page view as one info line with method, path, status, time and id, and no headers", async () => {
    const { res, lines } = await linesOf((api) =>
      api
        .get("/blogs/logged?utm_source=x")
        .set("Cookie", "lb_session=secret-cookie")
        .set("User-Agent", "a-browser"),
    );
    expect(res.status).toBe(200);
    expect(lines).toHaveLength(1);
    const [line] = lines as [LogLine];
    expect(line).toMatchObject({
      level: LEVEL.info,
      module: "http",
      req: { method: "GET", path: "/blogs/logged" },
      res: { status: 200 },
      ms: expect.any(Number),
    });
    expect(line.msg).toMatch(/^GET \/blogs\/logged 200 \d+ms$/);
    expect(JSON.stringify(line)).not.toMatch(/secret-cookie|a-browser|headers|utm_source/);
  });

  it("logs the page's built assets and the probes at debug, one line each", async () => {
    const page = await request(server.url).get("/blogs/logged");
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(asset).toBeDefined();
    for (const path of [asset!, "/livez", "/readyz"]) {
      const { res, lines } = await linesOf((api) => api.get(path));
      expect(res.status, path).toBe(200);
      expect(
        lines.map((line) => [line.level, line.msg]),
        path,
      ).toEqual([[LEVEL.debug, expect.stringMatching(`^GET ${path} 200 \\d+ms$`)]]);
    }
  });

  it("names the full path of an API route, and logs a refused request once at info", async () => {
    const { res, lines } = await linesOf((api) =>
      api.post("/api/blogs/logged/entries").set(bearer).send({ body: "" }),
    );
    expect(res.status).toBe(400);
    const atInfo = lines.filter((line) => line.level >= LEVEL.info);
    expect(atInfo.map((line) => line.msg)).toEqual([
      expect.stringMatching(/^POST \/api\/blogs\/logged\/entries 400 \d+ms$/),
    ]);
  });

  it("prints each request as one line in development's pretty output", async () => {
    const { lines } = await linesOf((api) => api.get("/api/blogs/logged/entries?limit=5"));
    const pretty = prettyFactory({ ...PRETTY_OPTIONS, colorize: false });
    const printed = lines.map((line) => pretty(JSON.stringify(line)));
    expect(printed).toHaveLength(1);
    expect(printed[0]!.trimEnd().split("\n")).toEqual([
      expect.stringMatching(
        /^\[\d\d:\d\d:\d\d\] INFO: GET \/api\/blogs\/logged\/entries 200 \d+ms \{"module":"http","reqId":"req-\d+"\}$/,
      ),
    ]);
  });
});
