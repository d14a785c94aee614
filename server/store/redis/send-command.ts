/**
 * Raw commands for rate-limit-redis (Store.sendCommand). Its scripts are loaded once with SCRIPT
 * LOAD and run with EVALSHA. On a Redis Cluster a keyless SCRIPT LOAD lands on one node, and the
 * EVALSHA, sent to the node of its key, may find another that never loaded it (NOSCRIPT); a
 * failover's new master has none either. So on a cluster SCRIPT LOAD goes to every master, and a
 * NOSCRIPT is answered by loading the script everywhere again and running the EVALSHA once more.
 */
import { ReplyError } from "ioredis";
import { isCluster, mastersOf, type RedisClient } from "./client.js";
import { guarded } from "./errors.js";

const isNoScript = (err: unknown) =>
  err instanceof ReplyError && /^NOSCRIPT\b/.test((err as Error).message);

export function clusterSafeCommand(redis: RedisClient) {
  if (!isCluster(redis))
    return (command: string, ...args: string[]) => guarded(() => redis.call(command, ...args));

  /** Script bodies by SHA1, as SCRIPT LOAD answered: what to load again on NOSCRIPT. */
  const loaded = new Map<string, string>();
  const loadEverywhere = async (body: string) => {
    const [sha] = await Promise.all(
      mastersOf(redis).map((master) => master.call("SCRIPT", "LOAD", body)),
    );
    loaded.set(String(sha), body);
    return sha;
  };

  return (command: string, ...args: string[]) =>
    guarded(async () => {
      if (command.toUpperCase() === "SCRIPT" && args[0]?.toUpperCase() === "LOAD")
        return loadEverywhere(args[1]!);
      try {
        return await redis.call(command, ...args);
      } catch (err) {
        const body = command.toUpperCase() === "EVALSHA" ? loaded.get(args[0]!) : undefined;
        if (!isNoScript(err) || body === undefined) throw err;
        await loadEverywhere(body);
        return redis.call(command, ...args);
      }
    });
}
