import sanitizeHtml from "sanitize-html";
import { describe, expect, it } from "vitest";
import { renderBody, SANITIZE } from "../../server/blogs/markdown.js";
import { englishI18n } from "../../server/i18n/locales.js";
import { jsonFeed, renderAtom } from "../../server/pages/feeds.js";
import { embedCardsAsLinks, renderEmbedCard } from "../../shared/embeds/card.js";
import { findEmbed } from "../../shared/embeds/providers.js";
import { plainText } from "../../shared/html.js";
import { liveBlogPosting, publisherNode } from "../../shared/json-ld.js";
import { entryTitle } from "../../shared/render.js";
import type { Blog, Entry } from "../../shared/schemas.js";

const VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";

const english = englishI18n();

/** The card of `url` as an entry stores it: the registry's card, in English. */
const storedCard = (url: string) => renderEmbedCard(findEmbed(url)!, english);

describe("embed cards in entry bodies", () => {
  it("turns a URL alone in its paragraph into the provider's card, with the link and the consent controls", () => {
    const html = renderBody(VIDEO);
    expect(html).toBe(storedCard(VIDEO));
    expect(html).toContain('<figure class="embed-card" data-provider="youtube">');
    expect(html).toContain(
      `<span class="embed-provider">YouTube</span>: <a class="embed-link" href="${VIDEO}" rel="noopener nofollow">${VIDEO}</a>`,
    );
    expect(html).toContain(
      "Loading this YouTube video shows content from YouTube, which may set cookies and collect data about you.",
    );
    expect(html).toContain('<button type="button" class="embed-load">Load YouTube video</button>');
    expect(html).toContain(
      '<label class="embed-always"><input type="checkbox" class="embed-remember" /> Always allow YouTube</label>',
    );
  });

  it("stores no frame and no script: the player's address is nowhere in the HTML", () => {
    const html = renderBody(`${VIDEO}\n\nhttps://x.com/jack/status/20`);
    expect(html).not.toMatch(/<iframe|<script|youtube-nocookie|platform\.twitter/i);
    expect(html.match(/<figure class="embed-card"/g)).toHaveLength(2);
  });

  it("takes an autolink <…> alone on its line as well", () => {
    expect(renderBody("<https://t.me/durov/142>")).toBe(storedCard("https://t.me/durov/142"));
  });

  it("keeps the editor's text around the link as paragraphs of their own", () => {
    expect(renderBody(`Watch the statement:\n${VIDEO}\nMore **soon**.`)).toBe(
      `<p>Watch the statement:</p>\n${storedCard(VIDEO)}\n<p>More <strong>soon</strong>.</p>`,
    );
    expect(renderBody(`One\ntwo\n\n${VIDEO}`)).toBe(`<p>One<br />\ntwo</p>\n${storedCard(VIDEO)}`);
  });

  it.each([
    ["a link inside a sentence", `See ${VIDEO} now.`],
    ["a worded link", `[the statement](${VIDEO})`],
    ["a link in a list", `- ${VIDEO}`],
    ["a link in a quote", `> ${VIDEO}`],
    ["a link followed by punctuation", `${VIDEO}.`],
  ])("leaves %s a plain link", (_name, source) => {
    const html = renderBody(source);
    expect(html).not.toContain("<figure");
    expect(html).toContain(`<a href="${VIDEO}" rel="noopener nofollow">`);
  });

  it.each([
    ["an unknown site", "https://example.org/watch?v=dQw4w9WgXcQ"],
    ["plain http", "http://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["a look-alike host", "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ"],
  ])("leaves %s a plain link", (_name, url) => {
    expect(renderBody(url)).toBe(`<p><a href="${url}" rel="noopener nofollow">${url}</a></p>`);
  });
});

describe("the sanitizer's allowlist for cards", () => {
  const clean = (html: string) => sanitizeHtml(html, SANITIZE);

  it("keeps a card as the plugin renders it", () => {
    const card = renderEmbedCard(findEmbed(VIDEO)!, english);
    expect(clean(card)).toBe(storedCard(VIDEO));
  });

  it("drops what a forged card would add: other classes, providers, button types, inputs, frames", () => {
    const forged =
      '<figure class="embed-card evil" data-provider="evil" data-src="https://evil.example" style="x">' +
      '<div class="embed-gate other" onclick="x()"><button type="submit" class="embed-load" formaction="https://evil.example">Go</button>' +
      '<input type="text" class="embed-remember" value="x"><iframe src="https://evil.example"></iframe>' +
      "<script>alert(1)</script></div></figure>";
    expect(clean(forged)).toBe(
      '<figure class="embed-card"><div class="embed-gate"><button type="button" class="embed-load">Go</button>' +
        '<input type="checkbox" class="embed-remember" /></div></figure>',
    );
  });
});

describe("where no gate runs, a card is a link", () => {
  const html = renderBody(`Statement:\n\n${VIDEO}`);
  const entry: Entry = {
    id: "e1",
    blogId: "b",
    seq: 1,
    createdAt: "2026-03-29T14:05:09.000Z",
    updatedAt: "2026-03-29T14:05:09.000Z",
    author: { name: "Desk" },
    authors: [{ name: "Desk", displayName: "Desk" }],
    status: "published",
    publishAt: null,
    headline: null,
    body: `Statement:\n\n${VIDEO}`,
    html,
    pinned: false,
    keyEvent: false,
    version: 1,
  };
  const blog = {
    id: "b",
    title: "Blog",
    description: "",
    status: "live",
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    language: "en",
    timeZone: "UTC",
    seq: 1,
  } as Blog;
  const linkParagraph = `<p>YouTube: <a href="${VIDEO}" rel="noopener nofollow">${VIDEO}</a></p>`;

  it("embedCardsAsLinks makes each card a paragraph naming the provider, with the link", () => {
    expect(embedCardsAsLinks(html)).toBe(`<p>Statement:</p>\n${linkParagraph}`);
  });

  it("plain text (JSON-LD, titles, summaries) reads 'YouTube: <link>', without the gate's words", () => {
    expect(plainText(html)).toBe(`Statement: YouTube: ${VIDEO}`);
    expect(entryTitle({ headline: null, html: renderBody(VIDEO) })).toBe(`YouTube: ${VIDEO}`);
    const jsonLd = liveBlogPosting(blog, [entry], {
      pageUrl: "https://live.example/blogs/b",
      publisher: publisherNode({ name: "Desk" }),
    }) as { liveBlogUpdate: { articleBody: string }[] };
    expect(jsonLd.liveBlogUpdate[0]!.articleBody).toBe(`Statement:\nYouTube: ${VIDEO}`);
  });

  it("the feeds carry the link, not the gate", () => {
    const input = { blog, cover: [], entries: [entry], pageUrl: "https://live.example/blogs/b" };
    const item = (jsonFeed(input).items as { content_html: string; summary: string }[])[0]!;
    expect(item.content_html).toBe(`<p>Statement:</p>\n${linkParagraph}`);
    expect(item.summary).toBe(`Statement: YouTube: ${VIDEO}`);
    const atom = renderAtom(input);
    expect(atom).toContain(
      `&lt;p&gt;YouTube: &lt;a href=&quot;${VIDEO}&quot; rel=&quot;noopener nofollow&quot;&gt;`,
    );
    expect(atom).not.toMatch(/button|checkbox|embed-gate/);
  });
});
