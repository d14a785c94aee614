/**
 * Roles on the people and token routes (issue 13, parts 1-3): every route against anonymous, a
 * contributor, an editor and an admin, each by session cookie and by personal token, asserting
 * the status AND what is stored (a refused change changes nothing). Personal tokens are shown
 * once and stored hashed; revoking one, deactivating a person and resetting a password take
 * effect at once on a second instance sharing the Redis.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Media } from "../../shared/media.js";
import type { ApiToken, CreatedToken, Person, Role } from "../../shared/schemas.js";
import { personOf } from "../../server/auth/people.js";
import { editorKey, tokenKey, tokensOfKey } from "../../server/store/redis/keys.js";
import { useSite } from "../support/fixtures.js";
import { bearer, type TestInstance } from "../support/instance.js";
import { sendWith } from "../support/newsroom.js";
import { addPerson, asPerson, PERSON_PASSWORD, signIn } from "../support/people.js";
import { photo } from "../support/pictures.js";
import { upload } from "../support/uploads.js";

const site = useSite({ env: { WRITES_PER_MINUTE: "100000" }, instances: { a: {}, b: {} } });
const ROLES: Role[] = ["contributor", "editor", "admin"];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (...args: Parameters<typeof sendWith>) => sendWith<any>(...args);

const anonymous = (instance: TestInstance) => ({
  Origin: instance.url,
  "Content-Type": "application/json",
});
/** The bootstrap admin (ADMIN_TOKEN), as a script sends JSON. */
const admin = { ...bearer, "Content-Type": "application/json" };
const withToken = (token: string) => ({
  Authorization: `Bearer ${token}`,
  "Content-Type": "application/json",
});

/** Someone calling the API: nobody, or a person of a role by cookie or by their own token. */
interface Caller {
  label: string;
  role: Role | null;
  name: string | null;
  headers(instance: TestInstance): Record<string, string>;
}

/** A person of `role`, signed in on instance a, with a personal token made by cookie. */
async function personWithCredentials(role: Role, fields: { name?: string } = {}) {
  const person = await addPerson(site.a.store, role, fields);
  const cookie = await signIn(site.a, person.name);
  const made = await call(site.a, "POST", "/api/tokens", asPerson(site.a, cookie), {
    name: `${person.name}'s script`,
  });
  expect(made.status).toBe(201);
  return { ...person, cookie, token: made.body as CreatedToken };
}

const callers: Caller[] = [];
const stored = (name: string) => site.a.store.editors.getEditor(name);
/** What an admin-only route answers each caller: 401 for nobody, 403 below admin. */
const adminOnly = (caller: Caller, allowed: number) =>
  caller.role === null ? 401 : caller.role === "admin" ? allowed : 403;
let targets = 0;
const patchPerson = (
  instance: TestInstance,
  name: string,
  headers: Record<string, string>,
  patch: Record<string, unknown>,
) => call(instance, "PATCH", `/api/editors/${name}`, headers, patch);

beforeAll(async () => {
  callers.push({ label: "anonymous", role: null, name: null, headers: anonymous });
  for (const role of ROLES) {
    const person = await personWithCredentials(role);
    callers.push(
      {
        label: `${role} by cookie`,
        role,
        name: person.name,
        headers: (instance) => asPerson(instance, person.cookie),
      },
      {
        label: `${role} by personal token`,
        role,
        name: person.name,
        headers: () => withToken(person.token.token),
      },
    );
  }
});

