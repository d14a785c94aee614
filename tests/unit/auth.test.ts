import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword, secretsEqual, verifyPassword } from "../../server/auth/passwords.js";
import { addEditor, createAuthService } from "../../server/auth/service.js";
import { slugify } from "../../server/blogs/service.js";
import { createMemoryStore } from "../../server/store/memory.js";

const config = {
  adminToken: "t".repeat(32),
  adminPassword: undefined,
  sessionTtlSeconds: 60,
};
const secret = { current: "s".repeat(32) };

describe("passwords", () => {
  it("verifies the right password against its scrypt hash and refuses a wrong one", async () => {
    const hash = await hashPassword("open sesame");
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword("open sesame", hash)).toBe(true);
    expect(await verifyPassword("open sesame!", hash)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
  });

  it("compares secrets of any length without throwing", () => {
    expect([
      secretsEqual("abc", "abc"),
      secretsEqual("abc", "abd"),
      secretsEqual("ab", "abc"),
    ]).toEqual([true, false, false]);
  });
});

describe("auth service", () => {
  it("creates admin with a generated password once, and a session that ends on password change", async () => {
    const store = createMemoryStore({ historyLimit: 10 });
    const auth = createAuthService(store.editors, config, secret);
    const { generatedPassword } = await auth.ensureAdmin();
    expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await auth.ensureAdmin()).toEqual({});

    const { sessionId: session } = await auth.login("admin", generatedPassword!);
    expect(await auth.editorForSession(session)).toEqual({
      name: "admin",
      displayName: "admin",
      role: "admin",
      avatar: null,
    });
    await auth.setPassword("admin", "a brand new password");
    expect(await auth.editorForSession(session)).toBeNull();
    await expect(auth.login("admin", generatedPassword!)).rejects.toMatchObject({ status: 401 });
    await expect(auth.login("nobody", "whatever")).rejects.toMatchObject({
      status: 401,
      message: "Wrong name or password.",
    });
  });

  it("creates admin once when instances start together, printing only the password that works", async () => {
    const store = createMemoryStore({ historyLimit: 10 });
    const instances = [1, 2, 3].map(() => createAuthService(store.editors, config, secret));
    const results = await Promise.all(instances.map((auth) => auth.ensureAdmin()));
    const printed = results.flatMap((r) => (r.generatedPassword ? [r.generatedPassword] : []));
    expect(printed).toHaveLength(1);
    expect(await instances[2]!.login("admin", printed[0]!)).toBeTruthy();
    expect(await store.editors.getEditor("admin")).toMatchObject({ credentialVersion: 1 });
  });

  it("leaves an existing admin as it is, and says when ADMIN_PASSWORD is no longer its password", async () => {
    const store = createMemoryStore({ historyLimit: 10 });
    const withPassword = { ...config, adminPassword: "the first password" };
    const auth = createAuthService(store.editors, withPassword, secret);
    expect(await auth.ensureAdmin()).toEqual({});
    expect(await auth.ensureAdmin()).toEqual({});
    await auth.setPassword("admin", "rotated by passwd");
    const stored = await store.editors.getEditor("admin");

    expect(await auth.ensureAdmin()).toEqual({ adminPasswordIgnored: true });
    expect(await store.editors.getEditor("admin")).toEqual(stored);
    await expect(auth.login("admin", "the first password")).rejects.toMatchObject({ status: 401 });
    expect(await auth.login("admin", "rotated by passwd")).toBeTruthy();
  });

  it("accepts only the exact ADMIN_TOKEN", async () => {
    const auth = createAuthService(createMemoryStore({ historyLimit: 10 }).editors, config, secret);
    expect(await auth.editorForToken("t".repeat(32))).toEqual({
      name: "admin",
      displayName: "admin",
      role: "admin",
    });
    expect(await auth.editorForToken("t".repeat(31))).toBeNull();
  });

  it("lets a personal token act as its owner with their current role, and writes its last use at most once a minute", async () => {
    const store = createMemoryStore({ historyLimit: 10 });
    const auth = createAuthService(store.editors, config, secret);
    await addEditor(store.editors, "ana", "ana's password", { role: "contributor" });
    const created = await auth.tokens.create("ana", "CMS");
    expect(created.token).toMatch(/^lbt_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const [stored] = await store.editors.listTokens("ana");
    expect(stored!.hash).toBe(createHash("sha256").update(created.token).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(created.token.slice(22));

    expect(await auth.editorForToken(created.token)).toMatchObject({ role: "contributor" });
    const forged = created.token.slice(0, -1) + (created.token.endsWith("A") ? "B" : "A");
    expect(await auth.editorForToken(forged)).toBeNull();
    const firstUse = (await store.editors.listTokens("ana"))[0]!.lastUsedAt;
    expect(firstUse).not.toBeNull();
    await auth.editorForToken(created.token);
    expect((await store.editors.listTokens("ana"))[0]!.lastUsedAt).toBe(firstUse);

    const ana = (await store.editors.getEditor("ana"))!;
    await store.editors.saveEditor({ ...ana, role: "editor" });
    expect(await auth.editorForToken(created.token)).toMatchObject({ role: "editor" });
    await store.editors.saveEditor({ ...ana, active: false });
    expect(await auth.editorForToken(created.token)).toBeNull();
  });
});

describe("slugify", () => {
  it("turns titles into slugs of a-z, 0-9 and -", () => {
    expect(slugify("Election night: live results!")).toBe("election-night-live-results");
    expect(slugify("Çavuşoğlu in İstanbul")).toBe("cavusoglu-in-istanbul");
    expect(slugify("!!!")).toMatch(/^blog-[0-9a-f]{8}$/);
    expect(slugify("x".repeat(100))).toHaveLength(64);
  });
});
