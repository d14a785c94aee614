/**
 * Where pictures are shown (server/media/usage.ts): which links in a text point at a picture or
 * one of its files, and the scan of every blog and entry, on the embedded store.
 */
import { newBlogRecord } from "../support/entries.js";
import { describe, expect, it } from "vitest";
import type { Media } from "../../shared/media.js";
import { referencesIn, scanMediaUsage } from "../../server/media/usage.js";
import { createMemoryStore } from "../../server/store/memory.js";

const ID = "k3j9x0q2m4n5p6r7";
const FILE = "0123456789abcdef0123456789abcdef.webp";

describe("referencesIn", () => {
  it("finds a picture's path and its files' names, wherever the link is", () => {
    expect(referencesIn(`![Crowd](/media/${ID})`)).toEqual(new Set([ID]));
    expect(referencesIn(`![Crowd](/media/${ID} "Title")`)).toEqual(new Set([ID]));
    expect(referencesIn(`See https://live.example.com/media/${ID}.`)).toEqual(new Set([ID]));
    expect(referencesIn(`![x](/media/${FILE}) and https://cdn.example/m/${FILE}`)).toEqual(
      new Set([FILE]),
    );
  });

  it("does not take a file name for a picture id, nor a longer word for either", () => {
    // A 16-digit hash is a file name here, not the id made of its first 16 characters.
    expect(referencesIn("/media/0123456789abcdef.jpg")).toEqual(new Set(["0123456789abcdef.jpg"]));
    expect(referencesIn(`/media/${ID}x`)).toEqual(new Set());
    expect(referencesIn(`/media/${ID.slice(1)}`)).toEqual(new Set());
    expect(referencesIn(`/other/${ID}`)).toEqual(new Set());
  });
});

describe("scanMediaUsage", () => {
  const picture = (id: string, fileName = FILE): Media => ({
    id,
    url: `/media/${id}`,
    width: 960,
    height: 540,
    type: "image/jpeg",
    alt: "",
    caption: "",
    credit: "",
    decorative: true,
    createdAt: "2026-01-01T00:00:00.000Z",
    createdBy: "admin",
    variants: [
      { url: `/media/${fileName}`, width: 960, height: 540, type: "image/webp", bytes: 1 },
    ],
  });
  const blogFields = (id: string) => newBlogRecord(id, "2026-01-01T00:00:00.000Z");
  const entry = (id: string, body: string, headline: string | null = null) => ({
    id,
    blogId: "",
    createdAt: "2026-01-01T00:00:00.000Z",
    author: { name: "admin" },
    authors: [{ name: "admin", displayName: "admin" }],
    status: "published" as const,
    publishAt: null,
    headline,
    body,
    html: "",
    pinned: false,
    keyEvent: false,
  });

  it("reads every entry of every blog, past the first page", async () => {
    const store = createMemoryStore({ historyLimit: 10 });
    await store.blogs.createBlog(blogFields("long"));
    for (let i = 0; i < 250; i++)
      await store.blogs.createEntry(
        "long",
        entry(`e${i}`, i === 0 ? `![x](/media/${ID})` : "text"),
      );
    const usage = await scanMediaUsage(store.blogs);
    // e0 is the oldest: on the last page of three.
    expect(usage.usesOf(picture(ID))).toEqual([
      { kind: "entry", blogId: "long", entryId: "e0", title: `![x](/media/${ID})` },
    ]);
    expect(usage.usesOf(picture("aaaaaaaaaaaaaaaa", "ffffffffffffffff.png"))).toEqual([]);
  });

  it("counts a place that links both the picture and its file once", async () => {
    const store = createMemoryStore({ historyLimit: 10 });
    await store.blogs.createBlog(blogFields("b"));
    await store.blogs.createEntry(
      "b",
      entry("e", `![a](/media/${ID}) ![b](/media/${FILE})`, "Both"),
    );
    const usage = await scanMediaUsage(store.blogs);
    expect(usage.usesOf(picture(ID))).toEqual([
      { kind: "entry", blogId: "b", entryId: "e", title: "Both" },
    ]);
  });

  it("counts a draft's body: the picture will be published with it", async () => {
    const store = createMemoryStore({ historyLimit: 10 });
    await store.blogs.createBlog(blogFields("w"));
    await store.drafts.createDraft("w", {
      ...entry("d", `![x](/media/${ID})`, "Held back"),
      blogId: "w",
      status: "draft",
      createdBy: "ana",
      review: null,
    });
    const usage = await scanMediaUsage(store.blogs, store.drafts);
    expect(usage.usesOf(picture(ID))).toEqual([
      { kind: "entry", blogId: "w", entryId: "d", title: "Held back (draft)" },
    ]);
  });

  it("counts a blog's description and its cover", async () => {
    const store = createMemoryStore({ historyLimit: 10 });
    await store.blogs.createBlog({ ...blogFields("d"), description: `![x](/media/${ID})` });
    const other = "bbbbbbbbbbbbbbbb";
    await store.blogs.createBlog({ ...blogFields("c"), cover: other });
    const usage = await scanMediaUsage(store.blogs);
    expect(usage.usesOf(picture(ID))).toEqual([
      { kind: "blog", blogId: "d", field: "description", title: "Blog d" },
    ]);
    expect(usage.usesOf(picture(other, "eeeeeeeeeeeeeeee.jpg"))).toEqual([
      { kind: "blog", blogId: "c", field: "cover", title: "Blog c" },
    ]);
  });
});
