/**
 * The newsroom's numbers (issue 16) over HTTP and real sockets: the reader page's socket
 * handshake gives the device cookie (the embed's and the desk's do not), each device is counted
 * once in a blog's distinct devices however often it subscribes, and GET .../stats and
 * .../stats.csv answer what readers did (their votes and reactions sent as the page sends them,
 * with the device cookie its socket was given), to the people on the blog's desk only. On the
 * embedded store and on a real Redis.
 */
import WebSocket from "ws";
import { beforeAll, describe, expect, it } from "vitest";
import type { BlogStats } from "../../shared/engagement.js";
import { NO_COOKIES_QUERY } from "../../shared/events.js";
import { DEVICE_COOKIE_MAX_AGE_SECONDS } from "../../server/engagement/device.js";
import { postPoll } from "../support/engagement.js";
import { editorApi, useSite, type Site } from "../support/fixtures.js";
import { bearer, type TestInstance } from "../support/instance.js";
import { addPerson, asPerson, signIn } from "../support/people.js";
import { waitFor } from "../support/wait.js";

/** The site of the store under test (set before its tests run). */
let site: Site<"server" | "proxied">;
const api = () => editorApi(site.server.url);

interface Handshake {
  cookie?: string;
  query?: string;
  headers?: Record<string, string>;
}

/** The Set-Cookie a polling handshake answers (engine.io's first request), or null. */
async function pollingHandshake(
  instance: TestInstance,
  { cookie, query = "", headers }: Handshake = {},
) {
  const response = await fetch(
    `${instance.url}/socket.io/?EIO=4&transport=polling${query ? `&${query}` : ""}`,
    { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } },
  );
  expect(response.status).toBe(200);
  await response.text();
  return response.headers.get("set-cookie");
}

/** The Set-Cookie a WebSocket handshake (the upgrade's answer) carries, or null. */
function websocketHandshake(instance: TestInstance, { cookie, query = "" }: Handshake = {}) {
  return new Promise<string | null>((resolve, reject) => {
    const socket = new WebSocket(
      `${instance.url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket${query ? `&${query}` : ""}`,
      { headers: cookie ? { Cookie: cookie } : {} },
    );
    socket.once("upgrade", (response) => {
      const setCookie = response.headers["set-cookie"];
      resolve(setCookie ? setCookie.join("; ") : null);
      socket.close();
    });
    socket.once("error", reject);
  });
}

const DEVICE_SET_COOKIE = new RegExp(
  `^lb_device=([A-Za-z0-9_-]{22})\\.[A-Za-z0-9_-]{43}; Max-Age=${DEVICE_COOKIE_MAX_AGE_SECONDS}; Path=/; HttpOnly; SameSite=Lax$`,
);

/** A new device, as a reader page's first socket handshake makes it: its Cookie header value. */
async function newDevice(instance = site.server): Promise<{ cookie: string; id: string }> {
  const setCookie = await pollingHandshake(instance);
  const match = DEVICE_SET_COOKIE.exec(setCookie ?? "");
  if (!match) throw new Error(`no device cookie in ${setCookie}`);
  return { cookie: setCookie!.split(";")[0]!, id: match[1]! };
}

/** A reader page's socket for `device`, following `blogId`. */
async function pageReader(blogId: string, device: { cookie: string }) {
  const reader = await site.connectReader(site.server, { extraHeaders: { Cookie: device.cookie } });
  expect((await reader.subscribe(blogId)).ok).toBe(true);
  return reader;
}

async function stats(blogId: string): Promise<BlogStats> {
  const response = await fetch(`${site.server.url}/api/blogs/${blogId}/stats`, { headers: bearer });
  expect(response.status).toBe(200);
  return (await response.json()) as BlogStats;
}

const statsWhere = async (blogId: string, holds: (numbers: BlogStats) => boolean, what: string) => {
  let last: BlogStats | undefined;
  await waitFor(async () => holds((last = await stats(blogId))), { what });
  return last!;
};

