import { describe, expect, it } from "vitest";
import { renderBody } from "../../server/blogs/markdown.js";

/** Whatever in rendered HTML could run or load something it should not: tags, attributes, URLs. */
function dangerousParts(html: string): string[] {
  const allowedTags = /^(p|br|strong|em|s|del|a|ul|ol|li|blockquote|code|pre|h3|h4|img|hr)$/;
  const found: string[] = [];
  for (const [, tag, attributes] of html.matchAll(/<([a-zA-Z0-9]+)([^>]*)>/g)) {
    if (!allowedTags.test(tag!.toLowerCase())) found.push(`tag ${tag}`);
    for (const [, name, value] of attributes!.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)) {
      if (!/^(href|src|alt|title|rel|start)$/.test(name!)) found.push(`attribute ${name}`);
      if ((name === "href" || name === "src") && !/^(https?:|mailto:)/.test(value ?? ""))
        found.push(`url ${value}`);
    }
  }
  return found;
}

describe("renderBody", () => {
  it("renders the Markdown an editor uses: emphasis, lists, quotes, code, headings, breaks", () => {
    const html = renderBody(
      "**Bold** and _it_\nnext line\n\n- one\n- two\n\n> quoted\n\n`x = 1`\n\n## Section",
    );
    expect(html).toBe(
      "<p><strong>Bold</strong> and <em>it</em><br />\nnext line</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<blockquote>\n<p>quoted</p>\n</blockquote>\n<p><code>x = 1</code></p>\n<h3>Section</h3>",
    );
  });

  it("makes links rel=noopener nofollow and keeps http, https and mailto", () => {
    expect(renderBody("[site](https://example.org) <mailto:desk@example.org>")).toBe(
      '<p><a href="https://example.org" rel="noopener nofollow">site</a> <a href="mailto:desk@example.org" rel="noopener nofollow">mailto:desk@example.org</a></p>',
    );
  });

  it("keeps https images and drops http and data: images", () => {
    expect(renderBody("![map](https://cdn.example.org/map.png)")).toBe(
      '<p><img src="https://cdn.example.org/map.png" alt="map" /></p>',
    );
    expect(renderBody("![x](http://example.org/a.png)")).not.toContain("<img");
    expect(renderBody("![x](data:image/png;base64,AAAA)")).not.toContain("<img");
  });

  it.each([
    ["a script tag", "<script>alert(1)</script>"],
    ["an event handler", '<img src="https://x.org/a.png" onerror="alert(1)">'],
    ["a javascript: link", "[click](javascript:alert(1))"],
    ["an entity-encoded javascript: link", "[click](&#106;avascript:alert(1))"],
    ["a javascript: autolink", "<javascript:alert(1)>"],
    ["a data: link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["an svg with onload", "<svg onload=alert(1)>"],
    ["an iframe", '<iframe src="https://evil.example"></iframe>'],
    ["a style attribute", '<p style="background:url(javascript:alert(1))">x</p>'],
  ])("never lets %s through as markup", (_name, source) => {
    expect(dangerousParts(renderBody(source))).toEqual([]);
  });

  it("finds dangerous parts when they are there (the check itself works)", () => {
    expect(dangerousParts('<p onclick="x"><script></script><a href="javascript:x">')).toEqual([
      "attribute onclick",
      "tag script",
      "url javascript:x",
    ]);
  });
});
