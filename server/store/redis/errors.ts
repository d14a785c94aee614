/**
 * Which Redis failures mean "the store is unavailable" (503) and which are bugs (500).
 * Connection loss, timeouts and a Redis that is loading or busy are the former; a script or
 * argument error is the latter and must not be disguised as an outage.
 */
import { ReplyError } from "ioredis";
import { AppError, storeUnavailable } from "../../errors.js";

const UNAVAILABLE_REPLIES = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|NOAUTH|READONLY|OOM)\b/;

/** ioredis' words for a command it never sent: the connection was already down. */
const NEVER_SENT = /Stream isn't writeable/;

export function toStoreError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof ReplyError && !UNAVAILABLE_REPLIES.test((err as Error).message)) return err;
  // A refusal by Redis or an unsent command saved nothing; a timeout or a connection lost
  // mid-command may have saved it (issue 6: the editor must not be told otherwise).
  const sent = !(err instanceof ReplyError) && !NEVER_SENT.test(String(err));
  return storeUnavailable(err, sent);
}

/** Runs a Redis operation, turning outages into 503 store_unavailable. */
export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    throw toStoreError(err);
  }
}
