/**
 * The session secret: the key of the HMAC under which the store keeps each session (see
 * service.ts). Its one home: resolved here once at start-up and handed to the auth service.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { Store } from "../store/port.js";

/** The secret in use; it changes only when the store was found to keep another one. */
export interface SessionSecret {
  readonly current: string;
}

/**
 * SESSION_SECRET when it is set (it wins, and is never written to the store). Otherwise the one
 * kept in the store, which the first instance generates (32 random bytes): every instance on one
 * Redis and every restart use the same, so a session made on one is valid on all. In embedded
 * mode it lives in memory and ends with the process, as the sessions do.
 */
export async function resolveSessionSecret(
  store: Pick<Store, "editors" | "onConnection">,
  explicit: string | undefined,
  log: Logger,
): Promise<SessionSecret> {
  if (explicit) return { current: explicit };
  const secret = {
    current: await store.editors.agreeSessionSecret(randomBytes(32).toString("base64url")),
  };
  // A Redis that comes back may have lost its data (no AOF, a failover to an empty replica) and
  // a new instance then keeps a new secret: offering ours again, or adopting what another kept
  // first, keeps every instance on one secret instead of each refusing the others' sessions.
  store.onConnection?.(({ connection, kind }) => {
    if (connection !== "command" || kind !== "reconnect") return;
    store.editors.agreeSessionSecret(secret.current).then(
      (kept) => {
        if (kept === secret.current) return;
        secret.current = kept;
        log.warn(
          "Redis keeps another session secret now (lost data?); sessions made here before end",
        );
      },
      (err: unknown) => log.warn({ err }, "could not check the session secret after a reconnect"),
    );
  });
  return secret;
}
