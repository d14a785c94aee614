import { describe, expect, it } from "vitest";
import { imagesOf, renderBody } from "../../server/blogs/markdown.js";
import type { Media, MediaFile } from "../../shared/media.js";

const ID = "k3v9q0x1m2n4b5c6";
const file = (width: number, type: MediaFile["type"]): MediaFile => ({
  url: `/media/${"f".repeat(16)}${width}.${type === "image/webp" ? "webp" : type.slice(6)}`,
  width,
  height: (width * 3) / 4,
  type,
  bytes: width * 10,
});
const record = (over: Partial<Media> = {}): Media => ({
  id: ID,
  url: `/media/${ID}`,
  width: 1600,
  height: 1200,
  type: "image/jpeg",
  alt: "Stored alt",
  caption: "",
  credit: "",
  decorative: false,
  createdAt: "2026-03-29T14:05:09.000Z",
  createdBy: "admin",
  variants: [480, 960, 1600].flatMap((w) => [file(w, "image/webp"), file(w, "image/jpeg")]),
  ...over,
});
const render = (source: string, media = record()) => renderBody(source, new Map([[ID, media]]));
const figures = (html: string) => html.match(/<figure\b/g)?.length ?? 0;

describe("pictures in an entry body", () => {
  it("lifts a picture out of its paragraph: the text around it stays in paragraphs of its own", () => {
    const html = render(`Before the talks\n![Delegates](/media/${ID})\nand after.`);
    expect(html).toMatch(
      /^<p>Before the talks<\/p>\n<figure class="entry-figure">.*<\/figure>\n<p>and after\.<\/p>$/s,
    );
    // Never a figure inside a paragraph, which a browser would break apart.
    expect(html).not.toMatch(/<p>(?:(?!<\/p>).)*<figure/s);
  });

  it("makes one figure per picture, also inside a list item", () => {
    const html = render(`![a](/media/${ID}) ![b](/media/${ID})\n\n- ![c](/media/${ID})\n- text`);
    expect(figures(html)).toBe(3);
    expect(html).toContain("<li>\n<figure");
    expect(html).not.toContain("<p></p>");
  });

  it("keeps a picture nested in a link, emphasis or heading inline, as a bare <picture>", () => {
    for (const source of [
      `[![x](/media/${ID})](https://example.org)`,
      `**![x](/media/${ID})**`,
      `## ![x](/media/${ID})`,
    ]) {
      const html = render(source);
      expect(figures(html)).toBe(0);
      expect(html).toContain('<picture><source type="image/webp"');
      expect(html).toContain(' width="1600" height="1200" alt="x"');
    }
  });

  it("uses the Markdown alt, else the record's; escapes caption and credit and keeps line breaks", () => {
    const media = record({
      caption: 'Crowd <script>alert(1)</script>\n"second line"',
      credit: "Photo: A & B",
    });
    const html = render(`![](/media/${ID})`, media);
    expect(html).toContain(' alt="Stored alt" ');
    expect(html).toContain(
      `<figcaption>Crowd &lt;script&gt;alert(1)&lt;/script&gt;<br />"second line" <small>Photo: A &amp; B</small></figcaption>`,
    );
    expect(render(`![Given](/media/${ID})`, media)).toContain(' alt="Given" ');
  });

  it("offers no <source> for a WebP upload, and no srcset for a picture with one width", () => {
    const webp = render(
      `![x](/media/${ID})`,
      record({
        type: "image/webp",
        variants: [file(480, "image/webp"), file(960, "image/webp")],
        width: 960,
        height: 720,
      }),
    );
    expect(webp).not.toContain("<source");
    expect(webp).toContain(
      `srcset="${file(480, "image/webp").url} 480w, ${file(960, "image/webp").url} 960w"`,
    );
    const small = render(
      `![x](/media/${ID})`,
      record({
        width: 300,
        height: 225,
        variants: [file(300, "image/webp"), file(300, "image/jpeg")],
      }),
    );
    expect(small).toContain(`<img src="${file(300, "image/jpeg").url}" width="300" height="225"`);
  });

  it("leaves an image whose record is not given as a plain <img> of its path", () => {
    expect(renderBody(`![x](/media/${ID})`)).toBe(`<p><img src="/media/${ID}" alt="x" /></p>`);
  });

  it("lists the images of a body with their Markdown alt, wherever they are", () => {
    expect(
      imagesOf(
        `![a](/media/${ID})\n\n## ![](https://example.org/b.png)\n\n[![c](/x.png)](https://e.org)`,
      ),
    ).toEqual([
      { src: `/media/${ID}`, alt: "a" },
      { src: "https://example.org/b.png", alt: "" },
      { src: "/x.png", alt: "c" },
    ]);
  });
});
