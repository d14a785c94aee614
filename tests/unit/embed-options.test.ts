import { describe, expect, it } from "vitest";
import { EMBED_DEFAULTS, embedQuery, parseEmbedOptions } from "../../server/pages/embed-options.js";
import { textOn } from "../../server/pages/embed-page.js";

describe("parseEmbedOptions", () => {
  it("takes valid values", () => {
    expect(
      parseEmbedOptions({
        theme: "dark",
        accent: "#0A0",
        limit: "50",
        keyEvents: "0",
        frame: "f_1",
      }),
    ).toEqual({ theme: "dark", accent: "#0a0", limit: 50, keyEvents: false, frame: "f_1" });
  });

  it("falls back to the default for each missing, repeated or invalid value", () => {
    const bad = {
      theme: "neon",
      accent: "red;}body{display:none",
      limit: "0",
      keyEvents: "yes",
      frame: "a b",
    };
    expect(parseEmbedOptions(bad)).toEqual(EMBED_DEFAULTS);
    expect(parseEmbedOptions({ accent: "#abcd", limit: "51" })).toEqual(EMBED_DEFAULTS);
    expect(parseEmbedOptions({ theme: ["dark", "light"], limit: "1e1" })).toEqual(EMBED_DEFAULTS);
    expect(parseEmbedOptions({})).toEqual(EMBED_DEFAULTS);
  });

  it("writes back only what differs from the defaults", () => {
    expect(embedQuery(EMBED_DEFAULTS)).toBe("");
    expect(embedQuery(parseEmbedOptions({ accent: "#ff0000", frame: "f1" }))).toBe(
      "accent=%23ff0000&frame=f1",
    );
  });
});

describe("textOn", () => {
  it("picks the text colour that reads better on an accent", () => {
    expect(textOn("#ffff00")).toBe("#000000");
    expect(textOn("#b3141c")).toBe("#ffffff");
    expect(textOn("#fff")).toBe("#000000");
  });
});
