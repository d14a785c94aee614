import { describe, expect, it } from "vitest";
import { BLOG_ID, embedTarget, newFrameId } from "../../client/embed/options.js";
import { FRAME_ID_PATTERN } from "../../shared/embed-protocol.js";
import { blogIdSchema } from "../../shared/schemas.js";

const ORIGIN = "https://live.example.com";
const query = (data: Parameters<typeof embedTarget>[1]) => {
  const target = embedTarget(ORIGIN, data, "f1");
  if (!target.ok) throw new Error(target.problem);
  const url = new URL(target.url);
  expect(url.origin + url.pathname).toBe(`${ORIGIN}/blogs/${target.blogId}/embed`);
  return Object.fromEntries(url.searchParams);
};

describe("embed.js options", () => {
  it("points the frame at the blog's embed page with its frame id and the valid options", () => {
    expect(
      query({ blog: "election", theme: "dark", accent: "#C00", limit: "15", keyEvents: "0" }),
    ).toEqual({ frame: "f1", theme: "dark", accent: "#c00", limit: "15", keyEvents: "0" });
    expect(query({ blog: "election", accent: "1a2b3c", keyEvents: "true" })).toEqual({
      frame: "f1",
      accent: "#1a2b3c",
      keyEvents: "1",
    });
  });

  it("leaves out every option that is not valid, never passing it on as written", () => {
    expect(
      query({
        blog: "election",
        theme: "neon",
        accent: "red;background:url(x)",
        limit: "1e3",
        keyEvents: "constructor",
      }),
    ).toEqual({ frame: "f1" });
    for (const limit of ["0", "101", "-5", "5.5", " ", "999"])
      expect(query({ blog: "b", limit }), limit).toEqual({ frame: "f1" });
    for (const accent of ["#12", "#1234", "#ggg", "rgb(0,0,0)", "#c00 !important"])
      expect(query({ blog: "b", accent }), accent).toEqual({ frame: "f1" });
  });

  it("says why when data-blog is missing or not a blog id", () => {
    expect(embedTarget(ORIGIN, {}, "f1")).toEqual({
      ok: false,
      problem: "the script tag has no data-blog attribute",
    });
    for (const blog of ["Election", "../admin", "a b", "x".repeat(65), "é"]) {
      const target = embedTarget(ORIGIN, { blog }, "f1");
      expect(target.ok, blog).toBe(false);
    }
  });

  it("takes exactly the blog ids the server takes", () => {
    const samples = [
      "a",
      "election-2026",
      "0",
      "-",
      "A",
      "a_b",
      "a.b",
      "x".repeat(64),
      "x".repeat(65),
    ];
    for (const id of samples) expect(BLOG_ID.test(id), id).toBe(blogIdSchema.safeParse(id).success);
  });

  it("makes frame ids the protocol accepts, different each time", () => {
    const ids = new Set(Array.from({ length: 50 }, newFrameId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(FRAME_ID_PATTERN);
  });
});
