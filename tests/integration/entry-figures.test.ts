/**
 * Uploaded pictures in entries, over HTTP against a real instance on a private Redis: a body
 * linking `/media/<id>` is stored with the picture's figure (srcset, sizes, width/height, alt,
 * caption and credit), the reader page and the shared client renderer show exactly that HTML,
 * and a body whose image could not be shown to every reader is refused with nothing stored.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import type { Media, MediaFile } from "../../shared/media.js";
import { renderEntry } from "../../shared/render.js";
import type { Entry } from "../../shared/schemas.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";
import { storePicture } from "../support/media.js";
import { englishI18n } from "../../server/i18n/locales.js";

const site = useSite();
const api = () => request(site.server.url);
const editor = () => editorApi(site.server.url);
const newBlog = async () => (await editor().createBlog()).id;

const SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)";
const srcset = (files: MediaFile[]) => files.map((f) => `${f.url} ${f.width}w`).join(", ");

/** The figure of a JPEG picture as readers must get it, spelled out from its record. */
function expectedFigure(media: Media, alt: string, caption: string) {
  const webp = media.variants.filter((f) => f.type === "image/webp");
  const jpeg = media.variants.filter((f) => f.type === "image/jpeg");
  return (
    `<figure class="entry-figure">` +
    `<a href="${jpeg.at(-1)!.url}" class="entry-figure-link" rel="noopener nofollow"><picture>` +
    `<source type="image/webp" srcset="${srcset(webp)}" sizes="${SIZES}" />` +
    `<img src="${jpeg.find((f) => f.width === 960)!.url}" srcset="${srcset(jpeg)}" sizes="${SIZES}"` +
    ` width="1600" height="1200" alt="${alt}" loading="lazy" decoding="async" />` +
    `</picture></a><figcaption>${caption}</figcaption></figure>`
  );
}

/** Posts a body; returns the response (status and body) and the blog's entries afterwards. */
async function post(blogId: string, body: string) {
  const res = await api().post(`/api/blogs/${blogId}/entries`).set(bearer).send({ body });
  const stored = (await editor().entries(blogId)).entries;
  return { res, stored };
}

