/**
 * Editors and their sessions. A session id lives only in the editor's cookie; the store keeps
 * it under an HMAC keyed with the session secret (session-secret.ts), so a copy of the store
 * holds no usable session. Changing a password bumps the editor's credentialVersion, which ends
 * every older session.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { Config } from "../config.js";
import { unauthorized } from "../errors.js";
import type { Editor, EditorStore } from "../store/port.js";
import type { Identity } from "./roles.js";
import { generatePassword, hashPassword, secretsEqual, verifyPassword } from "./passwords.js";
import type { SessionSecret } from "./session-secret.js";

export const ADMIN_NAME = "admin";
export const editorNameSchemaPattern = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The person an editor record stands for. Records saved before roles read as an active editor
 * (admin for the admin account) named by their log-in name.
 */
export const identityOf = (editor: Editor): Identity => ({
  name: editor.name,
  displayName: editor.displayName ?? editor.name,
  role: editor.role ?? (editor.name === ADMIN_NAME ? "admin" : "editor"),
});

// Verifying against this when the name is unknown keeps failed log-ins equally slow either way.
const unknownEditorHash = hashPassword(generatePassword());

const newEditor = async (name: string, password: string): Promise<Editor> => ({
  name,
  passwordHash: await hashPassword(password),
  credentialVersion: 1,
  createdAt: new Date().toISOString(),
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
  const editor = await newEditor(name, password);
  await editors.saveEditor(
    existing
      ? {
          ...editor,
          credentialVersion: existing.credentialVersion + 1,
          createdAt: existing.createdAt,
        }
      : editor,
  );
}

/** Adds an editor unless the name is taken; false when it was (nothing is changed then). */
export async function addEditor(
  editors: EditorStore,
  name: string,
  password: string,
): Promise<boolean> {
  return editors.addEditor(await newEditor(name, password));
}

export function createAuthService(
  editors: EditorStore,
  config: Pick<Config, "adminToken" | "adminPassword" | "sessionTtlSeconds">,
  sessionSecret: SessionSecret,
) {
  const storeKey = (sessionId: string) =>
    createHmac("sha256", sessionSecret.current).update(sessionId).digest("base64url");

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

    /** Returns a new session id and who it is for, or throws 401 for a wrong name or password. */
    async login(
      name: string,
      password: string,
    ): Promise<{ sessionId: string; identity: Identity }> {
      const editor = await editors.getEditor(name);
      const ok = await verifyPassword(password, editor?.passwordHash ?? (await unknownEditorHash));
      if (!editor || !ok) throw unauthorized("Wrong name or password.");
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
      return { sessionId, identity: identityOf(editor) };
    },

    /** The editor a session belongs to, or null when it ended, expired or predates a password change. */
    async editorForSession(sessionId: string): Promise<Identity | null> {
      const session = await editors.getSession(storeKey(sessionId));
      if (!session) return null;
      const editor = await editors.getEditor(session.name);
      if (!editor || editor.credentialVersion !== session.credentialVersion) return null;
      return identityOf(editor);
    },

    async logout(sessionId: string): Promise<void> {
      await editors.deleteSession(storeKey(sessionId));
    },

    /** Scripts and CMS integrations act as `admin` with the ADMIN_TOKEN. */
    editorForToken(token: string): Identity | null {
      return config.adminToken && secretsEqual(token, config.adminToken)
        ? { name: ADMIN_NAME, displayName: ADMIN_NAME, role: "admin" }
        : null;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
