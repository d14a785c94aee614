import { describe, expect, it } from "vitest";
import { entryPermalink, shareLinks, type SharedLink } from "../../shared/share.js";

const url = "https://news.example/blogs/vote-2026/entries/e1";
const hrefOf = (links: SharedLink[], network: SharedLink["network"]) =>
  links.find((link) => link.network === network)?.href;

describe("entryPermalink", () => {
  it("is the entry's page under the blog, on the given origin", () => {
    expect(entryPermalink("https://news.example", "vote-2026", "e1")).toBe(url);
  });
});

describe("shareLinks", () => {
  it("gives every network its own share address, and e-mail last", () => {
    const links = shareLinks({ title: "Polls close", url });
    expect(links.map((link) => link.network)).toEqual([
      "x",
      "facebook",
      "whatsapp",
      "telegram",
      "bluesky",
      "linkedin",
      "email",
    ]);
    expect(links.map((link) => link.name)).toEqual([
      "X",
      "Facebook",
      "WhatsApp",
      "Telegram",
      "Bluesky",
      "LinkedIn",
      null,
    ]);
  });

  it('URL-encodes a title with & ? # " < so that it cannot end or add a parameter', () => {
    const title = `Q&A: "who wins?" #vote <live>`;
    const links = shareLinks({ title, url: `${url}?x=1&y=2` });
    const encodedTitle = "Q%26A%3A%20%22who%20wins%3F%22%20%23vote%20%3Clive%3E";
    const encodedUrl =
      "https%3A%2F%2Fnews.example%2Fblogs%2Fvote-2026%2Fentries%2Fe1%3Fx%3D1%26y%3D2";
    expect(hrefOf(links, "x")).toBe(
      `https://x.com/intent/post?text=${encodedTitle}&url=${encodedUrl}`,
    );
    expect(hrefOf(links, "facebook")).toBe(
      `https://www.facebook.com/sharer/sharer.php?u=${encodedUrl}`,
    );
    expect(hrefOf(links, "whatsapp")).toBe(`https://wa.me/?text=${encodedTitle}%20${encodedUrl}`);
    expect(hrefOf(links, "telegram")).toBe(
      `https://t.me/share/url?url=${encodedUrl}&text=${encodedTitle}`,
    );
    expect(hrefOf(links, "bluesky")).toBe(
      `https://bsky.app/intent/compose?text=${encodedTitle}%20${encodedUrl}`,
    );
    expect(hrefOf(links, "linkedin")).toBe(
      `https://www.linkedin.com/sharing/share-offsite/?url=${encodedUrl}`,
    );
    expect(hrefOf(links, "email")).toBe(`mailto:?subject=${encodedTitle}&body=${encodedUrl}`);
    // What each network reads back is exactly what was given.
    const x = new URL(hrefOf(links, "x")!);
    expect(x.searchParams.get("text")).toBe(title);
    expect(x.searchParams.get("url")).toBe(`${url}?x=1&y=2`);
  });

  it("encodes non-Latin text as UTF-8, and a half emoji cut by an excerpt without throwing", () => {
    const links = shareLinks({ title: "Выборы: итоги ✓ الانتخابات", url });
    const x = new URL(hrefOf(links, "x")!);
    expect(x.search).toMatch(/^\?text=%D0%92%D1%8B/);
    expect(x.searchParams.get("text")).toBe("Выборы: итоги ✓ الانتخابات");

    const cut = "Goal 🎉".slice(0, 6); // "Goal " and the first half of the emoji's pair
    const telegram = new URL(hrefOf(shareLinks({ title: cut, url }), "telegram")!);
    expect(telegram.searchParams.get("text")).toBe("Goal \uFFFD");
  });

  it("puts nothing but the encoded title and link in an address (no script, no markup)", () => {
    const links = shareLinks({ title: `<script>alert(1)</script>`, url });
    for (const { href } of links) {
      expect(href).not.toMatch(/[<>"\s]/);
      expect(href).toMatch(/^(https:\/\/|mailto:\?)/);
    }
  });
});