describe("pictures in entries", () => {
  it("stores an uploaded picture as a figure: srcset, sizes, width/height, alt, caption and credit in <small>", async () => {
    const media = await storePicture(site.server, {
      alt: "Delegates at the table",
      caption: "Talks resume at the palace",
      credit: "Photo: A. Reporter",
    });
    expect(media.variants.map((f) => `${f.type} ${f.width}x${f.height}`)).toEqual([
      "image/webp 480x360",
      "image/jpeg 480x360",
      "image/webp 960x720",
      "image/jpeg 960x720",
      "image/webp 1600x1200",
      "image/jpeg 1600x1200",
    ]);
    const blogId = await newBlog();
    const { res, stored } = await post(
      blogId,
      `Talks are back on.\n\n![The two delegations](/media/${media.id})`,
    );
    expect(res.status).toBe(201);
    expect(res.body.html).toBe(
      `<p>Talks are back on.</p>\n` +
        expectedFigure(
          media,
          "The two delegations",
          "Talks resume at the palace <small>Photo: A. Reporter</small>",
        ),
    );
    expect(stored.map((e) => e.html)).toEqual([res.body.html]);
  });

  it("shows readers exactly the stored HTML: the reader page and the shared client renderer alike", async () => {
    const media = await storePicture(site.server, { alt: "A crowd", caption: "Outside" });
    const blogId = await newBlog();
    const { res } = await post(blogId, `![](/media/${media.id})`);
    const entry = res.body as Entry;
    expect(entry.html).toBe(expectedFigure(media, "A crowd", "Outside"));
    // What the client inserts for a live entry is what the server page was built with.
    const page = await api().get(`/blogs/${blogId}`);
    expect(page.status).toBe(200);
    const i18n = englishI18n();
    expect(page.text).toContain(renderEntry(entry, i18n));
    expect(renderEntry(entry, i18n)).toContain(`<div class="entry-body">${entry.html}</div>`);
  });

  it('gives a picture marked decorative alt="" and no link (a link with an empty alt has no name)', async () => {
    const media = await storePicture(site.server, { decorative: true });
    const blogId = await newBlog();
    const { res } = await post(blogId, `![](/media/${media.id})`);
    expect(res.status).toBe(201);
    expect(res.body.html).toMatch(/^<figure class="entry-figure"><picture><source [^>]+\/><img /);
    expect(res.body.html).toContain(` alt="" loading="lazy"`);
    expect(res.body.html).not.toContain("<a ");
    expect(res.body.html).not.toContain("<figcaption>");
  });

  it("refuses an image of an unknown media id with 400 and stores nothing", async () => {
    const blogId = await newBlog();
    const { res, stored } = await post(blogId, "Look:\n\n![A map](/media/aaaaaaaaaaaaaaaa)");
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: "validation_failed",
      message:
        "Image /media/aaaaaaaaaaaaaaaa does not exist: upload it first with POST /api/media.",
      details: [{ path: "body", code: "unknown_media", src: "/media/aaaaaaaaaaaaaaaa" }],
    });
    expect(stored).toEqual([]);
    expect((await api().get(`/api/blogs/${blogId}`)).body.seq).toBe(0);
  });

  it("refuses a picture without alt text that is not marked decorative, and an https image without alt", async () => {
    const media = await storePicture(site.server);
    const blogId = await newBlog();
    const needsAlt = (src: string) =>
      `Image ${src} needs alt text (describe it for readers who cannot see it), or mark it decorative when uploading.`;
    const uploaded = await post(blogId, `![](/media/${media.id})`);
    expect([uploaded.res.status, uploaded.res.body.error.message]).toEqual([
      400,
      needsAlt(`/media/${media.id}`),
    ]);
    const external = await post(blogId, "![](https://cdn.example.org/map.png)");
    expect([external.res.status, external.res.body.error.message]).toEqual([
      400,
      needsAlt("https://cdn.example.org/map.png"),
    ]);
    expect(external.stored).toEqual([]);
    // With alt text in the Markdown, both are published.
    const fine = await post(
      blogId,
      `![Map of the route](https://cdn.example.org/map.png)\n\n![Delegates](/media/${media.id})`,
    );
    expect(fine.res.status).toBe(201);
    expect(fine.res.body.html).toMatch(
      /^<p><img src="https:\/\/cdn\.example\.org\/map\.png" alt="Map of the route" \/><\/p>\n<figure class="entry-figure">.* alt="Delegates" /,
    );
  });

  it("refuses images that are neither this server's media nor https, naming each one", async () => {
    const blogId = await newBlog();
    const { res, stored } = await post(
      blogId,
      "![a](/admin/logo.png) ![b](http://example.org/b.png) ![c](/media/aaaaaaaaaaaaaaaa)",
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { src: string; code: string }) => d.code)).toEqual([
      "image_not_allowed",
      "image_not_allowed",
      "unknown_media",
    ]);
    expect(res.body.error.message).toContain(
      "Image /admin/logo.png cannot be shown: upload it with POST /api/media and link it as /media/<id>, or link an https:// image.",
    );
    expect(stored).toEqual([]);
  });

  it("keeps a direct link to one of a picture's stored files as a plain <img>, alt text required", async () => {
    const media = await storePicture(site.server, { alt: "Stored alt" });
    const file = media.variants[0]!.url;
    const blogId = await newBlog();
    const bare = await post(blogId, `![](${file})`);
    expect([bare.res.status, bare.res.body.error.details[0].code]).toEqual([400, "missing_alt"]);
    const described = await post(blogId, `![The hall](${file})`);
    expect(described.res.status).toBe(201);
    expect(described.res.body.html).toBe(`<p><img src="${file}" alt="The hall" /></p>`);
  });

  it("renders a changed body again on update, and keeps the figure when only a flag changes", async () => {
    const first = await storePicture(site.server, { alt: "First", caption: "One" });
    const second = await storePicture(site.server, { alt: "Second", caption: "Two" });
    const blogId = await newBlog();
    const entry = await editor().post(blogId, { body: `![](/media/${first.id})` });
    const edited = await editor().edit(blogId, entry.id, {
      version: entry.version,
      body: `![](/media/${second.id})`,
    });
    expect(edited.html).toBe(expectedFigure(second, "Second", "Two"));
    const pinned = await editor().edit(blogId, entry.id, {
      version: edited.version,
      pinned: true,
    });
    expect(pinned.html).toBe(edited.html);
    // An edit that would break the picture is refused, and the entry stays as it was.
    const refused = await api()
      .patch(`/api/blogs/${blogId}/entries/${entry.id}`)
      .set(bearer)
      .send({ version: pinned.version, body: "![](/media/bbbbbbbbbbbbbbbb)" });
    expect([refused.status, refused.body.error.code]).toEqual([400, "validation_failed"]);
    const [stored] = (await editor().entries(blogId)).entries;
    expect([stored!.version, stored!.html]).toEqual([pinned.version, edited.html]);
  });

  it("gives feeds and the embed.html fragment absolute picture URLs, since they are read on other sites", async () => {
    const media = await storePicture(site.server, { alt: "A crowd" });
    const blogId = await newBlog();
    await editor().post(blogId, { body: `![](/media/${media.id})` });
    const origin = site.server.url;
    const files = media.variants.map((f) => f.url);
    const atom = await api().get(`/blogs/${blogId}/feed.atom`);
    const json = await api().get(`/blogs/${blogId}/feed.json`);
    const fragment = await api().get(`/blogs/${blogId}/embed.html`);
    expect([atom.status, json.status, fragment.status]).toEqual([200, 200, 200]);
    const html = JSON.parse(json.text).items[0].content_html as string;
    for (const document of [atom.text, html, fragment.text]) {
      for (const url of files) expect(document).toContain(`${origin}${url}`);
      expect(document).not.toMatch(/(src|srcset|href)=("|&quot;)\/media\//);
    }
    // The server's own pages keep the paths, which work wherever the site is served from.
    expect((await api().get(`/blogs/${blogId}`)).text).toContain(`srcset="${files[0]} 480w`);
  });

  it("previews the real figure, and refuses in the preview what publishing would refuse", async () => {
    const media = await storePicture(site.server, { alt: "Preview me" });
    const preview = await api()
      .post("/api/preview")
      .set(bearer)
      .send({ body: `![](/media/${media.id})` });
    expect(preview.status).toBe(200);
    expect(preview.body.html).toBe(
      expectedFigure(media, "Preview me", "").replace("<figcaption></figcaption>", ""),
    );
    const refused = await api()
      .post("/api/preview")
      .set(bearer)
      .send({ body: "![](/media/cccccccccccccccc)" });
    expect([refused.status, refused.body.error.message]).toEqual([
      400,
      "Image /media/cccccccccccccccc does not exist: upload it first with POST /api/media.",
    ]);
  });
});