describe("people routes, by role", () => {
  it("GET /api/editors: admins only, never a password hash", async () => {
    for (const caller of callers) {
      const answer = await call(site.a, "GET", "/api/editors", caller.headers(site.a));
      expect([caller.label, answer.status]).toEqual([caller.label, adminOnly(caller, 200)]);
      if (answer.status !== 200) continue;
      const people = answer.body.people as Person[];
      expect(people.map((p) => p.name)).toEqual(
        expect.arrayContaining(callers.flatMap((c) => c.name ?? [])),
      );
      expect(people.find((p) => p.name === "admin")).toMatchObject({ role: "admin", active: true });
      expect(JSON.stringify(answer.body)).not.toMatch(/scrypt|passwordHash|credentialVersion/);
    }
  });

  it("POST /api/editors: admins only; the person exists only after an admin's 201", async () => {
    for (const caller of callers) {
      const name = `new-${++targets}`;
      const answer = await call(site.a, "POST", "/api/editors", caller.headers(site.a), {
        name,
        displayName: "New Person",
        role: "contributor",
        password: PERSON_PASSWORD,
      });
      expect([caller.label, answer.status]).toEqual([caller.label, adminOnly(caller, 201)]);
      if (answer.status === 201) {
        expect(answer.body).toEqual({
          name,
          displayName: "New Person",
          role: "contributor",
          active: true,
          avatar: null,
          createdAt: expect.any(String),
        });
        expect(await stored(name)).toMatchObject({ role: "contributor", active: true });
        expect((await signIn(site.b, name)).length).toBeGreaterThan(0);
      } else {
        expect(await stored(name)).toBeNull();
      }
    }
  });

  it("POST /api/editors with a name that is taken: 409 person_exists, the person as they were", async () => {
    const taken = await addPerson(site.a.store, "editor");
    const before = await stored(taken.name);
    const answer = await call(site.a, "POST", "/api/editors", admin, {
      name: taken.name,
      displayName: "Impostor",
      role: "admin",
      password: "another password",
    });
    expect([answer.status, answer.body.error.code]).toEqual([409, "person_exists"]);
    expect(await stored(taken.name)).toEqual(before);
  });

  it("PATCH /api/editors/:name of someone else: admins only; a refused change changes nothing", async () => {
    for (const caller of callers) {
      const target = await addPerson(site.a.store, "contributor");
      const before = await stored(target.name);
      const answer = await patchPerson(site.a, target.name, caller.headers(site.a), {
        role: "editor",
        displayName: "Promoted",
      });
      expect([caller.label, answer.status]).toEqual([caller.label, adminOnly(caller, 200)]);
      if (answer.status === 200) {
        expect(answer.body).toMatchObject({
          name: target.name,
          role: "editor",
          displayName: "Promoted",
        });
        expect(await stored(target.name)).toMatchObject({
          role: "editor",
          displayName: "Promoted",
        });
      } else {
        expect(await stored(target.name)).toEqual(before);
      }
    }
  });

  it("PATCH /api/editors/:name of an unknown person: 404 for admins, 403 for the rest", async () => {
    for (const caller of callers.filter((c) => c.role !== null)) {
      const answer = await patchPerson(site.a, "nobody-here", caller.headers(site.a), {
        displayName: "Ghost",
      });
      expect([caller.label, answer.status]).toEqual([caller.label, adminOnly(caller, 404)]);
    }
    expect(await stored("nobody-here")).toBeNull();
  });

  it("lets everyone change their own display name, but not their own role or active state", async () => {
    for (const caller of callers.filter((c) => c.name !== null)) {
      const name = caller.name!;
      const own = await patchPerson(site.a, name, caller.headers(site.a), {
        displayName: `${caller.label} renamed`,
      });
      expect([caller.label, own.status, own.body.displayName]).toEqual([
        caller.label,
        200,
        `${caller.label} renamed`,
      ]);
      expect(await stored(name)).toMatchObject({ displayName: `${caller.label} renamed` });
      if (caller.role === "admin") continue;

      const before = await stored(name);
      for (const patch of [
        { role: "admin" },
        { active: false },
        { displayName: "x", role: "admin" },
      ]) {
        const refused = await patchPerson(site.a, name, caller.headers(site.a), patch);
        expect([caller.label, refused.status, refused.body.error.code]).toEqual([
          caller.label,
          403,
          "forbidden",
        ]);
        expect(refused.body.error.message).toMatch(/your own display name, password and picture/);
      }
      expect(await stored(name)).toEqual(before);
    }
  });

  it("GET /api/desk/people: anyone signed in; the active people's name, display name and role only", async () => {
    const gone = await addPerson(site.a.store, "editor");
    expect((await patchPerson(site.a, gone.name, admin, { active: false })).status).toBe(200);
    for (const caller of callers) {
      const answer = await call(site.b, "GET", "/api/desk/people", caller.headers(site.b));
      expect([caller.label, answer.status]).toEqual([caller.label, caller.role ? 200 : 401]);
      if (answer.status !== 200) continue;
      const people = answer.body.people as { name: string }[];
      expect(people.every((p) => Object.keys(p).sort().join() === "displayName,name,role")).toBe(
        true,
      );
      expect(people.map((p) => p.name)).toContain("admin");
      expect(people.map((p) => p.name)).not.toContain(gone.name);
    }
  });

  it("refuses an avatar that is not an uploaded picture (400), and changes nothing", async () => {
    const person = await addPerson(site.a.store, "editor");
    const before = await stored(person.name);
    const answer = await patchPerson(site.a, person.name, admin, {
      avatar: "0123456789abcdef",
      displayName: "With a picture",
    });
    expect([answer.status, answer.body.error.code]).toEqual([400, "validation_failed"]);
    expect(answer.body.error.message).toMatch(/upload the picture first/);
    expect(await stored(person.name)).toEqual(before);
  });

  it("lets everyone set and remove their own avatar, but not someone else's", async () => {
    const picture = (await upload(site.a, await photo(64, 64))).body as Media;
    const other = await addPerson(site.a.store, "editor");
    for (const caller of callers.filter((c) => c.name !== null)) {
      const name = caller.name!;
      const set = await patchPerson(site.a, name, caller.headers(site.a), { avatar: picture.id });
      expect([caller.label, set.status, set.body.avatar]).toEqual([caller.label, 200, picture.id]);
      expect(await stored(name)).toMatchObject({ avatar: picture.id });
      const session = await call(site.b, "GET", "/api/session", caller.headers(site.b));
      expect([caller.label, session.body.avatar]).toEqual([caller.label, picture.id]);
      const removed = await patchPerson(site.a, name, caller.headers(site.a), { avatar: null });
      expect([caller.label, removed.status, removed.body.avatar]).toEqual([
        caller.label,
        200,
        null,
      ]);
      expect(await stored(name)).toMatchObject({ avatar: null });

      if (caller.role === "admin") continue;
      const before = await stored(other.name);
      const refused = await patchPerson(site.a, other.name, caller.headers(site.a), {
        avatar: picture.id,
      });
      expect([caller.label, refused.status]).toEqual([caller.label, 403]);
      expect(await stored(other.name)).toEqual(before);
    }
  });

  it("refuses a people change sent with an admin's cookie from a foreign page (CSRF), and adds nobody", async () => {
    const admin = callers.find((c) => c.label === "admin by cookie")!;
    const answer = await call(
      site.a,
      "POST",
      "/api/editors",
      {
        ...admin.headers(site.a),
        Origin: "https://evil.example",
      },
      { name: "forged", displayName: "Forged", role: "admin", password: PERSON_PASSWORD },
    );
    expect(answer.status).toBe(403);
    expect(await stored("forged")).toBeNull();
  });
});

