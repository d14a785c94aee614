/**
 * What a load balancer's health checks see: /livez and /readyz of a working instance, of one
 * still starting (server/index.ts binds the port, then creates the admin and the demo blog), and
 * of one that has begun to drain (server/index.ts calls drain() first on SIGTERM).
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { useSite } from "../support/fixtures.js";

const site = useSite();

describe("health checks", () => {
  it("says ready with the store it reached", async () => {
    const ready = await request(site.server.url).get("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ok: true, store: "redis" });
  });

  it("answers /readyz 503 starting_up until start-up is done, while /livez stays 200", async () => {
    const ready = site.server.app.holdReadiness();
    const starting = await request(site.server.url).get("/readyz");
    expect((await request(site.server.url).get("/livez")).status).toBe(200);
    ready();
    expect([starting.status, starting.body.error.code]).toEqual([503, "starting_up"]);
    expect((await request(site.server.url).get("/readyz")).status).toBe(200);
  });

  it("answers /readyz 503 shutting_down once draining, while /livez stays 200 and requests are served", async () => {
    site.server.app.drain();
    const ready = await request(site.server.url).get("/readyz");
    expect(ready.status).toBe(503);
    expect(ready.body.error.code).toBe("shutting_down");
    expect((await request(site.server.url).get("/livez")).status).toBe(200);
    expect((await request(site.server.url).get("/api/blogs")).status).toBe(200);
  });
});
