/**
 * What a live delivery carries, by audience (issue 15): a reader's socket gets each entry as its
 * page renders it, `html` without the Markdown `body`, live and in subscribe acks; a socket whose
 * handshake carried a desk session gets the whole entry, which the desk edits. Two instances on
 * one Redis, so that the event crossed pub/sub before it was sent.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { liveEventSchema, readerLiveEventSchema } from "../../shared/schemas.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { newsroom } from "../support/newsroom.js";
import type { TestReader } from "../support/reader.js";
import { eventsBeforeSentinel } from "../support/sentinel.js";

const site = useSite({ instances: { a: {}, b: {} } });
let cast: Awaited<ReturnType<typeof newsroom>>;

beforeAll(async () => {
  cast = await newsroom(site.a);
}, 60_000);

const MARKDOWN =
  "**Breaking**: the vote is *tonight*, see [the agenda](https://example.org/agenda)";

const newBlog = async () => (await editorApi(site.a.url).createBlog("Payloads")).id;
const subscribed = async (reader: TestReader, blogId: string, since?: number) => {
  const ack = await reader.subscribe(blogId, since);
  if (!ack.ok) throw new Error(`subscribe failed: ${JSON.stringify(ack)}`);
  return ack.data;
};
const eventsOf = (data: Awaited<ReturnType<typeof subscribed>>) =>
  "events" in data ? data.events : [];

describe("what each live delivery carries", () => {
  it("sends a reader's socket the entry's html and no Markdown body, live and in the subscribe ack", async () => {
    const blogId = await newBlog();
    const reader = await site.connectReader(site.b);
    await subscribed(reader, blogId);
    const posted = await editorApi(site.a.url).post(blogId, { body: MARKDOWN });

    const [live] = await reader.waitForEvents(1);
    expect(live!.entry).toMatchObject({
      id: posted.id,
      html: expect.stringContaining("<strong>Breaking</strong>"),
    });
    expect(live!.entry).not.toHaveProperty("body");
    expect(readerLiveEventSchema.strict().safeParse({ ...live }).success).toBe(true);

    // A reader who comes back with an older seq gets the missed events in the ack, alike.
    const back = await site.connectReader(site.a);
    const [fromAck] = eventsOf(await subscribed(back, blogId, 0));
    expect(fromAck?.entry).toMatchObject({ id: posted.id, html: live!.entry!.html });
    expect(fromAck?.entry).not.toHaveProperty("body");
  });

  it("sends the desk's socket the whole entry, Markdown body included, live and in the ack, and both audiences every event once", async () => {
    const blogId = await newBlog();
    const desk = await site.connectReader(site.b, { extraHeaders: { Cookie: cast.editor.cookie } });
    const reader = await site.connectReader(site.b);
    await subscribed(desk, blogId);
    await subscribed(reader, blogId);
    const posted = await editorApi(site.a.url).post(blogId, { body: MARKDOWN });
    await editorApi(site.a.url).edit(blogId, posted.id, {
      body: `${MARKDOWN} (updated)`,
      version: 1,
    });

    const [deskEvents, readerEvents] = await eventsBeforeSentinel([desk, reader], (body) =>
      editorApi(site.a.url).post(blogId, { body }),
    );
    expect(deskEvents!.map((event) => [event.type, event.seq])).toEqual([
      ["entry.created", 1],
      ["entry.updated", 2],
    ]);
    expect(readerEvents!.map((event) => [event.type, event.seq])).toEqual([
      ["entry.created", 1],
      ["entry.updated", 2],
    ]);
    expect(liveEventSchema.parse(deskEvents![0]).entry?.body).toBe(MARKDOWN);
    expect(liveEventSchema.parse(deskEvents![1]).entry?.body).toBe(`${MARKDOWN} (updated)`);
    for (const event of readerEvents!) expect(event.entry).not.toHaveProperty("body");

    // The desk reconnecting with an older seq gets whole entries in its ack too.
    const again = await site.connectReader(site.a, {
      extraHeaders: { Cookie: cast.editor.cookie },
    });
    const fromAck = eventsOf(await subscribed(again, blogId, 0));
    expect(fromAck.map((event) => liveEventSchema.parse(event).entry?.body)).toEqual([
      MARKDOWN,
      `${MARKDOWN} (updated)`,
      expect.stringMatching(/^sentinel /),
    ]);
  });
});