/** A reader page's vote or reaction, with its device cookie, from the page's origin. */
async function asReader(device: { cookie: string }, path: string, body: unknown) {
  const response = await fetch(`${site.server.url}/api/blogs/${path}`, {
    method: "POST",
    headers: { Cookie: device.cookie, Origin: site.server.url, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  // The device its page's socket was given is the one it votes with: no new cookie.
  expect(response.headers.get("set-cookie")).toBeNull();
}

describe.each([
  ["the embedded store", false as const],
  ["Redis", {}],
])("the newsroom's numbers on %s", (_store, redis) => {
  const here = useSite({
    redis,
    // Behind a TLS-terminating proxy on this machine, which says so in X-Forwarded-Proto.
    instances: { server: {}, proxied: { env: { TRUST_PROXY: "loopback" } } },
  });
  beforeAll(() => {
    site = here;
  });

  describe("the device cookie of a socket's handshake", () => {
    it("is given to a reader page's socket without one, over polling and over WebSocket", async () => {
      expect(await pollingHandshake(site.server)).toMatch(DEVICE_SET_COOKIE);
      expect(await websocketHandshake(site.server)).toMatch(DEVICE_SET_COOKIE);
    });

    it("is Secure when the handshake came over https, as a trusted proxy says", async () => {
      const overHttps = { headers: { "X-Forwarded-Proto": "https" } };
      expect(await pollingHandshake(site.proxied, overHttps)).toMatch(/; SameSite=Lax; Secure$/);
      // An untrusted hop's word is not taken: Secure would keep the cookie off plain http.
      expect(await pollingHandshake(site.server, overHttps)).toMatch(DEVICE_SET_COOKIE);
    });

    it("is not given again to a socket that brings it, and replaces one that was not signed here", async () => {
      const device = await newDevice();
      expect(await pollingHandshake(site.server, { cookie: device.cookie })).toBeNull();
      expect(await websocketHandshake(site.server, { cookie: device.cookie })).toBeNull();
      const forged = `lb_device=${device.id}.${"A".repeat(43)}`;
      const replaced = DEVICE_SET_COOKIE.exec(
        (await pollingHandshake(site.server, { cookie: forged })) ?? "",
      );
      expect(replaced?.[1]).toBeDefined();
      expect(replaced![1]).not.toBe(device.id);
    });

    it("is not given to the embed frame's socket (cookies=none) nor to the desk's (a session)", async () => {
      expect(await pollingHandshake(site.server, { query: "cookies=none" })).toBeNull();
      expect(await websocketHandshake(site.server, { query: "cookies=none" })).toBeNull();
      const admin = await signIn(site.server, (await addPerson(site.server.store, "editor")).name);
      expect(await pollingHandshake(site.server, { cookie: admin })).toBeNull();
      expect(await websocketHandshake(site.server, { cookie: admin })).toBeNull();
    });
  });

  describe("distinct devices", () => {
    it("counts a device once however often it subscribes, the embed's token as a device (its page's cookie when the browser sends one), and nobody at the desk", async () => {
      const { id: blogId } = await api().createBlog();
      const device = await newDevice();
      for (let socket = 0; socket < 3; socket++) {
        const reader = await pageReader(blogId, device);
        expect((await reader.subscribe(blogId)).ok).toBe(true);
        await reader.socket.timeout(10_000).emitWithAck("blog:unsubscribe", { blogId });
        expect((await reader.subscribe(blogId)).ok).toBe(true);
      }
      const token = "embed-token-0123456789abcdef";
      for (let socket = 0; socket < 2; socket++) {
        const embed = await site.connectReader(site.server, {
          auth: { device: token },
          query: NO_COOKIES_QUERY,
        });
        expect((await embed.subscribe(blogId)).ok).toBe(true);
      }
      // An embed frame on the reader page's site: its browser sends the page's cookie too.
      const sameSite = await site.connectReader(site.server, {
        auth: { device: "another-embed-token-0123456789" },
        query: NO_COOKIES_QUERY,
        extraHeaders: { Cookie: device.cookie },
      });
      expect((await sameSite.subscribe(blogId)).ok).toBe(true);
      const editor = await signIn(site.server, (await addPerson(site.server.store, "editor")).name);
      const desk = await site.connectReader(site.server, { extraHeaders: { Cookie: editor } });
      expect((await desk.subscribe(blogId)).ok).toBe(true);
      // The sentinel: a device counted after all of the above, on the same store connection.
      await pageReader(blogId, await newDevice());
      const numbers = await statsWhere(blogId, (n) => n.distinctDevices >= 3, "three devices");
      expect(numbers.distinctDevices).toBe(3);
    });
  });

  describe("the numbers", () => {
    it("say readers now, the series and its peak, devices, reactions, polls and the entries that drew most", async () => {
      const { id: blogId } = await api().createBlog();
      const goal = await api().post(blogId, { headline: "Goal", body: "1-0." });
      const quiet = await api().post(blogId, { body: "Half time." });
      const asked = await postPoll(site.server, blogId, {
        question: "Man of the match?",
        options: ["Ana", "Bo", "Cem"],
      });
      const devices = [await newDevice(), await newDevice(), await newDevice()];
      for (const device of devices) await pageReader(blogId, device);
      const react = (device: { cookie: string }, entryId: string, reaction: string) =>
        asReader(device, `${blogId}/entries/${entryId}/reactions`, { reaction, on: true });
      const vote = (device: { cookie: string }, option: number) =>
        asReader(device, `${blogId}/entries/${asked.id}/poll/votes`, {
          pollId: asked.poll.id,
          option,
        });
      await react(devices[0]!, goal.id, "like");
      await react(devices[1]!, goal.id, "like");
      await react(devices[1]!, goal.id, "love");
      await react(devices[2]!, quiet.id, "clap");
      await vote(devices[0]!, 0);
      await vote(devices[1]!, 1);
      await vote(devices[2]!, 1);

      const numbers = await statsWhere(
        blogId,
        (n) => n.readersNow === 3 && n.series.at(-1)?.readers === 3 && n.distinctDevices === 3,
        "three readers now, on three devices",
      );
      const minute = numbers.series.at(-1)!;
      expect(numbers).toEqual({
        blogId,
        readersNow: 3,
        peak: { readers: 3, at: expect.any(String) },
        series: [...numbers.series.slice(0, -1), { minute: minute.minute, readers: 3 }],
        distinctDevices: 3,
        reactions: { total: 4, byReaction: { like: 2, love: 1, wow: 0, sad: 0, clap: 1 } },
        polls: [
          {
            entryId: asked.id,
            question: "Man of the match?",
            options: ["Ana", "Bo", "Cem"],
            tally: { pollId: asked.poll.id, counts: [1, 2, 0], total: 3 },
            open: true,
          },
        ],
        topEntries: [
          { entryId: goal.id, headline: "Goal", reactions: 3 },
          { entryId: quiet.id, headline: null, reactions: 1 },
        ],
      });
      expect(minute.minute).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
      expect(Date.parse(numbers.peak!.at)).toBeGreaterThanOrEqual(Date.parse(minute.minute));

      const csv = await fetch(`${site.server.url}/api/blogs/${blogId}/stats.csv`, {
        headers: bearer,
      });
      expect(csv.status).toBe(200);
      expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(csv.headers.get("content-disposition")).toBe(
        `attachment; filename=${blogId}-readers.csv`,
      );
      expect(csv.headers.get("cache-control")).toBe("private, no-store");
      const rows = (await csv.text()).split("\r\n");
      expect(rows[0]).toBe("minute_utc,readers");
      expect(rows).toContain(`${minute.minute},3`);
      expect(rows.at(-1)).toBe("");
    });

    it("of a blog nobody read are empty, and its CSV has the header only", async () => {
      const { id: blogId } = await api().createBlog();
      expect(await stats(blogId)).toEqual({
        blogId,
        readersNow: 0,
        peak: null,
        series: [],
        distinctDevices: 0,
        reactions: { total: 0, byReaction: { like: 0, love: 0, wow: 0, sad: 0, clap: 0 } },
        polls: [],
        topEntries: [],
      });
      const csv = await fetch(`${site.server.url}/api/blogs/${blogId}/stats.csv`, {
        headers: bearer,
      });
      expect(await csv.text()).toBe("minute_utc,readers\r\n");
    });

    it("are for the people on the blog's desk: 401 anonymous, 403 a contributor not on its team", async () => {
      const { id: blogId } = await api().createBlog();
      const outsider = await addPerson(site.server.store, "contributor");
      const member = await addPerson(site.server.store, "contributor");
      await site.server.store.blogs.setTeam(blogId, [member.name]);
      const asOutsider = asPerson(site.server, await signIn(site.server, outsider.name));
      const asMember = asPerson(site.server, await signIn(site.server, member.name));
      for (const path of ["stats", "stats.csv"]) {
        const url = `${site.server.url}/api/blogs/${blogId}/${path}`;
        const anonymous = await fetch(url);
        expect(anonymous.status).toBe(401);
        expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe(
          "unauthorized",
        );
        const refused = await fetch(url, { headers: asOutsider });
        expect(refused.status).toBe(403);
        expect(await refused.json()).toEqual({
          error: {
            code: "forbidden",
            message: `Only this blog's team, editors and admins may see its numbers; ask an editor to add you to the team of "${blogId}".`,
          },
        });
        expect((await fetch(url, { headers: asMember })).status).toBe(200);
        const unknown = await fetch(`${site.server.url}/api/blogs/no-such-blog/${path}`, {
          headers: bearer,
        });
        expect(unknown.status).toBe(404);
      }
    });
  });
});
