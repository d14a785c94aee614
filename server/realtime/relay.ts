/**
 * Per instance, per blog: subscribes to the blog's channel while it has local readers, and emits
 * each event to them exactly once, in seq order, with no gap. Pub/sub is at-most-once, so when an
 * event arrives ahead of the next expected seq (a message was lost) or the bus comes back after a
 * disconnect, the missing events are read from the log first. Work for one blog runs one step at
 * a time, which is what keeps its events in order.
 *
 * A seq means something only within its log's epoch. When the store's log is no longer the one
 * the readers were following (another epoch; a seq below what was emitted; a different event at
 * the last emitted seq: Redis lost acknowledged writes and reuses their seqs), or when readers
 * fell further behind than a catch-up carries, the relay does not stay silent: it tells its
 * readers to reload (`resync`) and goes on from the store's position.
 */
import type { Logger } from "pino";
import type { ResyncNotice } from "../../shared/events.js";
import type { LiveEvent } from "../../shared/schemas.js";
import { AppError, notFound } from "../errors.js";
import {
  eventBytes,
  type BlogStore,
  type LiveBus,
  type LogPosition,
  type ResyncReason,
} from "../store/port.js";

interface Channel {
  readers: number;
  /** The bus was asked for this blog's channel (and must be told when it is no longer needed). */
  subscribed: boolean;
  /** `last` and `epoch` are known: events can be emitted. */
  ready: boolean;
  /** The last seq emitted to this blog's local readers, and the epoch it belongs to. */
  last: number;
  epoch: string;
  /** The latest events emitted, consecutive and ending at `last`: what reconnecting readers ask for. */
  recent: LiveEvent[];
  recentBytes: number;
  queue: Promise<void>;
}

/** Events kept per blog for subscribe acks and catch-up; older ones are read from the log. */
export const RECENT_EVENTS = 100;
/** ...and at most about this many bytes of them, so that a blog of long entries costs no more. */
export const RECENT_BYTES = 512 * 1024;

export interface RelayOptions {
  bus: LiveBus;
  blogs: BlogStore;
  emit: (event: LiveEvent) => void;
  /** Tells a blog's local readers to reload their state. */
  resync: (notice: ResyncNotice) => void;
  log: Logger;
}

type Reason = ResyncReason | "behind" | "rewritten";