describe("the last active admin", () => {
  it("may not demote or deactivate themself (409 last_admin); with another admin they may", async () => {
    const only = await personWithCredentials("admin");
    const others = (await site.a.store.editors.listEditors())
      .map(personOf)
      .filter((p) => p.name !== only.name && p.role === "admin" && p.active);
    // Every other admin steps down, so that `only` is the last one.
    for (const other of others) {
      const answer = await patchPerson(site.a, other.name, asPerson(site.a, only.cookie), {
        role: "editor",
      });
      expect(answer.status).toBe(200);
    }
    const before = await stored(only.name);
    for (const patch of [
      { role: "editor" },
      { active: false },
      { role: "contributor", active: false },
    ]) {
      const answer = await patchPerson(site.a, only.name, asPerson(site.a, only.cookie), patch);
      expect([answer.status, answer.body.error.code]).toEqual([409, "last_admin"]);
      expect(answer.body.error.message).toMatch(
        /last active admin; make someone else an admin first/,
      );
    }
    expect(await stored(only.name)).toEqual(before);

    for (const other of others) {
      const answer = await patchPerson(site.a, other.name, withToken(only.token.token), {
        role: "admin",
      });
      expect(answer.status).toBe(200);
    }
    const stepDown = await patchPerson(site.a, only.name, asPerson(site.a, only.cookie), {
      role: "editor",
    });
    expect([stepDown.status, stepDown.body.role]).toEqual([200, "editor"]);
  });

  it("gives a token its owner's current role at every request, on every instance", async () => {
    const person = await personWithCredentials("editor");
    const list = (instance: TestInstance) =>
      call(instance, "GET", "/api/editors", withToken(person.token.token));
    expect((await list(site.b)).status).toBe(403);
    await patchPerson(site.a, person.name, admin, { role: "admin" });
    expect((await list(site.b)).status).toBe(200);
    await patchPerson(site.a, person.name, admin, { role: "contributor" });
    expect((await list(site.b)).status).toBe(403);
    expect(
      (await call(site.b, "GET", "/api/session", asPerson(site.b, person.cookie))).body,
    ).toMatchObject({
      role: "contributor",
    });
  });
});

