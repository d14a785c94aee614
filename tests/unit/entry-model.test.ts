import { describe, expect, it } from "vitest";
import { createEntryModel, type EntryModelInit } from "../../shared/entry-model.js";
import type { Blog, LiveEvent } from "../../shared/schemas.js";
import { atMinute, entryAt, newBlogRecord } from "../support/entries.js";

const blog: Blog = { ...newBlogRecord("b", "2026-03-29T08:00:00.000Z"), title: "Blog", seq: 3 };
const at = atMinute;
const entry = entryAt;
const init = (over: Partial<EntryModelInit> = {}): EntryModelInit => ({
  blog,
  stream: [entry("c", 3), entry("b", 2), entry("a", 1)],
  pinned: [],
  keyEvents: [],
  streamHasNewest: true,
  ...over,
});
let seq = 3;
const event = (type: LiveEvent["type"], fields: Partial<LiveEvent>): LiveEvent => ({
  blogId: "b",
  seq: ++seq,
  epoch: "e1",
  at: at(30),
  type,
  ...fields,
});
const ids = (entries: readonly { id: string }[]) => entries.map((e) => e.id);

describe("entry model", () => {
  it("puts a new entry on top of the stream and returns it for announcing", () => {
    const model = createEntryModel(init());
    const { created } = model.apply(event("entry.created", { entry: entry("d", 4) }), {
      hold: false,
    });
    expect(created?.id).toBe("d");
    expect(ids(model.view("all").stream)).toEqual(["d", "c", "b", "a"]);
    expect(model.blog.seq).toBe(seq);
  });

  it("holds a new entry for a reader who scrolled down until reveal()", () => {
    const model = createEntryModel(init());
    model.apply(event("entry.created", { entry: entry("d", 4) }), { hold: true });
    expect(ids(model.view("all").stream)).toEqual(["c", "b", "a"]);
    expect(model.heldCount("all")).toBe(1);
    expect(model.reveal()).toEqual(["d"]);
    expect(ids(model.view("all").stream)).toEqual(["d", "c", "b", "a"]);
    expect(model.heldCount("all")).toBe(0);
  });

  it("does not announce or hold an entry the page already showed (a replayed event)", () => {
    const model = createEntryModel(init());
    const { created } = model.apply(event("entry.created", { entry: entry("c", 3) }), {
      hold: true,
    });
    expect(created).toBeUndefined();
    expect(model.heldCount("all")).toBe(0);
  });

  it("replaces an edited entry in place and ignores an older copy arriving later", () => {
    const model = createEntryModel(init());
    model.apply(event("entry.updated", { entry: entry("b", 2, { version: 3, headline: "new" }) }), {
      hold: false,
    });
    model.addOlder([entry("b", 2, { version: 2, headline: "stale" })], "stream");
    expect(model.get("b")?.headline).toBe("new");
    expect(ids(model.view("all").stream)).toEqual(["c", "b", "a"]);
  });

  it("moves an entry to the pinned section and to the key events, and back", () => {
    const model = createEntryModel(init());
    model.apply(
      event("entry.updated", {
        entry: entry("a", 1, { version: 2, pinned: true, keyEvent: true }),
      }),
      { hold: false },
    );
    let view = model.view("all");
    expect(ids(view.pinned)).toEqual(["a"]);
    expect(ids(view.stream)).toEqual(["c", "b"]);
    expect(ids(view.keyEvents)).toEqual(["a"]);
    model.apply(event("entry.updated", { entry: entry("a", 1, { version: 3 }) }), { hold: false });
    view = model.view("all");
    expect(ids(view.pinned)).toEqual([]);
    expect(ids(view.stream)).toEqual(["c", "b", "a"]);
    expect(ids(view.keyEvents)).toEqual([]);
  });

  it("removes a deleted entry everywhere, and a page fetched before the deletion cannot bring it back", () => {
    const model = createEntryModel(init({ keyEvents: [entry("b", 2, { keyEvent: true })] }));
    model.apply(event("entry.deleted", { entryId: "b" }), { hold: false });
    model.addOlder([entry("b", 2)], "stream");
    const view = model.view("all");
    expect(ids(view.stream)).toEqual(["c", "a"]);
    expect(view.keyEvents).toEqual([]);
    expect(model.get("b")).toBeUndefined();
  });

  it("shows an entry published again after it was unpublished (created after its deletion)", () => {
    const model = createEntryModel(init());
    model.apply(event("entry.deleted", { entryId: "b" }), { hold: false });
    // Unpublished, edited as a draft, then published again under the same id.
    const again = entry("b", 20, { version: 3, headline: "b again" });
    const { created } = model.apply(event("entry.created", { entry: again }), { hold: false });
    expect(created?.headline).toBe("b again");
    expect(ids(model.view("all").stream)).toEqual(["b", "c", "a"]);
  });

  it("shows an entry beyond the loaded pages only once it becomes pinned or a key event", () => {
    const model = createEntryModel(init());
    model.apply(event("entry.updated", { entry: entry("old", 0, { version: 2 }) }), {
      hold: false,
    });
    expect(model.get("old")).toBeUndefined();
    model.apply(
      event("entry.updated", { entry: entry("old", 0, { version: 3, keyEvent: true }) }),
      { hold: false },
    );
    expect(ids(model.view("all").keyEvents)).toEqual(["old"]);
    expect(ids(model.view("all").stream)).toEqual(["c", "b", "a"]);
  });

  it("in the key-events filter shows every known key event, and keeps older pages apart", () => {
    const model = createEntryModel(
      init({ stream: [entry("c", 3, { keyEvent: true }), entry("b", 2)] }),
    );
    model.addOlder([entry("k", 0, { keyEvent: true })], "keyEvents");
    expect(ids(model.view("keyEvents").stream)).toEqual(["c", "k"]);
    expect(ids(model.view("all").stream)).toEqual(["c", "b"]);
  });

  it("does not add new entries to a stream that starts at an older cursor", () => {
    const model = createEntryModel(init({ streamHasNewest: false }));
    model.apply(event("entry.created", { entry: entry("d", 4) }), { hold: false });
    expect(ids(model.view("all").stream)).toEqual(["c", "b", "a"]);
    expect(model.get("d")).toBeDefined();
  });

  it("takes the blog from blog.updated events", () => {
    const model = createEntryModel(init());
    model.apply(event("blog.updated", { blog: { ...blog, title: "Renamed", status: "ended" } }), {
      hold: false,
    });
    expect(model.blog).toMatchObject({ title: "Renamed", status: "ended", seq });
  });
});
