/**
 * Editors and their sessions. A session id lives only in the editor's cookie; the store keeps
 * it under an HMAC keyed with SESSION_SECRET, so a copy of the store holds no usable session.
 * Changing a password bumps the editor's credentialVersion, which ends every older session.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { Config } from "../config.js";
import { unauthorized } from "../errors.js";
import type { EditorStore } from "../store/port.js";
import { generatePassword, hashPassword, secretsEqual, verifyPassword } from "./passwords.js";

export interface EditorIdentity {
  name: string;
}

export const ADMIN_NAME = "admin";
export const editorNameSchemaPattern = /^[A-Za-z0-9_.-]{1,64}$/;

// Verifying against this when the name is unknown keeps failed log-ins equally slow either way.
const unknownEditorHash = hashPassword(generatePassword());

export function createAuthService(
  editors: EditorStore,
  config: Pick<Config, "adminToken" | "adminPassword" | "sessionSecret" | "sessionTtlSeconds">,
) {
  const storeKey = (sessionId: string) =>
    createHmac("sha256", config.sessionSecret).update(sessionId).digest("base64url");

  async function setPassword(name: string, password: string): Promise<void> {
    const existing = await editors.getEditor(name);
    await editors.saveEditor({
      name,
      passwordHash: await hashPassword(password),
      credentialVersion: (existing?.credentialVersion ?? 0) + 1,
      createdAt: existing?.createdAt ?? new Date().toISOString(),
    });
  }

  return {
    setPassword,

    /**
     * Makes sure the `admin` editor exists with ADMIN_PASSWORD. Without one, a new admin gets a
     * generated password, returned so the process can print it once.
     */
    async ensureAdmin(): Promise<{ generatedPassword?: string }> {
      const existing = await editors.getEditor(ADMIN_NAME);
      if (config.adminPassword) {
        if (!existing || !(await verifyPassword(config.adminPassword, existing.passwordHash))) {
          await setPassword(ADMIN_NAME, config.adminPassword);
        }
        return {};
      }
      if (existing) return {};
      const generatedPassword = generatePassword();
      await setPassword(ADMIN_NAME, generatedPassword);
      return { generatedPassword };
    },

    /** Returns a new session id, or throws 401 for a wrong name or password. */
    async login(name: string, password: string): Promise<string> {
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
      return sessionId;
    },

    /** The editor a session belongs to, or null when it ended, expired or predates a password change. */
    async editorForSession(sessionId: string): Promise<EditorIdentity | null> {
      const session = await editors.getSession(storeKey(sessionId));
      if (!session) return null;
      const editor = await editors.getEditor(session.name);
      if (!editor || editor.credentialVersion !== session.credentialVersion) return null;
      return { name: editor.name };
    },

    async logout(sessionId: string): Promise<void> {
      await editors.deleteSession(storeKey(sessionId));
    },

    /** Scripts and CMS integrations act as `admin` with the ADMIN_TOKEN. */
    editorForToken(token: string): EditorIdentity | null {
      return config.adminToken && secretsEqual(token, config.adminToken)
        ? { name: ADMIN_NAME }
        : null;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
