/**
 * A blog's language and time zone over the API: GET /api/locales lists what may be chosen, POST
 * and PATCH /api/blogs take a tag and a zone in any case and store their canonical forms, refuse
 * what has no catalog or is no zone with a message that lists what is accepted, fall back to
 * DEFAULT_LANGUAGE and DEFAULT_TIME_ZONE, and tell open readers of a change as `blog.updated`.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../../shared/i18n/languages.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";

const site = useSite({
  redis: false,
  instances: {
    server: {},
    berlin: { env: { DEFAULT_LANGUAGE: "DE-de", DEFAULT_TIME_ZONE: "europe/berlin" } },
  },
});
const api = () => request(site.server.url);
const blogOf = async (id: string) => (await api().get(`/api/blogs/${id}`)).body;
let blogs = 0;
const newId = () => `lang-${++blogs}-${Date.now().toString(36)}`;

describe("GET /api/locales", () => {
  it("lists every catalog's language with its own name and direction, the zones and the defaults", async () => {
    const res = await api().get("/api/locales");
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toMatch(/^public, max-age=\d+/);
    expect(res.body.languages).toHaveLength(Object.keys(LANGUAGES).length);
    expect(res.body.languages).toContainEqual({ tag: "ar", name: "العربية", dir: "rtl" });
    expect(res.body.languages).toContainEqual({ tag: "uk", name: "Українська", dir: "ltr" });
    expect(res.body.languages[0]).toEqual({ tag: "en", name: "English", dir: "ltr" });
    expect(res.body.timeZones[0]).toBe("UTC");
    // By the names IANA gives them now, as blogs store them.
    expect(res.body.timeZones).toEqual(
      expect.arrayContaining(["Europe/Berlin", "Europe/Kyiv", "Asia/Kolkata"]),
    );
    expect(res.body.timeZones).not.toContain("Europe/Kiev");
    expect(res.body.defaults).toEqual({ language: "en", timeZone: "UTC" });
    // Another instance's defaults, canonicalised as blogs' are.
    const berlin = await request(site.berlin.url).get("/api/locales");
    expect(berlin.body.defaults).toEqual({ language: "de-DE", timeZone: "Europe/Berlin" });
  });
});

describe("a blog's language and time zone", () => {
  it("stores the canonical tag and zone (by its current name) on create and on change", async () => {
    const id = newId();
    const created = await api()
      .post("/api/blogs")
      .set(bearer)
      .send({ title: "Eleições", id, language: "PT-br", timeZone: "america/sao_paulo" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ language: "pt-BR", timeZone: "America/Sao_Paulo" });
    expect(await blogOf(id)).toMatchObject({ language: "pt-BR", timeZone: "America/Sao_Paulo" });

    const changed = await api()
      .patch(`/api/blogs/${id}`)
      .set(bearer)
      .send({ language: "uk", timeZone: "Europe/Kiev" });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ language: "uk", timeZone: "Europe/Kyiv" });
    expect(await blogOf(id)).toMatchObject({ language: "uk", timeZone: "Europe/Kyiv" });
  });

  it.each(["xx", "klingon", "en_US!"])(
    "refuses the language %j with 400 validation_failed listing the languages, and stores nothing",
    async (language) => {
      const id = newId();
      const res = await api().post("/api/blogs").set(bearer).send({ title: "Nope", id, language });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.message).toBe(
        "The blog is not valid: language must be a BCP 47 tag of a language liveblog has a " +
          "catalog for: en (English), de (Deutsch), fr (Français), es (Español), it (Italiano), " +
          "pt (Português), pl (Polski), nl (Nederlands), tr (Türkçe), uk (Українська), " +
          "ru (Русский), ar (العربية), he (עברית), fa (فارسی); a region may follow, as in pt-BR.",
      );
      expect(res.body.error.details).toEqual([
        { path: "language", code: "custom", message: expect.stringMatching(/^must be a BCP 47/) },
      ]);
      expect((await api().get(`/api/blogs/${id}`)).status).toBe(404);
    },
  );

  it.each(["Mars/Olympus", "+03:00", "UTC+3"])(
    "refuses the time zone %j with 400 validation_failed naming what is accepted, and keeps the blog's",
    async (timeZone) => {
      const { id } = await editorApi(site.server.url).createBlog();
      const res = await api().patch(`/api/blogs/${id}`).set(bearer).send({ timeZone });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.message).toBe(
        "The blog change is not valid: timeZone must be an IANA time zone such as " +
          "Europe/Istanbul, America/New_York or UTC (GET /api/locales lists them all).",
      );
      expect(await blogOf(id)).toMatchObject({ timeZone: "UTC", seq: 0 });
    },
  );

  it("takes DEFAULT_LANGUAGE and DEFAULT_TIME_ZONE when the creator names none", async () => {
    const plain = await editorApi(site.server.url).createBlog();
    expect(plain).toMatchObject({ language: "en", timeZone: "UTC" });
    const berlin = await editorApi(site.berlin.url).createBlog();
    expect(berlin).toMatchObject({ language: "de-DE", timeZone: "Europe/Berlin" });
    // Named ones win over the defaults.
    const named = await request(site.berlin.url)
      .post("/api/blogs")
      .set(bearer)
      .send({ title: "Kyiv", id: newId(), language: "uk", timeZone: "Europe/Kyiv" });
    expect(named.body).toMatchObject({ language: "uk", timeZone: "Europe/Kyiv" });
  });

  it("tells open readers of a language change as blog.updated, and records it in the audit trail", async () => {
    const { id } = await editorApi(site.server.url).createBlog();
    const reader = await site.connectReader(site.server);
    expect(await reader.subscribe(id, 0)).toMatchObject({ ok: true });
    await api()
      .patch(`/api/blogs/${id}`)
      .set(bearer)
      .send({ language: "ar", timeZone: "Asia/Riyadh" });
    const [event] = await reader.waitForEvents(1);
    expect(event).toMatchObject({
      type: "blog.updated",
      seq: 1,
      blog: { language: "ar", timeZone: "Asia/Riyadh" },
    });
    const audit = await api().get(`/api/blogs/${id}/audit`).set(bearer);
    expect(audit.body.records[0]).toMatchObject({
      action: "blog.updated",
      detail: "language en → ar; time zone UTC → Asia/Riyadh",
    });
  });
});
