import { describe, expect, it } from "vitest";
import { renderBody } from "../../server/blogs/markdown.js";
import { ogLocale } from "../../server/pages/layout.js";
import {
  firstPictureUrl,
  liveBlogPosting,
  publisherNode,
  publisherOf,
} from "../../shared/json-ld.js";
import type { Media } from "../../shared/media.js";
import type { Blog, Entry } from "../../shared/schemas.js";
import { talksBegin } from "../support/entries.js";

const PAGE = "https://news.example/blogs/summit";

const entry = (over: Partial<Entry> = {}): Entry =>
  talksBegin({
    blogId: "summit",
    author: { name: "newsdesk" },
    authors: [{ name: "newsdesk", displayName: "Newsdesk" }],
    ...over,
  });

const blog: Pick<
  Blog,
  "title" | "description" | "status" | "createdAt" | "updatedAt" | "endedAt" | "language"
> = {
  title: "Summit",
  description: "Leaders meet.",
  status: "live",
  createdAt: "2026-03-29T08:00:00.000Z",
  updatedAt: "2026-03-29T14:05:09.000Z",
  endedAt: null,
  language: "pt-BR",
};

const publisher = publisherNode({
  name: "Daily Example",
  logoUrl: "https://news.example/logo.png",
});

const posting = (over: Partial<typeof blog> = {}, entries: Entry[] = [entry()]) =>
  liveBlogPosting({ ...blog, ...over }, entries, {
    pageUrl: PAGE,
    images: ["https://news.example/media/c1.jpg"],
    publisher,
  });

type Update = Record<string, unknown>;
const updatesOf = (ld: Record<string, unknown>) => ld.liveBlogUpdate as Update[];

/** A picture as an upload leaves it: WebP variants and JPEG fallbacks at three widths. */
const ID = "k3v9q0x1m2n4b5c6";
const picture: Media = {
  id: ID,
  url: `/media/${ID}`,
  width: 1600,
  height: 1200,
  type: "image/jpeg",
  alt: "Delegates at the table",
  caption: "The first session",
  credit: "Photo: Agency",
  decorative: false,
  createdAt: "2026-03-29T14:05:09.000Z",
  createdBy: "admin",
  variants: [480, 960, 1600].flatMap((width) => [
    {
      url: `/media/${"a".repeat(16)}${width}.webp`,
      width,
      height: 0.75 * width,
      type: "image/webp" as const,
      bytes: 1,
    },
    {
      url: `/media/${"b".repeat(16)}${width}.jpg`,
      width,
      height: 0.75 * width,
      type: "image/jpeg" as const,
      bytes: 1,
    },
  ]),
};
const withPicture = (source: string) => renderBody(source, new Map([[ID, picture]]));

