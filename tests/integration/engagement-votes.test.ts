/**
 * Readers' votes and reactions over HTTP (issue 16), every bad input the issue names, on the
 * embedded store and on a real Redis: one vote per device (cookie or embed token), 4xx with a
 * clear code for a missing option, a closed poll, a poll past its time, a draft's poll, an unknown
 * entry and a replaced poll; a foreign page's write refused, a body over 1 KB refused, rates per
 * address and per device, and 10,000 votes from one address counted exactly up to the limit.
 * Each test comes from an address of its own (X-Forwarded-For, loopback trusted), so that one
 * test's votes do not spend another's allowance.
 */
import { describe, expect, it } from "vitest";
import type { ErrorBody } from "../../shared/schemas.js";
import {
  asAdmin,
  newToken,
  pollTally,
  postPoll,
  readerDevice,
  talliesOf,
  voteStorm,
} from "../support/engagement.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { waitFor } from "../support/wait.js";

/** Defaults of .env.example: what the limits are tested at. */
const PER_ADDRESS = 120;
const PER_DEVICE = 30;

let addresses = 0;
/** An address no other test of the file uses. */
const newAddress = () => `10.77.${Math.floor(++addresses / 250)}.${addresses % 250}`;

describe.each([
  ["the embedded store", false as const],
  ["Redis", {}],
])("votes and reactions on %s", (_store, redis) => {
  const site = useSite({
    redis,
    env: {
      TRUST_PROXY: "loopback",
      VOTE_RATE_PER_ADDRESS: String(PER_ADDRESS),
      VOTE_RATE_PER_DEVICE: String(PER_DEVICE),
    },
  });
  const newBlog = async () => (await editorApi(site.server.url).createBlog()).id;
  const reader = (options: Parameters<typeof readerDevice>[1] = {}) =>
    readerDevice(site.server, { address: newAddress(), ...options });

  it("counts a reader page's vote, gives the device an HttpOnly cookie, and refuses its second vote with 409 already_voted naming its option", async () => {
    const blogId = await newBlog();
    const entry = await postPoll(site.server, blogId);
    const browser = reader();

    const first = await browser.vote(blogId, entry.id, { pollId: entry.poll.id, option: 2 });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      tally: { pollId: entry.poll.id, counts: [0, 0, 1], total: 1 },
      option: 2,
    });
    const [cookie] = first.setCookies;
    expect(cookie).toMatch(/^lb_device=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");

    const again = await browser.vote(blogId, entry.id, { pollId: entry.poll.id, option: 0 });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "already_voted", details: [{ option: 2 }] });
    expect(again.setCookies).toEqual([]);
    expect(await pollTally(site.server, blogId, entry.id)).toEqual({
      pollId: entry.poll.id,
      counts: [0, 0, 1],
      total: 1,
    });

    // Another browser is another device.
    const other = await reader().vote(blogId, entry.id, { pollId: entry.poll.id, option: 0 });
    expect(other.status).toBe(200);
    expect(other.body.tally?.counts).toEqual([1, 0, 1]);
  });

  it("does not take a device cookie it did not sign: a forged one is a new device", async () => {
    const blogId = await newBlog();
    const entry = await postPoll(site.server, blogId);
    const forged = `lb_device=${"A".repeat(22)}.${"B".repeat(43)}`;
    const answer = await fetch(
      `${site.server.url}/api/blogs/${blogId}/entries/${entry.id}/poll/votes`,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Origin: site.server.url,
          Cookie: forged,
          "X-Forwarded-For": newAddress(),
        },
        body: JSON.stringify({ pollId: entry.poll.id, option: 1 }),
      },
    );
    expect(answer.status).toBe(200);
    const [cookie] = answer.headers.getSetCookie();
    expect(cookie?.split(";")[0]).not.toBe(forged);
  });

  it("marks the device cookie Secure when the page came over https through the trusted proxy", async () => {
    const blogId = await newBlog();
    const entry = await editorApi(site.server.url).post(blogId, { body: "Over https" });
    const answer = await fetch(
      `${site.server.url}/api/blogs/${blogId}/entries/${entry.id}/reactions`,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Origin: site.server.url,
          "X-Forwarded-For": newAddress(),
          "X-Forwarded-Proto": "https",
        },
        body: JSON.stringify({ reaction: "like", on: true }),
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.getSetCookie()[0]).toMatch(/; Secure$/);
  });

  it("counts the embed frame's votes by its token: no cookie is set, and the token votes once", async () => {
    const blogId = await newBlog();
    const entry = await postPoll(site.server, blogId);
    const token = newToken();
    const frame = reader({ token });

    const first = await frame.vote(blogId, entry.id, { pollId: entry.poll.id, option: 1 });
    expect(first.status).toBe(200);
    expect(first.body.tally?.counts).toEqual([0, 1, 0]);
    expect(first.setCookies).toEqual([]);

    const again = await frame.vote(blogId, entry.id, { pollId: entry.poll.id, option: 1 });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "already_voted", details: [{ option: 1 }] });

    // The same token from another address is the same device; another token is another one.
    const elsewhere = reader({ token });
    expect(
      (await elsewhere.vote(blogId, entry.id, { pollId: entry.poll.id, option: 0 })).status,
    ).toBe(409);
    const second = await reader({ token: newToken() }).vote(blogId, entry.id, {
      pollId: entry.poll.id,
      option: 0,
    });
    expect(second.status).toBe(200);
    expect(second.setCookies).toEqual([]);
    expect((await pollTally(site.server, blogId, entry.id))?.counts).toEqual([1, 1, 0]);
  });

  it("counts a browser that sends its device cookie and a token as the cookie's device: the reader page and a same-site embed vote once", async () => {
    const blogId = await newBlog();
    const entry = await postPoll(site.server, blogId);
    const page = reader();
    const vote = { pollId: entry.poll.id, option: 0 };
    expect((await page.vote(blogId, entry.id, vote)).status).toBe(200);
    const body = { ...vote, device: newToken() };
    const send = (cookie: string) =>
      fetch(`${site.server.url}/api/blogs/${blogId}/entries/${entry.id}/poll/votes`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Origin: site.server.url,
          Cookie: cookie,
          "X-Forwarded-For": newAddress(),
        },
        body: JSON.stringify(body),
      });
    const frame = await send(page.cookie!);
    expect(frame.status).toBe(409);
    expect(((await frame.json()) as ErrorBody).error.code).toBe("already_voted");
    // A cookie not signed here is none: the token is the device, and no cookie is set.
    const forged = await send(`lb_device=${"A".repeat(22)}.${"B".repeat(43)}`);
    expect(forged.status).toBe(200);
    expect(forged.headers.getSetCookie()).toEqual([]);
    expect((await pollTally(site.server, blogId, entry.id))?.counts).toEqual([2, 0, 0]);
  });

  it("refuses a vote for an option the poll does not have with 400 no_such_option, and a malformed one with 400 validation_failed", async () => {
    const blogId = await newBlog();
    const entry = await postPoll(site.server, blogId);
    const browser = reader();
    const missing = await browser.vote(blogId, entry.id, { pollId: entry.poll.id, option: 3 });
    expect(missing.status).toBe(400);
    expect(missing.body.error?.code).toBe("no_such_option");
    expect(missing.body.error?.message).toContain("0 to 2");
    for (const option of [-1, 1.5, "1"]) {
      const bad = await browser.vote(blogId, entry.id, {
        pollId: entry.poll.id,
        option: option as number,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error?.code).toBe("validation_failed");
    }
    expect(await pollTally(site.server, blogId, entry.id)).toBeUndefined();
    // Refused votes cost the device nothing: it can still vote.
    expect(
      (await browser.vote(blogId, entry.id, { pollId: entry.poll.id, option: 0 })).status,
    ).toBe(200);
  });

  it("refuses a vote in a closed poll with 409 poll_closed", async () => {
    const blogId = await newBlog();
    const entry = await postPoll(site.server, blogId);
    await reader().vote(blogId, entry.id, { pollId: entry.poll.id, option: 0 });
    const closed = await asAdmin(
      site.server,
      "POST",
      `/api/blogs/${blogId}/entries/${entry.id}/poll/close`,
    );
    expect(closed.status).toBe(200);

    const late = await reader().vote(blogId, entry.id, { pollId: entry.poll.id, option: 1 });
    expect(late.status).toBe(409);
    expect(late.body.error?.code).toBe("poll_closed");
    expect(late.body.error?.message).toMatch(/closed/);
    expect((await pollTally(site.server, blogId, entry.id))?.counts).toEqual([1, 0, 0]);
  });

  it("refuses a vote in a poll past its closing time with 409 poll_closed", async () => {
    const blogId = await newBlog();
    const closesAt = new Date(Date.now() + 1_500).toISOString();
    const entry = await postPoll(site.server, blogId, {
      question: "Quick one?",
      options: ["Yes", "No"],
      closesAt,
    });
    expect(entry.poll.closesAt).toBe(closesAt);
    expect(
      (await reader().vote(blogId, entry.id, { pollId: entry.poll.id, option: 0 })).status,
    ).toBe(200);
    // The store's clock is this machine's: once it is past closesAt, the poll is closed.
    await waitFor(() => Date.now() > Date.parse(closesAt) + 50, {
      what: "the closing time to pass",
    });

    const late = await reader().vote(blogId, entry.id, { pollId: entry.poll.id, option: 1 });
    expect(late.status).toBe(409);
    expect(late.body.error?.code).toBe("poll_closed");
    expect((await pollTally(site.server, blogId, entry.id))?.counts).toEqual([1, 0]);
  });

  it("refuses a vote for a draft's poll with 404 not_found, as for an unknown entry or blog", async () => {
    const blogId = await newBlog();
    const draft = await asAdmin(site.server, "POST", `/api/blogs/${blogId}/entries`, {
      body: "Not yet.",
      status: "draft",
      poll: { question: "Ready?", options: ["Yes", "No"] },
    });
    expect(draft.status).toBe(201);
    const pollId = draft.body.poll!.id;

    const browser = reader();
    const onDraft = await browser.vote(blogId, draft.body.id, { pollId, option: 0 });
    expect(onDraft.status).toBe(404);
    expect(onDraft.body.error?.code).toBe("not_found");
    const unknownEntry = await browser.vote(blogId, "no-such-entry", { pollId, option: 0 });
    expect(unknownEntry.status).toBe(404);
    expect(unknownEntry.body.error?.code).toBe("not_found");
    // The same answer either way: a reader cannot tell a draft exists.
    expect(onDraft.body.error?.message).toBe(
      unknownEntry.body.error?.message.replace("no-such-entry", draft.body.id),
    );
    const unknownBlog = await browser.vote("no-such-blog", draft.body.id, { pollId, option: 0 });
    expect(unknownBlog.status).toBe(404);
    expect(unknownBlog.body.error?.code).toBe("not_found");
    const noTallies = await fetch(`${site.server.url}/api/blogs/no-such-blog/tallies`);
    expect(noTallies.status).toBe(404);
    expect((await talliesOf(site.server, blogId)).polls).toEqual({});
  });

  it("refuses a vote for a poll that was replaced with 404 poll_not_found, and counts nothing for the new one", async () => {
    const blogId = await newBlog();
    const entry = await postPoll(site.server, blogId);
    const changed = await asAdmin(
      site.server,
      "PATCH",
      `/api/blogs/${blogId}/entries/${entry.id}`,
      {
        version: entry.version,
        poll: { question: "Who wins?", options: ["Red", "Green"] },
      },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.poll?.id).not.toBe(entry.poll.id);

    const stale = await reader().vote(blogId, entry.id, { pollId: entry.poll.id, option: 2 });
    expect(stale.status).toBe(404);
    expect(stale.body.error?.code).toBe("poll_not_found");
    expect(await pollTally(site.server, blogId, entry.id)).toBeUndefined();

    const plain = await editorApi(site.server.url).post(blogId, { body: "No poll here." });
    const none = await reader().vote(blogId, plain.id, { pollId: entry.poll.id, option: 0 });
    expect(none.status).toBe(404);
    expect(none.body.error?.code).toBe("poll_not_found");
  });

  it("refuses votes and reactions from another site's page with 403, and counts nothing", async () => {
    const blogId = await newBlog();
    const entry = await postPoll(site.server, blogId);
    const foreign = reader({ origin: "https://evil.example" });
    const vote = await foreign.vote(blogId, entry.id, { pollId: entry.poll.id, option: 0 });
    expect(vote.status).toBe(403);
    expect(vote.body.error?.code).toBe("forbidden");
    expect(vote.setCookies).toEqual([]);
    const reaction = await foreign.react(blogId, entry.id, { reaction: "like", on: true });
    expect(reaction.status).toBe(403);

    // Fetch metadata says so even without an Origin.
    const crossSite = await fetch(
      `${site.server.url}/api/blogs/${blogId}/entries/${entry.id}/reactions`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "Sec-Fetch-Site": "cross-site" },
        body: JSON.stringify({ reaction: "like", on: true }),
      },
    );
    expect(crossSite.status).toBe(403);
    expect(await talliesOf(site.server, blogId)).toEqual({ blogId, polls: {}, reactions: {} });
  });

  it("refuses a body over 1 KB with 413 payload_too_large, and one that is not JSON with 415", async () => {
    const blogId = await newBlog();
    const entry = await postPoll(site.server, blogId);
    const path = `/api/blogs/${blogId}/entries/${entry.id}/poll/votes`;
    const post = (body: string, type = "application/json") =>
      fetch(`${site.server.url}${path}`, {
        method: "POST",
        headers: { "Content-Type": type, Origin: site.server.url, "X-Forwarded-For": newAddress() },
        body,
      });
    const vote = { pollId: entry.poll.id, option: 0 };
    const large = await post(JSON.stringify({ ...vote, padding: "x".repeat(1_100) }));
    expect(large.status).toBe(413);
    expect(((await large.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: "payload_too_large",
      message: "The request body is larger than 1 KB.",
    });
    expect((await post("pollId=x&option=0", "application/x-www-form-urlencoded")).status).toBe(415);
    expect(await pollTally(site.server, blogId, entry.id)).toBeUndefined();
    // Just under the limit is read, and refused for what it says, not for its size.
    const near = await post(JSON.stringify({ ...vote, padding: "x".repeat(900) }));
    expect(near.status).toBe(400);
  });

  it("sets and clears reactions, one of each per device and entry, and counts them", async () => {
    const blogId = await newBlog();
    const entry = await editorApi(site.server.url).post(blogId, { body: "React to this." });
    const ana = reader();
    const bo = reader({ token: newToken() });

    const liked = await ana.react(blogId, entry.id, { reaction: "like", on: true });
    expect(liked.status).toBe(200);
    expect(liked.body).toEqual({
      reactions: { like: 1, love: 0, wow: 0, sad: 0, clap: 0 },
      mine: ["like"],
    });
    expect(liked.setCookies).toHaveLength(1);
    // Set twice is set once: a retried request changes nothing.
    expect(
      (await ana.react(blogId, entry.id, { reaction: "like", on: true })).body.reactions?.like,
    ).toBe(1);
    expect((await ana.react(blogId, entry.id, { reaction: "wow", on: true })).body.mine).toEqual([
      "like",
      "wow",
    ]);
    const boLikes = await bo.react(blogId, entry.id, { reaction: "like", on: true });
    expect(boLikes.body).toEqual({
      reactions: { like: 2, love: 0, wow: 1, sad: 0, clap: 0 },
      mine: ["like"],
    });
    expect(boLikes.setCookies).toEqual([]);

    const cleared = await ana.react(blogId, entry.id, { reaction: "like", on: false });
    expect(cleared.body).toEqual({
      reactions: { like: 1, love: 0, wow: 1, sad: 0, clap: 0 },
      mine: ["wow"],
    });
    // Clearing what is not set changes nothing.
    expect(
      (await ana.react(blogId, entry.id, { reaction: "sad", on: false })).body.reactions,
    ).toEqual({
      like: 1,
      love: 0,
      wow: 1,
      sad: 0,
      clap: 0,
    });
    expect((await talliesOf(site.server, blogId)).reactions).toEqual({
      [entry.id]: { like: 1, love: 0, wow: 1, sad: 0, clap: 0 },
    });

    const unknown = await ana.react(blogId, entry.id, { reaction: "angry", on: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.code).toBe("validation_failed");
    const gone = await ana.react(blogId, "no-such-entry", { reaction: "like", on: true });
    expect(gone.status).toBe(404);
  });

  it(`limits one device to ${PER_DEVICE} votes and reactions a minute with 429 and Retry-After`, async () => {
    const blogId = await newBlog();
    const entry = await editorApi(site.server.url).post(blogId, { body: "Toggle me." });
    const device = reader({ token: newToken() });
    for (let i = 0; i < PER_DEVICE; i++) {
      const answer = await device.react(blogId, entry.id, { reaction: "clap", on: i % 2 === 0 });
      expect(answer.status).toBe(200);
    }
    const over = await device.react(blogId, entry.id, { reaction: "clap", on: true });
    expect(over.status).toBe(429);
    expect(over.body.error?.code).toBe("rate_limited");
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    // 30 toggles from nothing: off again, and the refused one did not count.
    expect((await talliesOf(site.server, blogId)).reactions[entry.id]?.clap).toBe(0);
    // A browser's cookie is a device as well, limited the same way.
    const browser = reader();
    for (let i = 0; i < PER_DEVICE; i++)
      expect(
        (await browser.react(blogId, entry.id, { reaction: "love", on: i % 2 === 0 })).status,
      ).toBe(200);
    expect((await browser.react(blogId, entry.id, { reaction: "love", on: true })).status).toBe(
      429,
    );
  });

  it(`answers 10,000 votes from one address with 429 after ${PER_ADDRESS}, and counts exactly the accepted ones`, async () => {
    const blogId = await newBlog();
    const entry = await postPoll(site.server, blogId);
    // A script that makes a new device for every vote: only the address limit can stop it.
    const storm = await voteStorm([site.server], blogId, entry, {
      votes: 10_000,
      address: newAddress(),
    });

    // The limit's window starts at the address's first vote and lasts a minute (about 20 s of
    // storm here on a busy machine); a storm slowed past it opens the next one.
    const windows = Math.ceil(storm.elapsedMs / 60_000);
    const accepted = storm.statuses[200] ?? 0;
    if (windows === 1) expect(accepted).toBe(PER_ADDRESS);
    else expect(accepted).toBeLessThanOrEqual(PER_ADDRESS * windows);
    expect(storm.statuses).toEqual({ 200: accepted, 429: 10_000 - accepted });
    expect([...storm.refusals]).toEqual(["rate_limited retry"]);
    // Nothing beyond what was accepted is counted.
    const tally = await pollTally(site.server, blogId, entry.id);
    expect(tally?.total).toBe(accepted);
    expect(tally?.counts).toEqual(storm.accepted);
    // Other readers are not held back by one address's flood.
    expect(
      (await reader().vote(blogId, entry.id, { pollId: entry.poll.id, option: 0 })).status,
    ).toBe(200);
  }, 120_000);

  if (redis)
    it("answers GET .../tallies at the cost of what changed since the instance last read them, not of every entry", async () => {
      const blogId = await newBlog();
      const entries = await editorApi(site.server.url).postMany(blogId, 30);
      const browser = reader();
      for (const entry of entries)
        await browser.react(blogId, entry.id, { reaction: "like", on: true });
      expect(Object.keys((await talliesOf(site.server, blogId)).reactions)).toHaveLength(30);

      const raw = site.redis!.client();
      const entryReads = async () => {
        const stats = await raw.info("commandstats");
        return Number(/^cmdstat_hget:calls=(\d+)/m.exec(stats)?.[1] ?? 0);
      };
      await raw.config("RESETSTAT");
      for (let i = 0; i < 20; i++) await talliesOf(site.server, blogId);
      expect(await entryReads()).toBe(0);
      // A change is in the very next answer, read with the one entry it changed.
      const wow = await reader().react(blogId, entries[0]!.id, { reaction: "wow", on: true });
      expect(wow.status).toBe(200);
      expect((await talliesOf(site.server, blogId)).reactions[entries[0]!.id]).toMatchObject({
        like: 1,
        wow: 1,
      });
      expect(await entryReads()).toBeLessThanOrEqual(4);
      raw.disconnect();
    });
});
