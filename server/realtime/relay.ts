/**
 * Per instance, per blog: subscribes to the blog's channel while it has local readers, and emits
 * each event to them exactly once, in seq order, with no gap. Pub/sub is at-most-once, so when an
 * event arrives ahead of the next expected seq (a message was lost) or the bus comes back after a
 * disconnect, the missing events are read from the log first. Work for one blog runs one step at
 * a time, which is what keeps its events in order.
 *
 * A seq means something only within its log's epoch. When the store's log is no longer the one
 * the readers were following (another epoch; a seq below what was emitted; another event at the
 * last emitted seq: Redis lost acknowledged writes and reuses their seqs), or when readers fell
 * further behind than the relay replays, the relay does not stay silent: it tells its readers to
 * reload (`resync`) and goes on from the store's position.
 *
 * A deleted blog's last event, `blog.deleted`, is in no log: it goes out as it comes, whatever
 * its seq, and the channel stops serving the blog (no acks, no catch-up from memory) until a
 * reader joins a blog of that id again, which then has to exist. A relay that finds the blog
 * gone without having heard the event (it was lost with a connection) says it itself.
 */
import type { Logger } from "pino";
import type { ResyncNotice } from "../../shared/events.js";
import type { LiveEvent } from "../../shared/schemas.js";
import { AppError, notFound } from "../errors.js";
import {
  eventBytes,
  type BlogStore,
  type LiveBus,
  type LogHead,
  type LogPosition,
  type ResyncReason,
} from "../store/port.js";

interface Channel {
  readers: number;
  /** The bus was asked for this blog's channel (and must be told when it is no longer needed). */
  subscribed: boolean;
  /** `last` and `epoch` are known: events can be emitted. */
  ready: boolean;
  /** The last seq emitted to this blog's local readers, its epoch, and the `at` of that event. */
  last: number;
  epoch: string;
  lastAt: string;
  /** The latest events emitted, consecutive and ending at `last`: what reconnecting readers ask for. */
  recent: LiveEvent[];
  recentBytes: number;
  /**
   * A catch-up after a reconnect is under way (and retrying until it succeeds); another
   * reconnect meanwhile only asks it to run once more when done (`resumeAgain`).
   */
  resuming: boolean;
  resumeAgain: boolean;
  queue: Promise<void>;
}

/** Events kept per blog for subscribe acks and catch-up; older ones are read from the log. */
export const RECENT_EVENTS = 100;
/** ...and at most about this many bytes of them, so that a blog of long entries costs no more. */
export const RECENT_BYTES = 512 * 1024;
/**
 * The most events the relay replays to its readers after a gap; beyond it they reload instead,
 * which costs each of them one page load rather than the whole room a long replay.
 */
