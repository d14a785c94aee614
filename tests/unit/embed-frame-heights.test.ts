import { describe, expect, it } from "vitest";
import { reportedHeight } from "../../shared/embeds/frame-heights.js";

describe("reportedHeight", () => {
  it.each([
    ["bluesky", { id: "123", height: 412.5 }, 413],
    ["mastodon", { type: "setHeight", id: 1, height: 300 }, 300],
    ["telegram", '{"event":"resize","height":520}', 520],
    ["instagram", '{"type":"MEASURE","details":{"height":688}}', 688],
    [
      "x",
      '{"twttr.embed":{"id":"i0","method":"twttr.private.resize","params":[{"height":377,"width":550}]}}',
      377,
    ],
    ["x", { "twttr.embed": { method: "twttr.private.resize", params: [{ height: 200 }] } }, 200],
  ] as const)("reads %s's own message", (provider, data, height) => {
    expect(reportedHeight(provider, data)).toBe(height);
  });

  it("keeps heights within 80 to 2000 px", () => {
    expect(reportedHeight("bluesky", { height: 10 })).toBe(80);
    expect(reportedHeight("bluesky", { height: 1e9 })).toBe(2000);
  });

  it.each([
    ["another provider's message", "telegram", { id: "1", height: 300 }],
    ["a height that is no number", "bluesky", { height: "300px" }],
    ["an infinite height", "bluesky", { height: Infinity }],
    ["text that is not JSON", "telegram", "resize 300"],
    [
      "another X method",
      "x",
      { "twttr.embed": { method: "twttr.private.ready", params: [{ height: 1 }] } },
    ],
    ["a provider that reports nothing", "youtube", { height: 300 }],
    ["null", "bluesky", null],
  ] as const)("ignores %s", (_name, provider, data) => {
    expect(reportedHeight(provider, data)).toBeNull();
  });
});
