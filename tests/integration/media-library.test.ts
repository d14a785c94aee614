/**
 * The media library over HTTP (GET /api/media, DELETE /api/media/:id) on real instances:
 * embedded, on Redis with files in a folder, and on Redis with files in a bucket (s3rver). The
 * pictures are stored as the upload stores them (a record in the store, files in MediaFiles);
 * entries link them as editors do, `![alt](/media/<id>)`. Each test checks the answer and what
 * is stored: the record, and the files in the folder or the bucket.
 */
import { createHash, randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import sharp from "sharp";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Media } from "../../shared/media.js";
import type { MediaUse } from "../../shared/media-library.js";
import { editorApi } from "../support/fixtures.js";
import { bearer, startInstance, type TestInstance } from "../support/instance.js";
import { addPerson, asPerson, signIn } from "../support/people.js";
import { startRedis, type TestRedis } from "../support/redis.js";
import { startS3, type TestS3 } from "../support/s3.js";

const setups = [
  { name: "embedded, files in a folder", redis: false, s3: false },
  { name: "Redis, files in a folder", redis: true, s3: false },
  { name: "Redis, files in a bucket", redis: true, s3: true },
];

let pictures = 0;

/** A JPEG of random pixels: a picture of its own every time. */
const noiseJpeg = (width: number, height: number) =>
  sharp({
    create: {
      width,
      height,
      channels: 3,
      background: "#808080",
      noise: { type: "gaussian", mean: 128, sigma: 40 },
    },
  })
    .jpeg()
    .toBuffer();

