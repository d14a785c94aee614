import { describe, expect, it } from "vitest";
import { plainText } from "../../shared/html.js";
import { entryTitle } from "../../shared/render.js";

describe("plainText", () => {
  const html =
    "<p>He came alone.</p>\n<ul>\n<li>Host of the Antalya forum</li>\n<li>Go-between</li>\n</ul>\n" +
    "<h3>Later</h3><p>One<br />two</p><blockquote><p>Quoted</p></blockquote>" +
    '<figure class="entry-figure"><picture><img src="/media/x.jpg" alt="x" /></picture>' +
    "<figcaption>Caption <small>Photo: A</small></figcaption></figure>";

  it("keeps each paragraph, list item, heading, line and caption apart", () => {
    expect(plainText(html)).toBe(
      "He came alone. Host of the Antalya forum Go-between Later One two Quoted Caption Photo: A",
    );
    expect(plainText(html, { lines: true }).split("\n")).toEqual([
      "He came alone.",
      "Host of the Antalya forum",
      "Go-between",
      "Later",
      "One",
      "two",
      "Quoted",
      "Caption Photo: A",
    ]);
  });

  it("joins inline elements without a space and makes a soft line break in a paragraph a space", () => {
    expect(
      plainText("<p>Fish &amp; <strong>chi</strong>ps,\nsaid   he.</p>", { lines: true }),
    ).toBe("Fish & chips, said he.");
    expect(plainText("&#8220;quoted&#x201D;")).toBe("“quoted”");
  });

  it("stays on one line for titles and excerpts", () => {
    expect(entryTitle({ headline: null, html }, 41)).toBe(
      "He came alone. Host of the Antalya forum…",
    );
  });
});
