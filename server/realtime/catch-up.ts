/**
 * "What happened after `since`?", for the subscribe ack and GET /events alike: from the relay's
 * memory when it covers the answer, else one bounded log read, shared by every identical
 * question asked while it runs. However many readers ask at once (a reconnect storm, a script
 * hammering `since=0`), the store answers each distinct question once, never with more than a
 * page, and never with more than a budget of bytes a second for the whole instance: readers who
 * each ask a different question (a `since` of their own, or subscribe and unsubscribe in a loop)
 * are told to reload or to come back a second later, not served without end.
 */
import { eventBytes, type BlogStore, type LogQuery, type LogRead } from "../store/port.js";
import type { Relay } from "./relay.js";

export interface CatchUpBudget {
  /** Bytes of events the instance may read for readers' catch-ups, on average, per second. */
  bytesPerSecond: number;
  /** ...and at once, after a quiet spell. */
  burst: number;
}

/**
 * The budget for CATCH_UP_BYTES_PER_SECOND. Its default, 8 MiB a second, is a reconnect storm's
 * worth of distinct questions (most readers ask the same one, served once) and a small share of
 * what Redis can send; twice that at once lets a burst through.
 */
export const catchUpBudget = (bytesPerSecond: number): CatchUpBudget => ({
  bytesPerSecond,
  burst: 2 * bytesPerSecond,
});

export function createCatchUp({
  relay,
  blogs,
  budget,
}: {
  relay: Relay;
  blogs: BlogStore;
  budget: CatchUpBudget;
}) {
  const inFlight = new Map<string, Promise<LogRead>>();
  let tokens = budget.burst;
  let refilledAt = performance.now();

  /** Whether a new read may start; reads are charged what they returned, once they return. */
  const mayRead = () => {
    const now = performance.now();
    tokens = Math.min(budget.burst, tokens + ((now - refilledAt) / 1000) * budget.bytesPerSecond);
    refilledAt = now;
    return tokens > 0;
  };

  /**
   * The store's answer; concurrent identical reads share one. Null when the budget is spent:
   * the asker is to be told to reload (socket) or to try again shortly (HTTP).
   */
  const readLog = (blogId: string, query: LogQuery): Promise<LogRead> | null => {
    const key = `${blogId}|${query.since}|${query.epoch ?? ""}|${query.limit}`;
    const shared = inFlight.get(key);
    if (shared) return shared;
    if (!mayRead()) return null;
    const read = blogs
      .readLog(blogId, query)
      .then((result) => {
        if ("events" in result) for (const event of result.events) tokens -= eventBytes(event);
        return result;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, read);
    return read;
  };

  return {
    readLog,
    /** A page of events after `since`: from memory when this instance's relay keeps them all. */
    page(blogId: string, query: LogQuery): Promise<LogRead> | null {
      const kept = relay.eventsSince(blogId, query.since, query.epoch);
      const at = relay.position(blogId);
      if (kept && at && kept.length <= query.limit)
        return Promise.resolve({ ...at, events: kept, more: false });
      return readLog(blogId, query);
    },
  };
}

export type CatchUp = ReturnType<typeof createCatchUp>;
