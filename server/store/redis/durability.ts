/**
 * REDIS_WAIT_REPLICAS: a change is acknowledged only once that many replicas have it. Redis
 * replicates asynchronously, so a master that crashes loses what its replicas had not received,
 * and a replica promoted in its place goes on without it; WAIT closes most of that window (see
 * docs/DEPLOY.md for what each setting still loses).
 *
 * WAIT counts the writes of the connection it is sent on, so it goes on the connection that
 * ran the change: the one connection, or the cluster's connection to the master of the change's
 * slot (the change itself is sent as any command, with the cluster's retries of redirects and
 * failovers). Its timeout is half the command timeout, so that its answer comes before the
 * client gives up on it. Fewer replicas in time: 503 store_unavailable, "may not have been saved",
 * and a retry with the same Idempotency-Key finds the first attempt's result instead of saving
 * twice.
 *
 * Redis answers nothing else on a connection while a WAIT there blocks, so the changes and their
 * WAITs have connections of their own (the `writer`, index.ts): a lagging replica slows the
 * changes, not the reads, the sessions and the rate limits of the same instance.
 */
import { notReplicated } from "../../errors.js";
import { masterOfKey, type ScriptedRedis } from "./client.js";
import { refusedUnwritten } from "./refusal.js";
import type { LifecycleRedis } from "./lifecycle-scripts.js";

/** Where changes run: a client with the store's scripts and the lifecycle scripts. */
export type Writer = ScriptedRedis & LifecycleRedis;

/** Runs a change (whose keys are in `key`'s slot) on the writer, then waits for the replicas when asked. */
export type ReplicaWait = <T>(key: string, change: (writer: Writer) => Promise<T>) => Promise<T>;

export function withReplicaWait(
  writer: Writer,
  replicas: number,
  commandTimeoutMs: number,
): ReplicaWait {
  if (replicas === 0) return (_key, change) => change(writer);
  const timeoutMs = Math.max(50, Math.floor(commandTimeoutMs / 2));
  /** The slot's master now, or undefined while none is known (a failover). */
  const master = (key: string) => {
    try {
      return masterOfKey(writer, key);
    } catch {
      return undefined;
    }
  };
  return async (key, change) => {
    const before = master(key);
    const result = await change(writer);
    // A refusal (404, 409...) changed nothing: it is answered as it is, lagging replica or not.
    if (refusedUnwritten(result)) return result;
    const node = master(key);
    // No master now, or the slot moved meanwhile (a failover, a reshard): the change may have
    // run on the old master, and a WAIT on the new one's connection would not count it.
    if (!node || node !== before) throw notReplicated(0, replicas);
    const acknowledged = Number(await node.call("WAIT", replicas, timeoutMs));
    if (acknowledged < replicas) throw notReplicated(acknowledged, replicas);
    return result;
  };
}
