/**
 * A poll's life on its entry (issue 16), on the embedded store and on a real Redis: attached with
 * a new id, kept (counts and all) while its options stay the same, replaced or removed with its
 * counts, closed now and reopened by whoever may edit the published entry, a closing time that
 * must be in the future, counts forgotten when the entry is deleted or unpublished, and a draft
 * that carries its poll through publishing. Readers hear each change as the entry's own event.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Draft, Entry, ErrorBody } from "../../shared/schemas.js";
import {
  newToken,
  pollTally,
  postPoll,
  readerDevice,
  threeWayPoll,
} from "../support/engagement.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { deskOf, newsroom, send } from "../support/newsroom.js";
import { eventsBeforeSentinel } from "../support/sentinel.js";
import { waitFor } from "../support/wait.js";

type Polled = Entry & { poll: NonNullable<Entry["poll"]> };

describe.each([
  ["the embedded store", false as const],
  ["Redis", {}],
])("polls on %s", (_store, redis) => {
  const site = useSite({ redis });
  let cast: Awaited<ReturnType<typeof newsroom>>;
  let blogId: string;
  beforeAll(async () => {
    blogId = (await editorApi(site.server.url).createBlog("Polls")).id;
    cast = await newsroom(site.server, [blogId]);
  });

  const entries = () => `/api/blogs/${blogId}/entries`;
  const patch = (entry: Entry, fields: Record<string, unknown>) =>
    send<Entry & Partial<ErrorBody>>(
      site.server,
      cast.editor,
      "PATCH",
      `${entries()}/${entry.id}`,
      {
        version: entry.version,
        ...fields,
      },
    );
  const close = (who: Parameters<typeof send>[1], entryId: string) =>
    send<Entry & Partial<ErrorBody>>(
      site.server,
      who,
      "POST",
      `${entries()}/${entryId}/poll/close`,
    );
  const reopen = (who: Parameters<typeof send>[1], entryId: string, body?: object) =>
    send<Entry & Partial<ErrorBody>>(
      site.server,
      who,
      "POST",
      `${entries()}/${entryId}/poll/reopen`,
      body,
    );
  /** A vote from a new embed device. */
  const vote = (entry: Polled, option: number) =>
    readerDevice(site.server, { token: newToken() }).vote(blogId, entry.id, {
      pollId: entry.poll.id,
      option,
    });
  const subscribed = async () => {
    const reader = await site.connectReader(site.server);
    const page = await editorApi(site.server.url).entries(blogId);
    expect((await reader.subscribe(blogId, page.seq)).ok).toBe(true);
    return reader;
  };
  const postSentinel = (body: string) => editorApi(site.server.url).post(blogId, { body });

  it("attaches a poll with a new id, which readers get with the entry", async () => {
    const reader = await subscribed();
    const closesAt = new Date(Date.now() + 3_600_000).toISOString();
    const entry = await postPoll(site.server, blogId, { ...threeWayPoll(), closesAt });
    expect(entry.poll).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/),
      question: "Who wins?",
      options: ["Red", "Green", "Blue"],
      closesAt,
      closedAt: null,
    });
    const other = await postPoll(site.server, blogId);
    expect(other.poll.id).not.toBe(entry.poll.id);
    const [events] = await eventsBeforeSentinel([reader], postSentinel);
    expect(events!.map((event) => event.entry?.poll)).toEqual([entry.poll, other.poll]);
    const read = await send<Entry & Partial<ErrorBody>>(
      site.server,
      "anonymous",
      "GET",
      `${entries()}/${entry.id}`,
    );
    expect(read.body.poll).toEqual(entry.poll);
  });

  it("keeps the poll's id and counts when only its question or closing time changes", async () => {
    const entry = await postPoll(site.server, blogId);
    await vote(entry, 0);
    await vote(entry, 2);
    const closesAt = new Date(Date.now() + 7_200_000).toISOString();
    const changed = await patch(entry, {
      poll: { question: "Who will win?", options: ["Red", "Green", "Blue"], closesAt },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.poll).toEqual({ ...entry.poll, question: "Who will win?", closesAt });
    expect(await pollTally(site.server, blogId, entry.id)).toEqual({
      pollId: entry.poll.id,
      counts: [1, 0, 1],
      total: 2,
    });
    expect((await vote(entry, 1)).body.tally?.counts).toEqual([1, 1, 1]);
  });

  it("gives other options (or the same in another order) a new poll, and forgets the old one's counts", async () => {
    const entry = await postPoll(site.server, blogId);
    await vote(entry, 1);
    const reordered = await patch(entry, {
      poll: { question: "Who wins?", options: ["Blue", "Green", "Red"] },
    });
    expect(reordered.status).toBe(200);
    const poll = reordered.body.poll!;
    expect(poll.id).not.toBe(entry.poll.id);
    expect(poll).toMatchObject({ options: ["Blue", "Green", "Red"], closedAt: null });
    expect(await pollTally(site.server, blogId, entry.id)).toBeUndefined();

    const stale = await vote(entry, 1);
    expect(stale.body.error?.code).toBe("poll_not_found");
    const fresh = await vote({ ...entry, poll }, 0);
    expect(fresh.body.tally).toEqual({ pollId: poll.id, counts: [1, 0, 0], total: 1 });
  });

  it("removes a poll and its counts with poll: null, and leaves it alone when poll is not sent", async () => {
    const entry = await postPoll(site.server, blogId);
    await vote(entry, 0);
    const edited = await patch(entry, { headline: "Still polling" });
    expect(edited.body.poll).toEqual(entry.poll);
    const removed = await patch(edited.body, { poll: null });
    expect(removed.status).toBe(200);
    expect(removed.body.poll).toBeNull();
    expect(await pollTally(site.server, blogId, entry.id)).toBeUndefined();
    expect((await vote(entry, 0)).body.error?.code).toBe("poll_not_found");
  });

  it("refuses a closing time in the past with 400 validation_failed naming poll.closesAt, and saves nothing", async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const created = await send(site.server, cast.editor, "POST", entries(), {
      body: "Too late",
      poll: { ...threeWayPoll(), closesAt: past },
    });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({
      code: "validation_failed",
      details: [{ path: "poll.closesAt" }],
    });
    const entry = await postPoll(site.server, blogId);
    const changed = await patch(entry, { poll: { ...threeWayPoll(), closesAt: past } });
    expect(changed.status).toBe(400);
    expect(changed.body.error?.details).toMatchObject([{ path: "poll.closesAt" }]);
    const read = await send<Entry & Partial<ErrorBody>>(
      site.server,
      "anonymous",
      "GET",
      `${entries()}/${entry.id}`,
    );
    expect(read.body).toEqual(entry);
  });

  it("closes a poll now: readers get the entry with closedAt, votes are refused, closing again changes nothing", async () => {
    const entry = await postPoll(site.server, blogId);
    await vote(entry, 2);
    const reader = await subscribed();
    const asked = new Date().toISOString();
    const closed = await close(cast.editor, entry.id);
    expect(closed.status).toBe(200);
    expect(String(closed.body.poll?.closedAt) >= asked).toBe(true);
    expect(closed.body.version).toBe(entry.version + 1);

    expect((await vote(entry, 0)).body.error?.code).toBe("poll_closed");
    const again = await close(cast.admin, entry.id);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(closed.body);
    // One entry.updated: the second close wrote nothing.
    const [events] = await eventsBeforeSentinel([reader], postSentinel);
    expect(events!.map((event) => [event.type, event.entry?.poll?.closedAt])).toEqual([
      ["entry.updated", closed.body.poll?.closedAt],
    ]);
    // The counts stay to be shown as the result.
    expect((await pollTally(site.server, blogId, entry.id))?.counts).toEqual([0, 0, 1]);
  });

  it("reopens a poll: votes count again; a passed closing time is cleared, a new one must be in the future", async () => {
    const entry = await postPoll(site.server, blogId);
    await close(cast.editor, entry.id);
    const past = await reopen(cast.editor, entry.id, {
      closesAt: new Date(Date.now() - 1_000).toISOString(),
    });
    expect(past.status).toBe(400);
    expect(past.body.error?.details).toMatchObject([{ path: "closesAt" }]);

    const later = new Date(Date.now() + 3_600_000).toISOString();
    const until = await reopen(cast.editor, entry.id, { closesAt: later });
    expect(until.status).toBe(200);
    expect(until.body.poll).toEqual({ ...entry.poll, closesAt: later, closedAt: null });
    expect((await vote(entry, 1)).status).toBe(200);

    // Reopened with no body after its time: open for good, not closed again at once.
    const closesAt = new Date(Date.now() + 2_000).toISOString();
    const short = await postPoll(site.server, blogId, { ...threeWayPoll(), closesAt });
    await waitFor(() => Date.now() > Date.parse(closesAt) + 50, { what: "the closing time" });
    expect((await vote(short, 0)).body.error?.code).toBe("poll_closed");
    const open = await reopen(cast.editor, short.id);
    expect(open.body.poll).toMatchObject({ closesAt: null, closedAt: null });
    expect((await vote(short, 0)).status).toBe(200);
    // Reopening an open poll changes nothing.
    expect((await reopen(cast.editor, short.id)).body).toEqual(open.body);
  });

  it("lets whoever may edit the published entry close and reopen its poll, and nobody else", async () => {
    const entry = await postPoll(site.server, blogId);
    for (const who of [cast.member, cast.outsider]) {
      expect((await close(who, entry.id)).status).toBe(403);
      expect((await reopen(who, entry.id)).status).toBe(403);
    }
    expect((await close("anonymous", entry.id)).status).toBe(401);
    const foreign = await fetch(`${site.server.url}${entries()}/${entry.id}/poll/close`, {
      method: "POST",
      headers: { Cookie: cast.editor.cookie, Origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    expect(
      (
        await send<Entry & Partial<ErrorBody>>(
          site.server,
          "anonymous",
          "GET",
          `${entries()}/${entry.id}`,
        )
      ).body,
    ).toEqual(entry);

    expect((await close(cast.admin, entry.id)).body.poll?.closedAt).not.toBeNull();
    expect((await reopen(cast.editor, entry.id)).body.poll?.closedAt).toBeNull();

    const plain = await editorApi(site.server.url).post(blogId, { body: "No poll" });
    const none = await close(cast.editor, plain.id);
    expect(none.status).toBe(404);
    expect(none.body.error?.code).toBe("poll_not_found");
    expect((await close(cast.editor, "no-such-entry")).body.error?.code).toBe("not_found");
    // A contributor learns nothing more about an unknown entry than anyone.
    expect((await close(cast.member, "no-such-entry")).status).toBe(404);
    const unknownBody = await send(
      site.server,
      cast.editor,
      "POST",
      `${entries()}/${entry.id}/poll/reopen`,
      {
        closesAt: "tomorrow",
      },
    );
    expect(unknownBody.status).toBe(400);
  });

  it("forgets an entry's counts when it is deleted or unpublished: published again, its poll starts from nothing", async () => {
    const entry = await postPoll(site.server, blogId);
    const device = readerDevice(site.server, { token: newToken() });
    await device.vote(blogId, entry.id, { pollId: entry.poll.id, option: 0 });
    await device.react(blogId, entry.id, { reaction: "love", on: true });

    const desk = deskOf(site.server, blogId);
    const draft = (await desk.unpublish(cast.editor, entry.id)).body as unknown as Draft;
    expect(draft.poll).toEqual(entry.poll);
    const tallies = await fetch(`${site.server.url}/api/blogs/${blogId}/tallies`);
    const { polls, reactions } = (await tallies.json()) as { polls: object; reactions: object };
    expect(polls).not.toHaveProperty(entry.id);
    expect(reactions).not.toHaveProperty(entry.id);

    const republished = (await desk.publish(cast.editor, entry.id)).body as unknown as Polled;
    expect(republished.poll).toEqual(entry.poll);
    // The device that voted before may vote again: what it did went with the counts.
    const again = await device.vote(blogId, entry.id, { pollId: entry.poll.id, option: 1 });
    expect(again.body.tally).toEqual({ pollId: entry.poll.id, counts: [0, 1, 0], total: 1 });

    expect((await desk.remove(cast.editor, entry.id)).status).toBe(204);
    expect(await pollTally(site.server, blogId, entry.id)).toBeUndefined();
    expect((await device.vote(blogId, entry.id, { pollId: entry.poll.id, option: 1 })).status).toBe(
      404,
    );
  });

  it("carries a draft's poll through its edits and its publication; nobody votes in it before", async () => {
    const filed = await deskOf(site.server, blogId).file(cast.member, {
      body: "Poll for tonight",
      poll: threeWayPoll("Tonight's winner?"),
    });
    expect(filed.status).toBe(201);
    const draft = filed.body as unknown as Draft;
    const pollId = draft.poll!.id;
    const early = await readerDevice(site.server, { token: newToken() }).vote(blogId, draft.id, {
      pollId,
      option: 0,
    });
    expect(early.status).toBe(404);

    const edited = await deskOf(site.server, blogId).change(cast.member, draft.id, {
      version: draft.version,
      poll: { question: "Tonight's big winner?", options: ["Red", "Green", "Blue"] },
    });
    expect((edited.body as unknown as Draft).poll).toMatchObject({
      id: pollId,
      question: "Tonight's big winner?",
    });
    const published = await deskOf(site.server, blogId).publish(cast.editor, draft.id);
    expect(published.status).toBe(200);
    const entry = published.body as unknown as Polled;
    expect(entry.poll).toEqual((edited.body as unknown as Draft).poll);
    expect((await vote(entry, 2)).body.tally).toEqual({ pollId, counts: [0, 0, 1], total: 1 });
  });
});
