import { describe, expect, it } from "vitest";
import { eventsFor, forReaders, liveRoom } from "../../server/realtime/audiences.js";
import type { LiveEvent } from "../../shared/schemas.js";
import { talksBegin } from "../support/entries.js";

const created = (): LiveEvent => ({
  blogId: "b",
  seq: 3,
  epoch: "e1",
  at: "2026-03-29T14:05:09.000Z",
  type: "entry.created",
  entry: talksBegin(),
});

describe("live event audiences", () => {
  it("gives readers every field of the entry but its Markdown body, and leaves the event itself whole", () => {
    const event = created();
    const rendered: Partial<LiveEvent["entry"]> = talksBegin();
    delete rendered?.body;
    expect(forReaders(event)).toEqual({ ...event, entry: rendered });
    expect(forReaders(event).entry).not.toHaveProperty("body");
    expect(event.entry?.body).toBe("**Now**");
  });

  it("makes the reader form of an event once, however often it is sent", () => {
    const event = created();
    expect(forReaders(event)).toBe(forReaders(event));
    expect(eventsFor(false, [event])[0]).toBe(forReaders(event));
  });

  it("sends the desk the events as they are, and events without an entry alike to both", () => {
    const event = created();
    expect(eventsFor(true, [event])[0]).toBe(event);
    const deleted: LiveEvent = { ...event, type: "entry.deleted", entry: undefined, entryId: "e1" };
    expect(forReaders(deleted)).toBe(deleted);
  });

  it("keeps a blog's readers and its desk in rooms of their own", () => {
    expect(liveRoom("b", false)).toBe("blog:b");
    expect(liveRoom("b", true)).not.toBe(liveRoom("b", false));
  });
});
