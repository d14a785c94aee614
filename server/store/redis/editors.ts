/**
 * People, their sessions and their personal API tokens on Redis. No command touches two keys at
 * once, so that all of it works unchanged on Redis Cluster: where two keys change together
 * (a record and its index), the index is written first and readers skip index entries whose
 * record is gone.
 */
import { mastersOf, type RedisClient } from "./client.js";
import type { Editor, EditorStore, SessionRecord, TokenRecord } from "../port.js";
import { byName, newestTokenFirst } from "../people-order.js";
import { guarded } from "./errors.js";
import {
  EDITOR_INDEX_KEY,
  editorKey,
  SESSION_SECRET_KEY,
  sessionKey,
  tokenKey,
  tokensOfKey,
} from "./keys.js";

const EDITOR_PREFIX = editorKey("");

/**
 * Adds the people saved before the index existed (by `npm run editor` or a first start of an
 * older version) to it. Runs once per store, at its first listing; SCAN does not block Redis.
 * SCAN walks one node's keys: on a cluster, every master's.
 */
async function indexOlderEditors(redis: RedisClient): Promise<void> {
  for (const master of mastersOf(redis)) {
    const stream = master.scanStream({ match: `${EDITOR_PREFIX}*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      const names = keys.map((key) => key.slice(EDITOR_PREFIX.length));
      if (names.length > 0) await redis.sadd(EDITOR_INDEX_KEY, ...names);
    }
  }
}

export function createRedisEditorStore(redis: RedisClient): EditorStore {
  const getJson = async <T>(key: string): Promise<T | null> => {
    const json = await redis.get(key);
    return json ? (JSON.parse(json) as T) : null;
  };
  // One GET per key rather than MGET, whose keys would have to share a Cluster slot.
  const getMany = async <T extends object>(keys: string[]): Promise<T[]> => {
    const found: (T | null)[] = await Promise.all(keys.map((key) => getJson<T>(key)));
    return found.filter((value) => value !== null);
  };
  let indexed: Promise<void> | undefined;

  return {
    getEditor: (name) => guarded(() => getJson<Editor>(editorKey(name))),
    saveEditor: (editor) =>
      guarded(async () => {
        await redis.sadd(EDITOR_INDEX_KEY, editor.name);
        await redis.set(editorKey(editor.name), JSON.stringify(editor));
      }),
    addEditor: (editor) =>
      guarded(async () => {
        // Indexing a name that turns out to be taken changes nothing: it was listed already.
        await redis.sadd(EDITOR_INDEX_KEY, editor.name);
        return (await redis.set(editorKey(editor.name), JSON.stringify(editor), "NX")) === "OK";
      }),
    listEditors: () =>
      guarded(async () => {
        indexed ??= indexOlderEditors(redis).catch((err: unknown) => {
          indexed = undefined;
          throw err;
        });
        await indexed;
        const names = await redis.smembers(EDITOR_INDEX_KEY);
        return (await getMany<Editor>(names.map(editorKey))).sort(byName);
      }),
    agreeSessionSecret: (candidate) =>
      guarded(async () => {
        for (;;) {
          if ((await redis.set(SESSION_SECRET_KEY, candidate, "NX")) === "OK") return candidate;
          const kept = await redis.get(SESSION_SECRET_KEY);
          // Null only when the key was deleted between the two commands (a rotation): try again.
          if (kept) return kept;
        }
      }),
    saveSession: (key, session, ttl) =>
      guarded(
        async () => void (await redis.set(sessionKey(key), JSON.stringify(session), "EX", ttl)),
      ),
    getSession: (key) => guarded(() => getJson<SessionRecord>(sessionKey(key))),
    deleteSession: (key) => guarded(async () => void (await redis.del(sessionKey(key)))),

    saveToken: (token) =>
      guarded(async () => {
        await redis.hset(tokensOfKey(token.owner), token.id, token.hash);
        await redis.set(tokenKey(token.hash), JSON.stringify(token));
      }),
    getTokenByHash: (hash) => guarded(() => getJson<TokenRecord>(tokenKey(hash))),
    listTokens: (owner) =>
      guarded(async () => {
        const hashes = await redis.hvals(tokensOfKey(owner));
        return (await getMany<TokenRecord>(hashes.map(tokenKey))).sort(newestTokenFirst);
      }),
    deleteToken: (owner, id) =>
      guarded(async () => {
        const hash = await redis.hget(tokensOfKey(owner), id);
        if (!hash) return false;
        // The token's own key first: from this command on, no instance accepts it.
        await redis.del(tokenKey(hash));
        await redis.hdel(tokensOfKey(owner), id);
        return true;
      }),
    touchToken: (hash, at) =>
      guarded(async () => {
        const token = await getJson<TokenRecord>(tokenKey(hash));
        if (!token) return;
        // XX: a token revoked since the read stays revoked.
        await redis.set(tokenKey(hash), JSON.stringify({ ...token, lastUsedAt: at }), "XX");
      }),
  };
}