describe("LiveBlogPosting JSON-LD", () => {
  it("describes the blog for Google's Article guidance: page, language, cover, dates, publisher", () => {
    expect(posting()).toMatchObject({
      "@context": "https://schema.org",
      "@type": "LiveBlogPosting",
      "@id": PAGE,
      url: PAGE,
      mainEntityOfPage: { "@type": "WebPage", "@id": PAGE },
      headline: "Summit",
      description: "Leaders meet.",
      inLanguage: "pt-BR",
      image: ["https://news.example/media/c1.jpg"],
      datePublished: blog.createdAt,
      dateModified: blog.updatedAt,
      publisher: {
        "@type": "Organization",
        name: "Daily Example",
        logo: { "@type": "ImageObject", url: "https://news.example/logo.png" },
      },
      coverageStartTime: blog.createdAt,
    });
  });

  it("names a publisher without a logo by its name alone", () => {
    expect(publisherNode({ name: "liveblog" })).toEqual({
      "@type": "Organization",
      name: "liveblog",
    });
  });

  it("is about an Event with the blog's title and coverage times", () => {
    expect(posting().about).toEqual({
      "@type": "Event",
      name: "Summit",
      startDate: blog.createdAt,
    });
    const ended = posting({ status: "ended", endedAt: "2026-03-29T18:00:00.000Z" });
    expect(ended.about).toEqual({
      "@type": "Event",
      name: "Summit",
      startDate: blog.createdAt,
      endDate: "2026-03-29T18:00:00.000Z",
    });
  });

  it("has no coverageEndTime while live, and the time the blog ended once ended, not its last edit", () => {
    expect(posting()).not.toHaveProperty("coverageEndTime");
    const ended = posting({
      status: "ended",
      endedAt: "2026-03-29T18:00:00.000Z",
      updatedAt: "2026-03-30T09:00:00.000Z",
    });
    expect(ended.coverageEndTime).toBe("2026-03-29T18:00:00.000Z");
    expect(ended.dateModified).toBe("2026-03-30T09:00:00.000Z");
  });

  it("falls back to updatedAt for a blog that ended before endedAt was kept", () => {
    expect(posting({ status: "ended", endedAt: null }).coverageEndTime).toBe(blog.updatedAt);
  });

  it("credits the distinct authors of the listed updates, or the publisher before any update", () => {
    const by = (...names: string[]) =>
      entry({ authors: names.map((displayName) => ({ name: displayName, displayName })) });
    expect(posting({}, [by("Ana Demir")]).author).toEqual({ "@type": "Person", name: "Ana Demir" });
    expect(posting({}, [by("Ana Demir", "Bo Lind"), by("Bo Lind"), by("Cem")]).author).toEqual([
      { "@type": "Person", name: "Ana Demir" },
      { "@type": "Person", name: "Bo Lind" },
      { "@type": "Person", name: "Cem" },
    ]);
    expect(posting({}, []).author).toEqual(publisher);
  });

  it("describes the newest updates as BlogPostings, capped at 20", () => {
    const entries = Array.from({ length: 25 }, (_, i) => entry({ id: `e${i}` }));
    const updates = updatesOf(posting({}, entries));
    expect(updates).toHaveLength(20);
    expect(updates[0]).toEqual({
      "@type": "BlogPosting",
      "@id": `${PAGE}#entry-e0`,
      url: `${PAGE}#entry-e0`,
      headline: "Talks begin",
      datePublished: "2026-03-29T14:05:09.000Z",
      dateModified: "2026-03-29T14:05:09.000Z",
      author: { "@type": "Person", name: "Newsdesk" },
      articleBody: "Now",
    });
  });

  it("names one author of an update as a Person and several as a list of Persons", () => {
    const two = entry({
      authors: [
        { name: "ana", displayName: "Ana Demir" },
        { name: "bo", displayName: "Bo Lind" },
      ],
    });
    expect(updatesOf(posting({}, [two]))[0]!.author).toEqual([
      { "@type": "Person", name: "Ana Demir" },
      { "@type": "Person", name: "Bo Lind" },
    ]);
  });

  it("gives an update with a picture the absolute URL of its first picture's largest rendition", () => {
    const html = withPicture(`Before\n\n![Delegates](/media/${ID})\n\n![Again](/media/${ID})`);
    const [update] = updatesOf(posting({}, [entry({ html })]));
    expect(update!.image).toBe(`https://news.example/media/${"b".repeat(16)}1600.jpg`);
    expect(updatesOf(posting())[0]).not.toHaveProperty("image");
  });

  it("separates paragraphs, list items and captions in an update's articleBody", () => {
    const html = withPicture(
      `He came alone.\n\n- Host of the Antalya forum\n- Go-between since 2022\n\n![Delegates](/media/${ID})\n\nAfter the picture.`,
    );
    expect(updatesOf(posting({}, [entry({ html })]))[0]!.articleBody).toBe(
      [
        "He came alone.",
        "Host of the Antalya forum",
        "Go-between since 2022",
        "The first session Photo: Agency",
        "After the picture.",
      ].join("\n"),
    );
  });
});

describe("firstPictureUrl", () => {
  it("takes the widest srcset candidate, else the src, resolved against the page", () => {
    expect(firstPictureUrl(`<p><img src="/media/x.jpg" alt="x" /></p>`, PAGE)).toBe(
      "https://news.example/media/x.jpg",
    );
    expect(
      firstPictureUrl(
        `<img src="https://cdn.example/a-960.jpg" srcset="https://cdn.example/a-1600.jpg 1600w, https://cdn.example/a-480.jpg 480w" alt="x" />`,
        PAGE,
      ),
    ).toBe("https://cdn.example/a-1600.jpg");
    expect(firstPictureUrl(`<img src="/media/a.jpg?w=1&amp;h=2" alt="" />`, PAGE)).toBe(
      "https://news.example/media/a.jpg?w=1&h=2",
    );
    expect(firstPictureUrl("<p>No picture</p>", PAGE)).toBeNull();
  });
});

describe("publisherOf", () => {
  it("reads the publisher node back from rendered JSON-LD, as the client does", () => {
    const rendered = JSON.parse(JSON.stringify(posting())) as unknown;
    expect(publisherOf(rendered)).toEqual(publisher);
    expect(publisherOf({ publisher: { "@type": "Person", name: "x" } })).toBeNull();
    expect(publisherOf(null)).toBeNull();
  });
});

describe("ogLocale", () => {
  it("writes a blog's language as Open Graph's language_TERRITORY, its likely region filled in", () => {
    expect(ogLocale("pt-BR")).toBe("pt_BR");
    expect(ogLocale("en")).toBe("en_US");
    expect(ogLocale("de")).toBe("de_DE");
    expect(ogLocale("ar")).toBe("ar_EG");
  });
});
