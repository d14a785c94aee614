/**
 * `npm run editor`: adds a person (an editor, or the role given) to the Redis store, who can then
 * log in on a running instance, and changes a password for good: a restart (with ADMIN_PASSWORD
 * still set) does not undo it.
 */
import { editorCli } from "../support/editor-cli.js";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../server/auth/middleware.js";
import { editorKey } from "../../server/store/redis/keys.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer, TEST_PASSWORD } from "../support/instance.js";

const site = useSite();

describe("editor CLI", () => {
  it("adds an editor whose password works on the site, and refuses to add them twice", async () => {
    // Only REDIS_URL: the CLI makes no session, so it needs no SESSION_SECRET.
    const env = { REDIS_URL: site.redis.url };
    const added = await editorCli(["add", "maria"], "a long secret\n", env);
    expect([added.code, added.out.trim()]).toEqual([0, 'Added "maria" (maria) as an editor.']);
    const login = await request(site.server.url)
      .post("/api/session")
      .send({ name: "maria", password: "a long secret" });
    expect([login.status, login.body]).toEqual([
      201,
      { name: "maria", displayName: "maria", role: "editor", avatar: null },
    ]);

    const again = await editorCli(["add", "maria"], "another one\n", env);
    expect([again.code, again.err.trim()]).toEqual([
      1,
      '"maria" exists already; use passwd to change the password.',
    ]);
  });

  it("adds a person with the role and display name given, listed on the desk as such", async () => {
    const env = { REDIS_URL: site.redis.url };
    const added = await editorCli(
      ["add", "ana", "--role", "contributor", "--display-name", "Ana Demir"],
      "ana's long secret\n",
      env,
    );
    expect([added.code, added.out.trim()]).toEqual([
      0,
      'Added "ana" (Ana Demir) as a contributor.',
    ]);
    const login = await request(site.server.url)
      .post("/api/session")
      .send({ name: "ana", password: "ana's long secret" });
    expect([login.status, login.body]).toEqual([
      201,
      { name: "ana", displayName: "Ana Demir", role: "contributor", avatar: null },
    ]);
    const people = await request(site.server.url).get("/api/editors").set(bearer);
    expect(people.body.people).toContainEqual(
      expect.objectContaining({
        name: "ana",
        displayName: "Ana Demir",
        role: "contributor",
        active: true,
      }),
    );

    const wrongRole = await editorCli(["add", "bob", "--role", "boss"], "bob's long secret\n", env);
    expect(wrongRole.code).toBe(1);
    expect(wrongRole.err).toMatch(/^--role: /);
    expect(await site.redis.client().exists(editorKey("bob"))).toBe(0);
  });

  it("explains that embedded mode cannot take editors from outside", async () => {
    const result = await editorCli(["add", "maria"], "a long secret\n", { LOG_LEVEL: "silent" });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/REDIS_URL is not set/);
  });

  it("keeps admin's password from passwd across a restart, and the sessions made with it", async () => {
    const logIn = (password: string) =>
      request(site.server.url).post("/api/session").send({ name: "admin", password });
    const cookieOf = (res: request.Response) =>
      (res.headers["set-cookie"] as unknown as string[])
        .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
        .split(";")[0]!;
    const whoAmI = (cookie: string) =>
      request(site.server.url).get("/api/session").set("Cookie", cookie);
    const { id: blogId } = await editorApi(site.server.url).createBlog("Rotation");
    const older = cookieOf(await logIn(TEST_PASSWORD));

    const passwd = await editorCli(["passwd", "admin"], "the rotated password\n", {
      REDIS_URL: site.redis.url,
    });
    expect([passwd.code, passwd.out.trim()]).toEqual([
      0,
      'Password of "admin" changed; older sessions are logged out.',
    ]);
    expect((await whoAmI(older)).status).toBe(401);
    const session = cookieOf(await logIn("the rotated password"));
    const stored = await site.redis.client().get(editorKey("admin"));

    // The instance starts again with ADMIN_PASSWORD=TEST_PASSWORD, as compose sets it on every start.
    expect(site.server.config.adminPassword).toBe(TEST_PASSWORD);
    await site.restart();

    expect(await site.redis.client().get(editorKey("admin"))).toBe(stored);
    expect((await logIn(TEST_PASSWORD)).status).toBe(401);
    expect((await logIn("the rotated password")).status).toBe(201);
    const me = await whoAmI(session);
    expect([me.status, me.body]).toEqual([
      200,
      { name: "admin", displayName: "admin", role: "admin", avatar: null },
    ]);
    const post = await request(site.server.url)
      .post(`/api/blogs/${blogId}/entries`)
      .set("Cookie", session)
      .set("Origin", site.server.url)
      .send({ body: "after the restart" });
    expect(post.status).toBe(201);
    const { entries } = await editorApi(site.server.url).entries(blogId);
    expect(entries.map((e) => e.body)).toEqual(["after the restart"]);
  });
});
