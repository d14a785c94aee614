import { describe, expect, it } from "vitest";
import { createDraftModel } from "../../client/admin/draft-model.js";
import type { Draft } from "../../shared/schemas.js";

const at = (minute: number) => `2026-03-29T09:${String(minute).padStart(2, "0")}:00.000Z`;
const draft = (id: string, minute: number, over: Partial<Draft> = {}): Draft => ({
  id,
  blogId: "b",
  createdAt: at(minute),
  updatedAt: at(minute),
  author: { name: "ana", displayName: "Ana" },
  authors: [{ name: "ana", displayName: "Ana" }],
  headline: id,
  body: id,
  html: `<p>${id}</p>`,
  pinned: false,
  keyEvent: false,
  version: 1,
  status: "draft",
  publishAt: null,
  createdBy: "ana",
  review: null,
  ...over,
});
const ids = (drafts: Draft[]) => drafts.map((d) => d.id);

describe("draft model", () => {
  it("lists waiting drafts newest first and scheduled ones soonest first", () => {
    const model = createDraftModel();
    model.beginLoad()([
      draft("a", 1),
      draft("b", 2),
      draft("late", 3, { status: "scheduled", publishAt: at(50) }),
      draft("soon", 4, { status: "scheduled", publishAt: at(40) }),
    ]);
    expect(ids(model.waiting())).toEqual(["b", "a"]);
    expect(ids(model.scheduled())).toEqual(["soon", "late"]);
  });

  it("keeps the newest version and says which copy it replaced", () => {
    const model = createDraftModel();
    expect(model.save(draft("a", 1, { version: 2 }))).toEqual({ saved: true, previous: undefined });
    const stale = model.save(draft("a", 1, { version: 1, headline: "stale" }));
    expect(stale.saved).toBe(false);
    expect(model.get("a")?.version).toBe(2);
    const next = model.save(draft("a", 1, { version: 3, status: "scheduled", publishAt: at(9) }));
    expect(next.previous?.version).toBe(2);
    expect(ids(model.waiting())).toEqual([]);
    expect(ids(model.scheduled())).toEqual(["a"]);
  });

  it("lays what the channel said during a reload over the reload's older answer", () => {
    const model = createDraftModel();
    model.beginLoad()([draft("gone", 1), draft("edited", 2)]);
    const finish = model.beginLoad();
    // While GET /drafts is under way: one draft is published, one edited, one filed.
    model.remove("gone");
    model.save(draft("edited", 2, { version: 2, headline: "new words" }));
    model.save(draft("filed", 3));
    finish([draft("gone", 1), draft("edited", 2)]);
    expect(ids(model.waiting())).toEqual(["filed", "edited"]);
    expect(model.get("edited")?.headline).toBe("new words");
  });

  it("drops the answer of a reload that a later one overtook", () => {
    const model = createDraftModel();
    const first = model.beginLoad();
    const second = model.beginLoad();
    second([draft("new", 2)]);
    first([draft("old", 1)]);
    expect(ids(model.waiting())).toEqual(["new"]);
  });
});
