/**
 * Personal API tokens: what CMS integrations and scripts use instead of a shared secret. A token
 * is `lbt_<id>_<secret>` (32 random bytes of secret); the store keeps only the SHA-256 of the
 * whole string, so the token is shown once, at creation, and a copy of the store cannot be used
 * to act as anyone. A token acts as its owner with the owner's role at the time of each request.
 */
import { createHash, randomBytes } from "node:crypto";
import type { ApiToken, CreatedToken } from "../../shared/schemas.js";
import { notFound } from "../errors.js";
import type { Editor, EditorStore, TokenRecord } from "../store/port.js";
import type { Identity } from "./roles.js";

const TOKEN_PATTERN = /^lbt_([0-9a-f]{16})_[A-Za-z0-9_-]{43}$/;
const ID_PATTERN = /^[0-9a-f]{16}$/;
/** A token's last use is written at most this often: one extra write a minute, not one a request. */
export const TOUCH_INTERVAL_MS = 60_000;

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

const listed = ({ id, name, createdAt, lastUsedAt }: TokenRecord): ApiToken => ({
  id,
  name,
  createdAt,
  lastUsedAt,
});

export function createTokenService(
  editors: EditorStore,
  /** Who a stored person acts as, or null when they may not act at all (deactivated). */
  identify: (editor: Editor) => Identity | null,
) {
  return {
    async create(owner: string, name: string): Promise<CreatedToken> {
      const id = randomBytes(8).toString("hex");
      const token = `lbt_${id}_${randomBytes(32).toString("base64url")}`;
      const record: TokenRecord = {
        id,
        owner,
        name,
        hash: hashOf(token),
        createdAt: new Date().toISOString(),
        lastUsedAt: null,
      };
      await editors.saveToken(record);
      return { ...listed(record), token };
    },

    /** The owner's tokens, newest first, without their secrets (which nobody has any more). */
    async list(owner: string): Promise<ApiToken[]> {
      return (await editors.listTokens(owner)).map(listed);
    },

    /** Throws 404 unless `owner` has a token with this id: nobody revokes another's tokens. */
    async revoke(owner: string, id: string): Promise<void> {
      if (!ID_PATTERN.test(id) || !(await editors.deleteToken(owner, id)))
        throw notFound(`Your token "${id}"`);
    },

    /** The identity the token acts as, or null (not a token, revoked, owner gone or deactivated). */
    async identityFor(token: string): Promise<Identity | null> {
      if (!TOKEN_PATTERN.test(token)) return null;
      const hash = hashOf(token);
      const record = await editors.getTokenByHash(hash);
      if (!record) return null;
      const owner = await editors.getEditor(record.owner);
      const identity = owner ? identify(owner) : null;
      if (!identity) return null;
      const now = Date.now();
      if (!record.lastUsedAt || now - Date.parse(record.lastUsedAt) >= TOUCH_INTERVAL_MS)
        await editors.touchToken(hash, new Date(now).toISOString());
      return identity;
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
