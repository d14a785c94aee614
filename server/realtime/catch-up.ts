/**
 * "What happened after `since`?", for the subscribe ack and GET /events alike: from the relay's
 * memory when it covers the answer, else one bounded log read, shared by every identical
 * question asked while it runs. However many readers ask at once (a reconnect storm, a script
 * hammering `since=0`), the store answers each distinct question once, and never with more
 * than a page.
 */
import type { BlogStore, LogQuery, LogRead } from "../store/port.js";
import type { Relay } from "./relay.js";

export function createCatchUp({ relay, blogs }: { relay: Relay; blogs: BlogStore }) {
  const inFlight = new Map<string, Promise<LogRead>>();

  /** The store's answer; concurrent identical reads share one. */
  const readLog = (blogId: string, query: LogQuery): Promise<LogRead> => {
    const key = `${blogId}|${query.since}|${query.epoch ?? ""}|${query.limit}`;
    let read = inFlight.get(key);
    if (!read) {
      read = blogs.readLog(blogId, query).finally(() => inFlight.delete(key));
      inFlight.set(key, read);
    }
    return read;
  };

  return {
    readLog,
    /** A page of events after `since`: from memory when this instance's relay keeps them all. */
    async page(blogId: string, query: LogQuery): Promise<LogRead> {
      const kept = relay.eventsSince(blogId, query.since, query.epoch);
      const at = relay.position(blogId);
      if (kept && at && kept.length <= query.limit) return { ...at, events: kept, more: false };
      return readLog(blogId, query);
    },
  };
}

export type CatchUp = ReturnType<typeof createCatchUp>;
