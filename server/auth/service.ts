/**
 * People's credentials: sessions, ADMIN_TOKEN and personal tokens (tokens.ts). A session id lives
 * only in the person's cookie; the store keeps it under an HMAC keyed with the session secret
 * (session-secret.ts), so a copy of the store holds no usable session. Changing a password or
 * deactivating bumps the person's credentialVersion, which ends every older session; a
 * deactivated person cannot log in, and their tokens stop working.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { Config } from "../config.js";
import { unauthorized } from "../errors.js";
import type { Role, Session } from "../../shared/schemas.js";
import type { Editor, EditorStore } from "../store/port.js";
import type { Identity } from "./roles.js";
import { generatePassword, hashPassword, secretsEqual, verifyPassword } from "./passwords.js";
import type { SessionSecret } from "./session-secret.js";
import { createTokenService } from "./tokens.js";

export const ADMIN_NAME = "admin";

/**
 * The person an editor record stands for. Records saved before roles read as an active editor
 * (admin for the admin account) named by their log-in name.
 */
export const identityOf = (editor: Editor): Identity => ({
  name: editor.name,
  displayName: editor.displayName ?? editor.name,
  role: editor.role ?? (editor.name === ADMIN_NAME ? "admin" : "editor"),
  avatar: editor.avatar ?? null,
});

/** Who is logged in, as GET /api/session and the desk page (`#lb-session`) tell the desk. */
export const sessionOf = ({ name, displayName, role, avatar }: Identity): Session => ({
  name,
  displayName,
  role,
  avatar: avatar ?? null,
});

/** False once deactivated; records saved before roles are active. */
export const isActive = (editor: Editor): boolean => editor.active !== false;

// Verifying against this when the name is unknown keeps failed log-ins equally slow either way.
const unknownEditorHash = hashPassword(generatePassword());

/** What a new person may be given besides a password; an editor named by their log-in name. */
export interface NewPersonFields {
  role?: Role;
  displayName?: string;
  avatar?: string | null;
}

export const newEditor = async (
  name: string,
  password: string,
  {
    role = name === ADMIN_NAME ? "admin" : "editor",
    displayName = name,
    avatar = null,
  }: NewPersonFields = {},
): Promise<Editor> => ({
  name,
  passwordHash: await hashPassword(password),
  credentialVersion: 1,
  createdAt: new Date().toISOString(),
  role,
  displayName,
  active: true,
  avatar,
});

/**
 * Sets an editor's password (adding the editor if needed) and so ends their older sessions. It
 * needs no session secret: the editor CLI uses it without starting a server.
 */
export async function setPassword(
  editors: EditorStore,
  name: string,
  password: string,
): Promise<void> {
  const existing = await editors.getEditor(name);
  await editors.saveEditor(
    existing
      ? {
          ...existing,
          passwordHash: await hashPassword(password),
          credentialVersion: existing.credentialVersion + 1,
        }
      : await newEditor(name, password),
  );
}

/** Adds a person unless the name is taken; false when it was (nothing is changed then). */
export async function addEditor(
  editors: EditorStore,
  name: string,
  password: string,
  fields: NewPersonFields = {},
): Promise<boolean> {
  return editors.addEditor(await newEditor(name, password, fields));
}

export function createAuthService(
  editors: EditorStore,
  config: Pick<Config, "adminToken" | "adminPassword" | "sessionTtlSeconds">,
  sessionSecret: SessionSecret,
) {
  const storeKey = (sessionId: string) =>
    createHmac("sha256", sessionSecret.current).update(sessionId).digest("base64url");
  const tokens = createTokenService(editors, (editor) =>
    isActive(editor) ? identityOf(editor) : null,
  );

  /** A new session for the person as they are now stored; returns its id (the cookie's value). */
  const startSession = async (editor: Editor): Promise<string> => {
    const sessionId = randomBytes(32).toString("base64url");
    await editors.saveSession(
      storeKey(sessionId),
      {
        name: editor.name,
        credentialVersion: editor.credentialVersion,
        createdAt: new Date().toISOString(),
      },
      config.sessionTtlSeconds,
    );
    return sessionId;
  };

  return {
    setPassword: (name: string, password: string) => setPassword(editors, name, password),

    /**
     * Creates the `admin` editor when it does not exist, with ADMIN_PASSWORD or else a generated
     * password, returned so the process can print it once. An existing admin is never changed:
     * ADMIN_PASSWORD is set on every instance, and resetting it at each start would undo
     * `npm run editor -- passwd admin` and end admin's sessions. `adminPasswordIgnored` says
     * that ADMIN_PASSWORD is not admin's password (any more). Of instances starting together
     * on one store, exactly one creates admin (and prints a generated password).
     */
    async ensureAdmin(): Promise<{ generatedPassword?: string; adminPasswordIgnored?: boolean }> {
      const password = config.adminPassword ?? generatePassword();
      if (
        !(await editors.getEditor(ADMIN_NAME)) &&
        (await addEditor(editors, ADMIN_NAME, password))
      ) {
        return config.adminPassword ? {} : { generatedPassword: password };
      }
      if (!config.adminPassword) return {};
      const admin = await editors.getEditor(ADMIN_NAME);
      return admin && (await verifyPassword(config.adminPassword, admin.passwordHash))
        ? {}
        : { adminPasswordIgnored: true };
    },

    /**
     * Returns a new session id and who it is for, or throws 401 for a wrong name or password, and
     * for a deactivated person (said only to whoever knows their password).
     */
    async login(
      name: string,
      password: string,
    ): Promise<{ sessionId: string; identity: Identity }> {
      const editor = await editors.getEditor(name);
      const ok = await verifyPassword(password, editor?.passwordHash ?? (await unknownEditorHash));
      if (!editor || !ok) throw unauthorized("Wrong name or password.");
      if (!isActive(editor)) throw unauthorized("This account is deactivated; ask an admin.");
      return { sessionId: await startSession(editor), identity: identityOf(editor) };
    },

    /**
     * A fresh session for someone who just changed their own password: the change ended every
     * older session, the one they made it from included.
     */
    async renewSession(name: string): Promise<string | null> {
      const editor = await editors.getEditor(name);
      return editor && isActive(editor) ? startSession(editor) : null;
    },

    /**
     * The person a session belongs to, or null when it ended, expired, predates a password
     * change or the person was deactivated.
     */
    async editorForSession(sessionId: string): Promise<Identity | null> {
      const session = await editors.getSession(storeKey(sessionId));
      if (!session) return null;
      const editor = await editors.getEditor(session.name);
      if (!editor || !isActive(editor) || editor.credentialVersion !== session.credentialVersion)
        return null;
      return identityOf(editor);
    },

    async logout(sessionId: string): Promise<void> {
      await editors.deleteSession(storeKey(sessionId));
    },

    /**
     * Who a Bearer token acts as: `admin` for the ADMIN_TOKEN (the bootstrap credential), else the
     * owner of a personal token with their current role. Read from the store every time, so that
     * a revoked token or a deactivated owner is refused at once on every instance.
     */
    async editorForToken(token: string): Promise<Identity | null> {
      if (config.adminToken && secretsEqual(token, config.adminToken))
        return { name: ADMIN_NAME, displayName: ADMIN_NAME, role: "admin" };
      return tokens.identityFor(token);
    },

    tokens,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