describe("personal tokens", () => {
  it("POST/GET /api/tokens: anyone signed in, for themself only; anonymous gets 401 and makes none", async () => {
    for (const caller of callers) {
      const before = caller.name ? await site.a.store.editors.listTokens(caller.name) : [];
      const made = await call(site.a, "POST", "/api/tokens", caller.headers(site.a), {
        name: "CMS",
      });
      expect([caller.label, made.status]).toEqual([caller.label, caller.role ? 201 : 401]);
      const listed = await call(site.b, "GET", "/api/tokens", caller.headers(site.b));
      expect([caller.label, listed.status]).toEqual([caller.label, caller.role ? 200 : 401]);
      if (!caller.name) continue;
      const after = await site.a.store.editors.listTokens(caller.name);
      expect(after.map((t) => t.id)).toEqual([made.body.id, ...before.map((t) => t.id)]);
      expect((listed.body.tokens as ApiToken[]).map((t) => t.id)).toEqual(after.map((t) => t.id));
    }
  });

  it("shows the token once, and keeps only its SHA-256 in Redis", async () => {
    const person = await personWithCredentials("contributor");
    const { token, ...listed } = person.token;
    expect(token).toMatch(/^lbt_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(listed).toEqual({
      id: token.slice(4, 20),
      name: `${person.name}'s script`,
      createdAt: expect.any(String),
      lastUsedAt: null,
    });

    const again = await call(site.a, "GET", "/api/tokens", asPerson(site.a, person.cookie));
    expect(again.body.tokens).toEqual([listed]);
    expect(JSON.stringify(again.body)).not.toContain(token.slice(21));

    const redis = site.redis.client();
    const { createHash } = await import("node:crypto");
    const hash = createHash("sha256").update(token).digest("hex");
    expect(JSON.parse((await redis.get(tokenKey(hash)))!)).toMatchObject({
      owner: person.name,
      hash,
    });
    expect(await redis.hgetall(tokensOfKey(person.name))).toEqual({ [listed.id]: hash });
    // The secret is nowhere in Redis: not in a key, not in a value.
    const secret = token.slice(21);
    for (const key of await redis.keys("*")) {
      expect(key).not.toContain(secret);
      const type = await redis.type(key);
      const value =
        type === "string"
          ? await redis.get(key)
          : type === "hash"
            ? JSON.stringify(await redis.hgetall(key))
            : type === "set"
              ? JSON.stringify(await redis.smembers(key))
              : type === "list"
                ? JSON.stringify(await redis.lrange(key, 0, -1))
                : "";
      expect(value ?? "").not.toContain(secret);
    }
  });

  it("records the last use of a token, as its owner sees in the list", async () => {
    const person = await personWithCredentials("editor");
    expect(
      (await call(site.b, "GET", "/api/desk/people", withToken(person.token.token))).status,
    ).toBe(200);
    const listed = await call(site.a, "GET", "/api/tokens", asPerson(site.a, person.cookie));
    const lastUsedAt = (listed.body.tokens as ApiToken[])[0]!.lastUsedAt;
    expect(lastUsedAt).not.toBeNull();
    expect(Date.parse(lastUsedAt!)).toBeGreaterThanOrEqual(Date.parse(person.token.createdAt));
  });

  it("DELETE /api/tokens/:id: only the owner's own; another's id is 404 and the token keeps working", async () => {
    const owner = await personWithCredentials("editor");
    for (const caller of callers) {
      const answer = await call(
        site.a,
        "DELETE",
        `/api/tokens/${owner.token.id}`,
        caller.headers(site.a),
      );
      expect([caller.label, answer.status]).toEqual([caller.label, caller.role ? 404 : 401]);
    }
    expect((await site.a.store.editors.listTokens(owner.name)).map((t) => t.id)).toEqual([
      owner.token.id,
    ]);
    expect((await call(site.b, "GET", "/api/tokens", withToken(owner.token.token))).status).toBe(
      200,
    );
    expect(
      (await call(site.a, "DELETE", "/api/tokens/not-a-token-id", asPerson(site.a, owner.cookie)))
        .status,
    ).toBe(404);
  });

  it("refuses a revoked token at once on a second instance sharing the Redis, and it writes nothing", async () => {
    const person = await personWithCredentials("editor");
    const other = await call(site.a, "POST", "/api/tokens", asPerson(site.a, person.cookie), {
      name: "kept",
    });
    for (const instance of site.all) {
      expect(
        (await call(instance, "GET", "/api/tokens", withToken(person.token.token))).status,
      ).toBe(200);
    }
    const revoked = await call(
      site.a,
      "DELETE",
      `/api/tokens/${person.token.id}`,
      withToken(person.token.token),
    );
    expect(revoked.status).toBe(204);

    const onB = await call(site.b, "POST", "/api/tokens", withToken(person.token.token), {
      name: "sneaky",
    });
    expect([onB.status, onB.body.error.code]).toEqual([401, "unauthorized"]);
    expect((await call(site.a, "GET", "/api/tokens", withToken(person.token.token))).status).toBe(
      401,
    );
    expect((await site.a.store.editors.listTokens(person.name)).map((t) => t.id)).toEqual([
      other.body.id,
    ]);
    // The owner's other token and session are untouched.
    expect((await call(site.b, "GET", "/api/tokens", withToken(other.body.token))).status).toBe(
      200,
    );
    expect(
      (await call(site.b, "GET", "/api/session", asPerson(site.b, person.cookie))).status,
    ).toBe(200);
  });
});

describe("deactivation and passwords", () => {
  const session = (instance: TestInstance, cookie: string) =>
    call(instance, "GET", "/api/session", asPerson(instance, cookie));
  const logIn = (instance: TestInstance, name: string, password = PERSON_PASSWORD) =>
    call(instance, "POST", "/api/session", anonymous(instance), { name, password });

  it("ends a deactivated person's sessions and tokens on both instances, refuses their log-in, and lets them back once reactivated", async () => {
    const person = await personWithCredentials("editor");
    const cookieOnB = await signIn(site.b, person.name);
    const versionBefore = (await stored(person.name))!.credentialVersion;

    const off = await patchPerson(site.b, person.name, admin, {
      active: false,
    });
    expect([off.status, off.body.active]).toEqual([200, false]);
    expect((await stored(person.name))!.credentialVersion).toBe(versionBefore + 1);

    for (const instance of site.all) {
      for (const cookie of [person.cookie, cookieOnB])
        expect((await session(instance, cookie)).status).toBe(401);
      const byToken = await call(instance, "POST", "/api/tokens", withToken(person.token.token), {
        name: "x",
      });
      expect(byToken.status).toBe(401);
      const refused = await logIn(instance, person.name);
      expect([refused.status, refused.body.error.message]).toEqual([
        401,
        "This account is deactivated; ask an admin.",
      ]);
    }
    // Without the password, a deactivated account looks like any wrong log-in.
    const guess = await logIn(site.a, person.name, "not the password");
    expect(guess.body.error.message).toBe("Wrong name or password.");
    expect(await site.a.store.editors.listTokens(person.name)).toHaveLength(1);

    const on = await patchPerson(site.a, person.name, admin, { active: true });
    expect([on.status, on.body.active]).toEqual([200, true]);
    const back = await logIn(site.b, person.name);
    expect([back.status, back.body.role]).toEqual([201, "editor"]);
    // Sessions from before stay ended; the tokens, never revoked, work again.
    expect((await session(site.a, person.cookie)).status).toBe(401);
    expect((await call(site.a, "GET", "/api/tokens", withToken(person.token.token))).status).toBe(
      200,
    );
  });

  it("logs a person out everywhere when an admin sets a new password", async () => {
    const person = await personWithCredentials("contributor");
    const cookieOnB = await signIn(site.b, person.name);
    const reset = await patchPerson(site.a, person.name, admin, {
      password: "a new long password",
    });
    expect(reset.status).toBe(200);
    expect(reset.headers.get("set-cookie")).toBeNull();
    for (const instance of site.all) {
      for (const cookie of [person.cookie, cookieOnB])
        expect((await session(instance, cookie)).status).toBe(401);
    }
    expect((await logIn(site.b, person.name)).status).toBe(401);
    expect((await logIn(site.b, person.name, "a new long password")).status).toBe(201);
  });

  it("lets a person change their own password: their other sessions end, the one they used goes on", async () => {
    const person = await personWithCredentials("contributor");
    const otherSession = await signIn(site.b, person.name);
    const changed = await patchPerson(site.a, person.name, asPerson(site.a, person.cookie), {
      password: "my own new password",
    });
    expect(changed.status).toBe(200);
    const fresh = changed.headers.get("set-cookie")?.split(";")[0];
    expect(fresh).toBeTruthy();
    expect((await session(site.b, otherSession)).status).toBe(401);
    expect((await session(site.b, person.cookie)).status).toBe(401);
    expect((await session(site.b, fresh!)).body).toMatchObject({
      name: person.name,
      role: "contributor",
    });
    expect((await logIn(site.a, person.name, "my own new password")).status).toBe(201);
  });

  it("reads a person stored before roles as an active editor, and keeps them one when changed", async () => {
    await site.redis.client().set(
      editorKey("old-timer"),
      JSON.stringify({
        name: "old-timer",
        passwordHash: (await stored(callers[1]!.name!))!.passwordHash,
        credentialVersion: 1,
        createdAt: new Date().toISOString(),
      }),
    );
    const login = await logIn(site.a, "old-timer");
    expect([login.status, login.body]).toEqual([
      201,
      { name: "old-timer", displayName: "old-timer", role: "editor", avatar: null },
    ]);
    const renamed = await patchPerson(site.b, "old-timer", admin, {
      displayName: "Old Timer",
    });
    expect(renamed.body).toMatchObject({
      displayName: "Old Timer",
      role: "editor",
      active: true,
      avatar: null,
    });
    expect(await stored("old-timer")).toMatchObject({ role: "editor", active: true });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    expect((await session(site.b, cookie)).body).toMatchObject({ displayName: "Old Timer" });
  });
});
