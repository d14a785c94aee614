/**
 * The text hygiene every text field goes through (shared/text-input.ts), as a table: what an
 * editor pastes, what is stored for a multi-line and a single-line field, and what the feed
 * writer keeps of text stored before the fields were cleaned.
 */
import { describe, expect, it } from "vitest";
import { createEntrySchema, loginSchema } from "../../shared/schemas.js";
import {
  isWellFormedText,
  normalizeMultiline,
  normalizeSingleLine,
  stripXmlForbidden,
} from "../../shared/text-input.js";

describe("normalizing pasted text", () => {
  it.each([
    // what was pasted,              multi-line (body),       single-line (headline)
    ["plain text", "Goal!", "Goal!", "Goal!"],
    ["Windows line ends", "a\r\nb", "a\nb", "a b"],
    ["old Mac line ends", "a\rb", "a\nb", "a b"],
    ["a vertical tab (word processor line break)", "a\vb", "a\nb", "a b"],
    ["a form feed (page break)", "a\fb", "a\nb", "a b"],
    [
      "NEL and the Unicode line/paragraph separators",
      "a\u0085b\u2028c\u2029d",
      "a\nb\nc\nd",
      "a b c d",
    ],
    ["a tab", "a\tb", "a\tb", "a b"],
    ["breaks and tabs with spaces around", "a \t\n  b", "a \t\n  b", "a b"],
    ["a terminal colour (ESC)", "\u001b[31mred", "[31mred", "[31mred"],
    ["NUL, U+0001 and DEL", "a\u0000b\u0001c\u007fd", "abcd", "abcd"],
    ["C1 controls", "a\u0080b\u009fc", "abc", "abc"],
    ["the noncharacters U+FFFE and U+FFFF", "a\uFFFEb\uFFFFc", "abc", "abc"],
    [
      "emoji, accents and non-Latin scripts",
      "Gol ⚽️ 🇹🇷 été Ωμέγα",
      "Gol ⚽️ 🇹🇷 été Ωμέγα",
      "Gol ⚽️ 🇹🇷 été Ωμέγα",
    ],
  ])("%s", (_name, pasted, multiline, singleLine) => {
    expect(normalizeMultiline(pasted)).toBe(multiline);
    expect(normalizeSingleLine(pasted)).toBe(singleLine);
  });
});

describe("telling broken text apart", () => {
  it.each([
    ["a whole emoji", "Goal 🎉", true],
    ["a headline cut inside an emoji (high half)", "Goal \uD83D", false],
    ["a low half alone", "\uDE00 Goal", false],
    ["two halves in the wrong order", "\uDE00\uD83D", false],
    ["no text at all", "", true],
  ])("%s", (_name, text, wellFormed) => {
    expect(isWellFormedText(text)).toBe(wellFormed);
  });
});

describe("what the schemas do with it", () => {
  it("refuses a lone surrogate with a message that says what to do", () => {
    const result = createEntrySchema.safeParse({ body: "ok", headline: "Goal \uD83D" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ["headline"],
      message: expect.stringMatching(/broken character.*paste the text again/),
    });
  });

  it("checks the length and emptiness of the cleaned text", () => {
    expect(createEntrySchema.safeParse({ body: "\u0001\v" }).success).toBe(false);
    expect(createEntrySchema.parse({ body: "x\u0001", headline: " \tGoal\r\n" })).toEqual({
      body: "x",
      headline: "Goal",
    });
  });

  it("cleans the log-in name as a single line", () => {
    expect(loginSchema.parse({ name: "admin\u0000", password: "p" }).name).toBe("admin");
    expect(loginSchema.safeParse({ name: "adm\uD83D", password: "p" }).success).toBe(false);
  });
});

describe("what the feed writer keeps of stored text", () => {
  it.each([
    ["C0 controls except tab, LF and CR", "a\u0000\u0001\u000b\u000c\u001bb\t\n\r", "ab\t\n\r"],
    ["U+FFFE and U+FFFF", "a\uFFFE\uFFFFb", "ab"],
    ["lone surrogates, keeping whole pairs", "\uD83Da🎉\uDE00", "a🎉"],
    ["DEL and C1, which XML 1.0 allows", "a\u007f\u0085b", "a\u007f\u0085b"],
  ])("drops %s", (_name, stored, written) => {
    expect(stripXmlForbidden(stored)).toBe(written);
  });
});