export function createRelay({ bus, blogs, emit, resync, log }: RelayOptions) {
  const channels = new Map<string, Channel>();

  /** Runs `step` after every step queued before it for the same blog. */
  const enqueue = (blogId: string, channel: Channel, step: () => Promise<void>) => {
    const run = channel.queue.then(step);
    channel.queue = run.catch((err: unknown) => {
      // A blog that does not exist is the asker's problem, answered in its ack: not an error here.
      if (err instanceof AppError && err.status < 500) return;
      log.error({ err, blogId }, "relay step failed");
    });
    return run;
  };

  const send = (channel: Channel, event: LiveEvent) => {
    if (event.epoch !== channel.epoch || event.seq <= channel.last) return;
    // After a jump (a gap that could not be filled) the kept events are no longer consecutive.
    if (event.seq !== channel.last + 1) forget(channel);
    channel.last = event.seq;
    channel.recent.push(event);
    channel.recentBytes += eventBytes(event);
    while (
      channel.recent.length > RECENT_EVENTS ||
      (channel.recentBytes > RECENT_BYTES && channel.recent.length > 1)
    ) {
      channel.recentBytes -= eventBytes(channel.recent.shift()!);
    }
    emit(event);
  };

  const forget = (channel: Channel) => {
    channel.recent = [];
    channel.recentBytes = 0;
  };

  /** The readers' state is no longer what the store holds: they reload, and we go on from `at`. */
  const reset = (blogId: string, channel: Channel, at: LogPosition, reason: Reason) => {
    log.warn(
      {
        blogId,
        reason,
        emittedSeq: channel.last,
        storedSeq: at.seq,
        emittedEpoch: channel.epoch,
        storedEpoch: at.epoch,
      },
      "readers of this blog must reload: the log no longer continues what they were sent",
    );
    channel.last = at.seq;
    channel.epoch = at.epoch;
    forget(channel);
    resync({ blogId, seq: at.seq, epoch: at.epoch });
  };

  /**
   * Emits what the log holds after the last emitted seq. It reads from one seq earlier when that
   * event is still kept here, to check the log still holds what readers were sent: after Redis
   * restarts from an older snapshot, the same seqs come back with other entries.
   */
  const catchUp = async (blogId: string, channel: Channel) => {
    const read = (since: number) =>
      blogs.readLog(blogId, { since, epoch: channel.epoch, limit: RECENT_EVENTS + 1 });
    let lastSent = channel.recent.at(-1);
    let result = await read(lastSent ? channel.last - 1 : channel.last);
    // The last emitted event has just left the kept log: what follows it may still be there.
    if (lastSent && "resync" in result && result.resync === "expired") {
      lastSent = undefined;
      result = await read(channel.last);
    }
    if ("resync" in result) {
      // Fewer seqs than readers saw: the store lost them. The new epoch makes every reader,
      // here and on other instances, and every `since` they hold, reload.
      const at = result.resync === "ahead" ? await blogs.renewEpoch(blogId, channel.epoch) : result;
      return reset(blogId, channel, at, result.resync);
    }
    const events = result.events;
    if (lastSent) {
      const stored = events.shift();
      const same =
        stored?.seq === lastSent.seq && stored.at === lastSent.at && stored.type === lastSent.type;
      if (!same) {
        const at = await blogs.renewEpoch(blogId, channel.epoch);
        return reset(blogId, channel, at, "rewritten");
      }
    }
    // Too far behind to replay to every reader: reloading is cheaper for all.
    if (result.more) return reset(blogId, channel, result, "behind");
    for (const event of events) send(channel, event);
  };

  bus.onEvent((event) => {
    const channel = channels.get(event.blogId);
    if (!channel) return;
    void enqueue(event.blogId, channel, async () => {
      if (!channel.ready) return;
      if (event.epoch !== channel.epoch) {
        // Either a late event of the old epoch (drop it) or the log was recreated: ask the store.
        const at = await blogs.position(event.blogId);
        if (at && at.epoch !== channel.epoch) reset(event.blogId, channel, at, "epoch");
        return;
      }
      if (event.seq <= channel.last) return;
      if (event.seq > channel.last + 1) {
        log.warn(
          { blogId: event.blogId, expected: channel.last + 1, got: event.seq },
          "gap in pub/sub; reading the log",
        );
        await catchUp(event.blogId, channel).catch((err: unknown) =>
          log.error({ err }, "catch-up failed"),
        );
      }
      send(channel, event);
    });
  });

  /** After a reconnect: catch up, and when the log cannot be read yet, try again until it can. */
  const resume = (blogId: string, channel: Channel, attempt = 0) => {
    void enqueue(blogId, channel, async () => {
      if (!channel.ready || channels.get(blogId) !== channel) return;
      try {
        await catchUp(blogId, channel);
      } catch (err) {
        // The subscriber can be back before the command connection is. Without a retry, a
        // quiet blog's readers would stay behind until its next post.
        const delayMs = Math.min(100 * 2 ** attempt, 2_000);
        log.warn({ err, blogId, delayMs }, "catch-up after a reconnect failed; trying again");
        setTimeout(() => resume(blogId, channel, attempt + 1), delayMs).unref();
      }
    });
  };

  bus.onResume(() => {
    for (const [blogId, channel] of channels) resume(blogId, channel);
  });

  /**
   * A local reader wants a blog: the first one subscribes this instance to its channel. A blog
   * that does not exist is refused before anything is subscribed, and leaves nothing behind.
   */
  function join(blogId: string): Promise<void> {
    let channel = channels.get(blogId);
    if (!channel) {
      channel = {
        readers: 0,
        subscribed: false,
        ready: false,
        last: 0,
        epoch: "",
        recent: [],
        recentBytes: 0,
        queue: Promise.resolve(),
      };
      channels.set(blogId, channel);
    }
    channel.readers += 1;
    const joined = channel;
    return enqueue(blogId, joined, async () => {
      if (joined.ready) return;
      if (!joined.subscribed) {
        if (!(await blogs.position(blogId))) throw notFound(`Blog "${blogId}"`);
        joined.subscribed = true;
        await bus.subscribe(blogId);
      }
      // Subscribed first, then the position: whatever is published after it reaches us live.
      const at = await blogs.position(blogId);
      if (!at) throw notFound(`Blog "${blogId}"`);
      joined.last = at.seq;
      joined.epoch = at.epoch;
      joined.ready = true;
    }).catch((err: unknown) => {
      leave(blogId);
      throw err;
    });
  }

  /** A local reader left: after the last one, this instance unsubscribes. */
  function leave(blogId: string): void {
    const channel = channels.get(blogId);
    if (!channel) return;
    channel.readers -= 1;
    if (channel.readers > 0) return;
    void enqueue(blogId, channel, async () => {
      if (channel.readers > 0 || channels.get(blogId) !== channel) return;
      channels.delete(blogId);
      if (channel.subscribed) {
        channel.subscribed = false;
        await bus.unsubscribe(blogId);
      }
    });
  }

  return {
    join,
    leave,
    localReaders: (blogId: string) => channels.get(blogId)?.readers ?? 0,
    /** The last seq emitted to the blog's room and its epoch; every later event will be, in order. */
    position(blogId: string): LogPosition | null {
      const channel = channels.get(blogId);
      return channel?.ready ? { seq: channel.last, epoch: channel.epoch } : null;
    },
    /**
     * The emitted events after `since` up to the last one, from memory, or null when this
     * relay cannot answer alone (not all kept, another epoch, or `since` beyond what it
     * emitted): a reconnect storm costs no log read per reader.
     */
    eventsSince(blogId: string, since: number, epoch?: string): LiveEvent[] | null {
      const channel = channels.get(blogId);
      if (!channel?.ready || (epoch !== undefined && epoch !== channel.epoch)) return null;
      if (since > channel.last) return null;
      if (since === channel.last) return [];
      const first = channel.recent[0];
      if (!first || first.seq > since + 1) return null;
      return channel.recent.slice(since + 1 - first.seq);
    },
  };
}

export type Relay = ReturnType<typeof createRelay>;
