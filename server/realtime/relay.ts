/**
 * Per instance, per blog: subscribes to the blog's channel while it has local readers, and emits
 * each event to them exactly once, in seq order, with no gap. Pub/sub is at-most-once, so when an
 * event arrives ahead of the next expected seq (a message was lost) or the bus comes back after a
 * disconnect, the missing events are read from the log first. Work for one blog runs one step at
 * a time, which is what keeps its events in order.
 */
import type { Logger } from "pino";
import type { LiveEvent } from "../../shared/schemas.js";
import { notFound } from "../errors.js";
import type { BlogStore, LiveBus } from "../store/port.js";

interface Channel {
  readers: number;
  subscribed: boolean;
  /** The last seq emitted to this blog's local readers. */
  last: number;
  /** The latest events emitted, consecutive and ending at `last`: what reconnecting readers ask for. */
  recent: LiveEvent[];
  queue: Promise<void>;
}

/** Events kept per blog for subscribe acks; older ones are read from the log. */
export const RECENT_EVENTS = 100;

export interface RelayOptions {
  bus: LiveBus;
  blogs: BlogStore;
  emit: (event: LiveEvent) => void;
  log: Logger;
}

export function createRelay({ bus, blogs, emit, log }: RelayOptions) {
  const channels = new Map<string, Channel>();

  /** Runs `step` after every step queued before it for the same blog. */
  const enqueue = (blogId: string, channel: Channel, step: () => Promise<void>) => {
    const run = channel.queue.then(step);
    channel.queue = run.catch((err: unknown) => log.error({ err, blogId }, "relay step failed"));
    return run;
  };

  const send = (channel: Channel, event: LiveEvent) => {
    if (event.seq <= channel.last) return;
    // After a jump (history gone) the kept events are no longer consecutive with the new one.
    if (event.seq !== channel.last + 1) channel.recent = [];
    channel.last = event.seq;
    channel.recent.push(event);
    if (channel.recent.length > RECENT_EVENTS) channel.recent.shift();
    emit(event);
  };

  /** Emits what the log holds after the last emitted seq. */
  const catchUp = async (blogId: string, channel: Channel) => {
    const read = await blogs.readLog(blogId, channel.last);
    if ("expired" in read) {
      // The gap cannot be filled. Hand readers the latest event: its jump in seq makes each of
      // them ask for what it missed and be told to resync. Waiting for the next post instead
      // would leave them silently behind for as long as the blog stays quiet.
      log.warn(
        { blogId, last: channel.last, oldest: read.oldest },
        "missed events are no longer in the log",
      );
      const latest = await blogs.readLog(blogId, read.seq - 1);
      if (!("expired" in latest)) for (const event of latest.events) send(channel, event);
      return;
    }
    for (const event of read.events) send(channel, event);
  };

  bus.onEvent((event) => {
    const channel = channels.get(event.blogId);
    if (!channel) return;
    void enqueue(event.blogId, channel, async () => {
      if (!channel.subscribed || event.seq <= channel.last) return;
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
      if (!channel.subscribed || channels.get(blogId) !== channel) return;
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

  /** A local reader wants a blog: the first one subscribes this instance to its channel. */
  function join(blogId: string): Promise<void> {
    let channel = channels.get(blogId);
    if (!channel) {
      channel = { readers: 0, subscribed: false, last: 0, recent: [], queue: Promise.resolve() };
      channels.set(blogId, channel);
    }
    channel.readers += 1;
    const joined = channel;
    return enqueue(blogId, joined, async () => {
      if (joined.subscribed) return;
      // Subscribe first, then read the seq: whatever is published after that reaches us live.
      await bus.subscribe(blogId);
      const blog = await blogs.getBlog(blogId);
      if (!blog) throw notFound(`Blog "${blogId}"`);
      joined.last = blog.seq;
      joined.subscribed = true;
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
      if (channel.readers > 0) return;
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
    /** The last seq emitted to the blog's room; every later event will be, in order. */
    lastEmitted: (blogId: string) => channels.get(blogId)?.last ?? 0,
    /**
     * The emitted events after `since` up to the last one, from memory, or null when they are
     * not all kept: a reconnect storm costs no log read per reader.
     */
    eventsSince(blogId: string, since: number): LiveEvent[] | null {
      const channel = channels.get(blogId);
      if (!channel?.subscribed) return null;
      if (since >= channel.last) return [];
      const first = channel.recent[0];
      if (!first || first.seq > since + 1) return null;
      return channel.recent.slice(since + 1 - first.seq);
    },
    blogsWithReaders: () => [...channels.keys()],
  };
}

export type Relay = ReturnType<typeof createRelay>;