export const REPLAY_MAX = 100;

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
      // AppErrors (an unknown blog, the store away, data missing) reach whoever asked, and the
      // store logs its own trouble once; a line per failed step would let readers fill the log.
      if (!(err instanceof AppError)) log.error({ err, blogId }, "relay step failed");
    });
    return run;
  };

  const forget = (channel: Channel) => {
    channel.recent = [];
    channel.recentBytes = 0;
  };

  const send = (channel: Channel, event: LiveEvent) => {
    if (event.epoch !== channel.epoch || event.seq <= channel.last) return;
    // After a jump (a gap that could not be filled) the kept events are no longer consecutive.
    if (event.seq !== channel.last + 1) forget(channel);
    channel.last = event.seq;
    channel.lastAt = event.at;
    channel.recent.push(event);
    channel.recentBytes += eventBytes(event);
    while (
      channel.recent.length > RECENT_EVENTS ||
      (channel.recentBytes > RECENT_BYTES && channel.recent.length > 1)
    ) {
      channel.recentBytes -= eventBytes(channel.recent.shift()!);
    }
    emit(event);
    if (event.type === "blog.deleted") {
      channel.ready = false;
      forget(channel);
    }
  };

  /** The store says the blog is gone: its readers hear it as if blog.deleted had come. */
  const gone = (blogId: string, channel: Channel) => {
    log.info({ blogId }, "the blog was deleted; telling its readers");
    send(channel, {
      blogId,
      seq: channel.last + 1,
      epoch: channel.epoch,
      at: new Date().toISOString(),
      type: "blog.deleted",
    });
  };
  const isNotFound = (err: unknown) => err instanceof AppError && err.status === 404;

  const moveTo = (channel: Channel, head: LogHead) => {
    channel.last = head.seq;
    channel.epoch = head.epoch;
    channel.lastAt = head.at;
    forget(channel);
  };

  /**
   * The readers' state is no longer what the store holds: they reload, and we go on from the
   * store's position. When the store lost writes they saw (`renew`), the log gets a new epoch
   * first, so that every `since` of the old one, on any instance, is answered with a resync.
   */
  const reset = async (blogId: string, channel: Channel, reason: Reason, renew: boolean) => {
    const head = renew
      ? await blogs.renewEpoch(blogId, channel.epoch)
      : await blogs.position(blogId);
    if (!head) return;
    log.warn(
      {
        blogId,
        reason,
        emittedSeq: channel.last,
        storedSeq: head.seq,
        emittedEpoch: channel.epoch,
        storedEpoch: head.epoch,
      },
      "readers of this blog must reload: the log no longer continues what they were sent",
    );
    moveTo(channel, head);
    resync({ blogId, seq: head.seq, epoch: head.epoch });
  };

  /**
   * Emits what the log holds after the last emitted seq. It reads from one seq earlier, to check
   * that the log still holds the event readers were sent last: after Redis restarts from an older
   * snapshot, the same seqs come back with other entries.
   */
  const catchUp = async (blogId: string, channel: Channel) => {
    let verify = channel.last > 0 && channel.lastAt !== "";
    let since = verify ? channel.last - 1 : channel.last;
    const missed: LiveEvent[] = [];
    for (;;) {
      const read = await blogs.readLog(blogId, {
        since,
        epoch: channel.epoch,
        limit: REPLAY_MAX + 1 - missed.length,
      });
      if ("resync" in read) {
        // The last emitted event has just left the kept log: what follows it may still be there.
        if (verify && read.resync === "expired") {
          verify = false;
          since = channel.last;
          continue;
        }
        // Fewer seqs than readers saw ("ahead"): the store lost them.
        return reset(blogId, channel, read.resync, read.resync === "ahead");
      }
      const events = [...read.events];
      if (verify) {
        const stored = events.shift();
        if (stored?.seq !== channel.last || stored.at !== channel.lastAt)
          return reset(blogId, channel, "rewritten", true);
        verify = false;
      }
      missed.push(...events);
      if (missed.length > REPLAY_MAX) return reset(blogId, channel, "behind", false);
      const lastRead = read.events.at(-1);
      // A page cut by bytes, not count: read on.
      if (!read.more || !lastRead) break;
      since = lastRead.seq;
    }
    for (const event of missed) send(channel, event);
  };

  bus.onEvent((event) => {
    const channel = channels.get(event.blogId);
    if (!channel) return;
    const { blogId } = event;
    void enqueue(blogId, channel, async () => {
      if (!channel.ready) return;
      // Nothing before it can be read any more: the gap, if any, is moot.
      if (event.type === "blog.deleted") return send(channel, event);
      if (event.epoch !== channel.epoch) {
        // Either a late event of the old epoch (drop it) or the log was recreated: ask the store.
        const head = await blogs.position(blogId);
        if (head && head.epoch !== channel.epoch) await reset(blogId, channel, "epoch", false);
        return;
      }
      if (event.seq <= channel.last) {
        // Normally a copy of an event already sent (read from the log, then heard live). One
        // with another time than the one sent at that seq means the store lost writes and
        // reuses their seqs without having dropped our connection (a failover behind a proxy).
        const sentAt =
          event.seq === channel.last
            ? channel.lastAt
            : channel.recent.find((sent) => sent.seq === event.seq)?.at;
        if (sentAt && sentAt !== event.at) await reset(blogId, channel, "rewritten", true);
        return;
      }
      if (event.seq > channel.last + 1) {
        log.warn(
          { blogId, expected: channel.last + 1, got: event.seq },
          "gap in pub/sub; reading the log",
        );
        // When the log cannot be read, the event still goes out: readers see the jump in seq
        // and fetch the gap themselves.
        const caughtUp = await catchUp(blogId, channel).then(
          () => true,
          (err: unknown) => {
            if (isNotFound(err)) return false;
            log.warn({ err, blogId }, "catch-up failed");
            return true;
          },
        );
        if (!caughtUp) return gone(blogId, channel);
      }
      send(channel, event);
    });
  });

  /** After a reconnect: catch up, and when the log cannot be read yet, try again until it can. */
  const resume = (blogId: string, channel: Channel, attempt = 0) => {
    channel.resuming = true;
    void enqueue(blogId, channel, async () => {
      if (!channel.ready || channels.get(blogId) !== channel) {
        channel.resuming = false;
        return;
      }
      try {
        await catchUp(blogId, channel);
        channel.resuming = false;
        if (channel.resumeAgain) {
          channel.resumeAgain = false;
          resume(blogId, channel);
        }
      } catch (err) {
        if (isNotFound(err)) {
          channel.resuming = false;
          return gone(blogId, channel);
        }
        // The subscriber can be back before the command connection is. Without a retry, a
        // quiet blog's readers would stay behind until its next post. Said once per chain.
        const delayMs = Math.min(100 * 2 ** attempt, 2_000);
        if (attempt === 0)
          log.warn({ err, blogId }, "catch-up after a reconnect failed; trying again");
        setTimeout(() => resume(blogId, channel, attempt + 1), delayMs).unref();
      }
    });
  };

  bus.onResume((blogIds) => {
    for (const [blogId, channel] of channels) {
      // On a Redis Cluster, one shard's blogs: the others' subscriptions held.
      if (blogIds && !blogIds.has(blogId)) continue;
      if (channel.resuming) channel.resumeAgain = true;
      else resume(blogId, channel);
    }
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
        lastAt: "",
        recent: [],
        recentBytes: 0,
        resuming: false,
        resumeAgain: false,
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
        // Marked before the SUBSCRIBE is sent, so that leave() unsubscribes even if it fails.
        joined.subscribed = true;
        await bus.subscribe(blogId);
      }
      // Subscribed first, then the position: whatever is published after it reaches us live.
      const head = await blogs.position(blogId);
      if (!head) throw notFound(`Blog "${blogId}"`);
      moveTo(joined, head);
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