describe.each(setups)("the media library ($name)", (setup) => {
  let redis: TestRedis | undefined;
  let s3: TestS3 | undefined;
  let server: TestInstance;

  beforeAll(async () => {
    if (setup.redis) redis = await startRedis();
    if (setup.s3) s3 = await startS3();
    server = await startInstance({ redisUrl: redis?.url, env: s3?.env });
  });
  afterAll(async () => {
    await server?.close();
    await s3?.close();
    await redis?.stop();
  });

  const api = () => request(server.url);
  const editor = () => editorApi(server.url);

  /**
   * A picture as the upload leaves it: two WebP variants and a JPEG fallback in MediaFiles, and
   * its record. `files` reuses another picture's files (the same bytes uploaded twice).
   */
  async function storePicture({
    createdAt = new Date(Date.UTC(2026, 0, 1, 0, 0, ++pictures)).toISOString(),
    files,
  }: { createdAt?: string; files?: Media["variants"] } = {}): Promise<Media> {
    const variants =
      files ??
      (await Promise.all(
        (
          [
            [480, "webp", "image/webp"],
            [960, "webp", "image/webp"],
            [960, "jpg", "image/jpeg"],
          ] as const
        ).map(async ([width, ext, type]) => {
          // The JPEG is a real picture: a cover's crops are cut from it.
          const bytes = ext === "jpg" ? await noiseJpeg(width, width / 2) : randomBytes(2000);
          const name = `${createHash("sha256").update(bytes).digest("hex").slice(0, 32)}.${ext}`;
          await server.mediaFiles.put(name, bytes, type);
          return { url: `/media/${name}`, width, height: width / 2, type, bytes: bytes.length };
        }),
      ));
    const id = randomBytes(8).toString("hex");
    const media: Media = {
      id,
      url: `/media/${id}`,
      width: 960,
      height: 480,
      type: "image/jpeg",
      alt: "A crowd in the square",
      caption: "",
      credit: "",
      decorative: false,
      createdAt,
      createdBy: "admin",
      variants,
    };
    await server.store.media.saveMedia(media);
    return media;
  }

  const fileNames = (media: Media) =>
    [...media.variants, ...Object.values(media.crops ?? {})].map((file) =>
      file.url.split("/").pop()!,
    );

  /** Which of the picture's files the folder or the bucket still holds. */
  async function filesLeft(media: Media): Promise<string[]> {
    const held = await Promise.all(
      fileNames(media).map(async (name) => {
        const file = await server.mediaFiles.get(name);
        file?.body.resume();
        return file ? name : null;
      }),
    );
    const left = held.filter((name) => name !== null);
    if (!setup.s3) {
      // The folder itself agrees, and holds no half-written leftovers of them.
      const inFolder = await readdir(server.config.media.dir);
      const mine = inFolder.filter((name) => fileNames(media).some((n) => name.startsWith(n)));
      expect(mine.sort()).toEqual([...left].sort());
    }
    return left;
  }

  const listed = async (query = "") => {
    const res = await api().get(`/api/media${query}`).set(bearer);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { media: Media[]; next: string | null };
  };
  const ids = (page: { media: Media[] }) => page.media.map((media) => media.id);

  it("refuses to list or delete without credentials, with 401, and deletes nothing", async () => {
    const picture = await storePicture();
    expect((await api().get("/api/media")).status).toBe(401);
    const res = await api().delete(`/api/media/${picture.id}`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
    expect(await server.store.media.getMedia(picture.id)).not.toBeNull();
    expect(await filesLeft(picture)).toEqual(fileNames(picture));
  });

  it("lets a contributor list pictures but not delete one (403), and deletes nothing", async () => {
    const picture = await storePicture();
    const contributor = await addPerson(server.store, "contributor");
    const cookie = await signIn(server, contributor.name);
    const list = await api().get("/api/media").set(asPerson(server, cookie));
    expect(list.status).toBe(200);
    expect(list.body.media.map((m: Media) => m.id)).toContain(picture.id);
    const res = await api().delete(`/api/media/${picture.id}`).set(asPerson(server, cookie));
    expect([res.status, res.body.error.code]).toEqual([403, "forbidden"]);
    expect(res.body.error.message).toMatch(/Only editors and admins may delete pictures/);
    expect(await server.store.media.getMedia(picture.id)).not.toBeNull();
    expect(await filesLeft(picture)).toEqual(fileNames(picture));
  });

  it("lists pictures newest first, a page at a time", async () => {
    const base = Date.UTC(2030, 0, 1);
    const [oldest, middle, newest] = [
      await storePicture({ createdAt: new Date(base).toISOString() }),
      await storePicture({ createdAt: new Date(base + 1000).toISOString() }),
      await storePicture({ createdAt: new Date(base + 2000).toISOString() }),
    ];
    const first = await listed("?limit=2");
    expect(ids(first)).toEqual([newest!.id, middle!.id]);
    expect(first.media[0]).toEqual(newest);
    expect(first.next).not.toBeNull();
    const second = await listed(`?limit=2&before=${first.next}`);
    expect(ids(second)[0]).toBe(oldest!.id);
  });

  it("refuses a query it does not understand with 400", async () => {
    for (const query of ["?before=yesterday", "?unused=maybe", "?limit=0", "?sort=name"]) {
      const res = await api().get(`/api/media${query}`).set(bearer);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
    }
  });

  it("lists as unused only the pictures no entry and no blog shows", async () => {
    const [inBody, byFile, inDescription, unused] = await Promise.all([
      storePicture(),
      storePicture(),
      storePicture(),
      storePicture(),
    ]);
    const blog = await editor().createBlog("Election night", {
      description: `Live from the count. ![Hall](/media/${inDescription!.id})`,
    });
    await editor().post(blog.id, { body: `Results are in.\n\n![Crowd](/media/${inBody!.id})` });
    // Linking one of the picture's files directly shows the picture too.
    await editor().post(blog.id, { body: `Old link: ![x](${byFile!.variants[1]!.url})` });

    const all = ids(await listed(`?limit=100`));
    expect(all).toEqual(expect.arrayContaining([inBody!.id, byFile!.id, unused!.id]));
    const free = ids(await listed("?unused=1&limit=100"));
    expect(free).toContain(unused!.id);
    expect(free).not.toContain(inBody!.id);
    expect(free).not.toContain(byFile!.id);
    expect(free).not.toContain(inDescription!.id);
  });

  it("refuses to delete a picture entries show, with 409 naming them, and keeps it whole", async () => {
    const picture = await storePicture();
    const blog = await editor().createBlog("Storm watch");
    const titled = await editor().post(blog.id, {
      headline: "Flooding downtown",
      body: `![Flooded street](/media/${picture.id} "Main Street")`,
    });
    const untitled = await editor().post(blog.id, {
      body: `The river is rising.\n\n![River](/media/${picture.id})`,
    });

    const res = await api().delete(`/api/media/${picture.id}`).set(bearer);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("media_in_use");
    expect(res.body.error.message).toContain(`"Flooding downtown" (${blog.id}/${titled.id})`);
    expect(res.body.error.message).toContain(`"The river is rising. ![River](/media/`);
    expect(res.body.error.message).toContain("2 places");
    expect(res.body.error.details as MediaUse[]).toEqual(
      expect.arrayContaining([
        { kind: "entry", blogId: blog.id, entryId: titled.id, title: "Flooding downtown" },
        expect.objectContaining({ kind: "entry", blogId: blog.id, entryId: untitled.id }),
      ]),
    );
    expect(await server.store.media.getMedia(picture.id)).toEqual(picture);
    expect(await filesLeft(picture)).toEqual(fileNames(picture));
  });

  it("deletes a picture once the last entry that showed it no longer does", async () => {
    const picture = await storePicture();
    const blog = await editor().createBlog("Marathon");
    const edited = await editor().post(blog.id, { body: `![Start](/media/${picture.id})` });
    const removed = await editor().post(blog.id, { body: `![Finish](/media/${picture.id})` });
    await editor().edit(blog.id, edited.id, { body: "No picture here.", version: edited.version });
    expect((await api().delete(`/api/media/${picture.id}`).set(bearer)).status).toBe(409);
    await editor().remove(blog.id, removed.id);

    const res = await api().delete(`/api/media/${picture.id}`).set(bearer);
    expect(res.status).toBe(204);
    expect(await server.store.media.getMedia(picture.id)).toBeNull();
    expect(await filesLeft(picture)).toEqual([]);
    expect(ids(await listed("?limit=100"))).not.toContain(picture.id);
    // Gone: a second delete finds nothing.
    const again = await api().delete(`/api/media/${picture.id}`).set(bearer);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe("not_found");
  });

  it("refuses to delete a blog's cover, and deletes it with its crops once it is not one", async () => {
    const picture = await storePicture();
    const blog = await editor().createBlog("Cup final");
    const covered = await api()
      .patch(`/api/blogs/${blog.id}`)
      .set(bearer)
      .send({ cover: picture.id });
    expect(covered.status).toBe(200);
    const withCrops = (await server.store.media.getMedia(picture.id))!;
    expect(Object.keys(withCrops.crops ?? {}).sort()).toEqual(["16x9", "1x1", "4x3"]);

    const res = await api().delete(`/api/media/${picture.id}`).set(bearer);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(`the cover of blog "Cup final" (${blog.id})`);
    expect(res.body.error.details).toEqual([
      { kind: "blog", blogId: blog.id, field: "cover", title: "Cup final" },
    ]);
    expect(ids(await listed("?unused=1&limit=100"))).not.toContain(picture.id);

    await api().patch(`/api/blogs/${blog.id}`).set(bearer).send({ cover: null }).expect(200);
    expect((await api().delete(`/api/media/${picture.id}`).set(bearer)).status).toBe(204);
    expect(await filesLeft(withCrops)).toEqual([]);
  });

  it("keeps the files another picture still has (the same bytes uploaded twice)", async () => {
    const first = await storePicture();
    const second = await storePicture({ files: first.variants });
    expect((await api().delete(`/api/media/${first.id}`).set(bearer)).status).toBe(204);
    expect(await server.store.media.getMedia(first.id)).toBeNull();
    expect(await filesLeft(second)).toEqual(fileNames(second));
    expect((await api().delete(`/api/media/${second.id}`).set(bearer)).status).toBe(204);
    expect(await filesLeft(second)).toEqual([]);
  });

  it("answers 404 for a picture that does not exist and 400 for an id that cannot be one", async () => {
    const missing = await api().delete("/api/media/abcdefghij012345").set(bearer);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe("Picture abcdefghij012345 does not exist.");
    const bad = await api().delete("/api/media/..%2Fsecret").set(bearer);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
  });
});
