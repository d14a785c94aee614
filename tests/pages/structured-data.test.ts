/**
 * A reader page's structured data and social tags as search engines and networks read them
 * (issue 14): a real page of a blog with a cover, a pinned entry, key events and a picture in an
 * entry, checked by structured-data-testing-tool (4.5.0) with its Google and SocialMedia presets.
 *
 * One documented exception: the Google preset warns when a LiveBlogPosting has no
 * coverageEndTime. schema.org defines it as the time the coverage will end, which a blog that is
 * still live does not know (it ends when an editor ends it), and Google's live-blog guidance
 * asked for it only once known; so a live blog leaves it out and gets exactly that one warning.
 */
import {
  structuredDataTest,
  type StructuredDataCheck,
  type StructuredDataResult,
} from "structured-data-testing-tool";
import presets from "structured-data-testing-tool/presets";
import request from "supertest";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Media } from "../../shared/media.js";
import type { Blog } from "../../shared/schemas.js";
import { ensureClientBuilt } from "../e2e/support/browser.js";
import { editorApi, useSite, type EditorApi } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";
import { photo } from "../support/pictures.js";
import { upload } from "../support/uploads.js";

const PUBLISHER = {
  PUBLISHER_NAME: "Daily Example",
  PUBLISHER_LOGO_URL: "https://news.example/logo.png",
  PUBLISHER_X_ACCOUNT: "dailyexample",
};

// Two or three uploads a test, each resized by sharp: room for a busy two-core machine.
vi.setConfig({ testTimeout: 60_000 });

const site = useSite({ redis: false, env: PUBLISHER });
const http = () => request(site.server.url);
let editor: EditorApi;

async function uploaded(alt: string): Promise<Media> {
  const res = await upload(site.server, await photo(1600, 1200), { fields: { alt } });
  expect(res.status, res.text).toBe(201);
  return res.body as Media;
}

/** A blog with a pinned entry, key events and an entry with a picture; a cover unless told. */
async function storyBlog(title: string, { cover = true } = {}) {
  const blog = await editor.createBlog(title, { description: "Leaders meet in Istanbul." });
  if (cover) {
    const picture = await uploaded("Delegations at the table in Dolmabahçe Palace");
    await http().patch(`/api/blogs/${blog.id}`).set(bearer).send({ cover: picture.id }).expect(200);
  }
  const handshake = await uploaded("The foreign ministers shake hands");
  await editor.post(blog.id, {
    headline: "How to follow the talks",
    body: "Updates every few minutes.\n\n- Key events on the left\n- Newest first",
    pinned: true,
  });
  await editor.post(blog.id, {
    headline: "Talks begin",
    body: "Delegates arrive.",
    keyEvent: true,
  });
  const withPicture = await editor.post(blog.id, {
    body: `The handshake.\n\n![](/media/${handshake.id})`,
  });
  await editor.post(blog.id, { headline: "A deal", body: "Both sides sign.", keyEvent: true });
  return { blog, handshake, withPicture };
}

const end = async (blog: Blog) =>
  (await http().patch(`/api/blogs/${blog.id}`).set(bearer).send({ status: "ended" }).expect(200))
    .body as Blog;

/** The tool's verdict on HTML, failed or not (it rejects when a check that is no warning fails). */
async function checked(html: string): Promise<StructuredDataResult> {
  return structuredDataTest(html, { presets: [presets.Google, presets.SocialMedia] }).catch(
    (err: { type?: string; res?: StructuredDataResult }) => {
      if (err.type === "VALIDATION_FAILED" && err.res) return err.res;
      throw err;
    },
  );
}

/** What the tool says of the checks, "group > #0 (jsonld): property" each: readable in a diff. */
const named = (checks: StructuredDataCheck[]) =>
  checks.map((check) => `${(check.groups ?? [check.group]).join(" > ")}: ${check.description}`);

const pageOf = async (blog: Blog) => (await http().get(`/blogs/${blog.id}`).expect(200)).text;
const jsonLdOf = (page: string) =>
  JSON.parse(/<script type="application\/ld\+json"[^>]*>(.*?)<\/script>/s.exec(page)![1]!) as {
    liveBlogUpdate: Record<string, unknown>[];
  } & Record<string, unknown>;
const metaContent = (html: string, key: string) =>
  new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(html)?.[1];

beforeAll(async () => {
  await ensureClientBuilt();
  editor = editorApi(site.server.url);
});

describe("structured data and social tags of a reader page", () => {
  it("pass the Google and SocialMedia presets with no failure and no warning once the blog ended", async () => {
    const { blog } = await storyBlog("Talks in Istanbul");
    const ended = await end(blog);
    const result = await checked(await pageOf(blog));
    expect(result.schemas).toEqual(["LiveBlogPosting"]);
    expect(named(result.failed)).toEqual([]);
    expect(named(result.warnings)).toEqual([]);
    expect(result.passed.length).toBeGreaterThan(10);
    const jsonLd = jsonLdOf(await pageOf(blog));
    expect(jsonLd.coverageEndTime).toBe(ended.endedAt);
    expect(jsonLd.about).toMatchObject({ "@type": "Event", endDate: ended.endedAt });
  });

  it("warn of nothing but the coverageEndTime a live blog cannot know yet", async () => {
    const { blog } = await storyBlog("Talks go on");
    const result = await checked(await pageOf(blog));
    expect(named(result.failed)).toEqual([]);
    expect(named(result.warnings)).toEqual([
      "Google > LiveBlogPosting > #0 (jsonld): coverageEndTime",
    ]);
  });

  it("name the configured publisher, the blog's language, and each update's first picture", async () => {
    const { blog, handshake, withPicture } = await storyBlog("Talks in Ankara");
    const page = await pageOf(blog);
    const jsonLd = jsonLdOf(page);
    expect(jsonLd).toMatchObject({
      inLanguage: "en",
      mainEntityOfPage: { "@type": "WebPage", "@id": `${site.server.url}/blogs/${blog.id}` },
      publisher: {
        "@type": "Organization",
        name: "Daily Example",
        logo: { "@type": "ImageObject", url: "https://news.example/logo.png" },
      },
      author: { "@type": "Person", name: "admin" },
    });
    expect(jsonLd).not.toHaveProperty("coverageEndTime");
    const update = jsonLd.liveBlogUpdate.find(
      (u) => u.url === `${site.server.url}/blogs/${blog.id}#entry-${withPicture.id}`,
    );
    const largest = handshake.variants.filter((file) => file.type === "image/jpeg").at(-1)!;
    expect(update?.image).toBe(new URL(largest.url, site.server.url).href);
    expect(metaContent(page, "og:site_name")).toBe("Daily Example");
    expect(metaContent(page, "og:locale")).toBe("en_US");
    expect(metaContent(page, "twitter:site")).toBe("@dailyexample");
    expect(metaContent(page, "twitter:creator")).toBe("@dailyexample");
  });

  it("give a blog without a cover a summary card, and so miss only the picture the presets ask for", async () => {
    const { blog } = await storyBlog("Talks without a picture", { cover: false });
    await end(blog);
    const page = await pageOf(blog);
    expect(metaContent(page, "twitter:card")).toBe("summary");
    expect(page).not.toContain('property="og:image');
    expect(jsonLdOf(page)).not.toHaveProperty("image");
    const result = await checked(page);
    expect(named(result.failed)).toEqual([
      "Facebook: must have image url",
      "Facebook: must have image alt text",
      "Twitter: must have image url",
      "Twitter: must have image alt text",
    ]);
    expect(named(result.warnings)).toEqual([]);
  });
});
