/**
 * Applies a blog's live events strictly in seq order, each exactly once, whatever order and however
 * often they arrive (socket pushes, the subscribe ack's catch-up, an `events?since=` fetch may
 * overlap). Events ahead of a missing seq wait in a buffer; the missing range is reported so the
 * caller can fetch it. Pure: no timers, no I/O; the client decides when to fetch and when to resync.
 */

/** The seqs that are missing: every seq from `from` to `to`, inclusive. */
export interface SeqGap {
  from: number;
  to: number;
}

export interface EventApplierOptions<E extends { seq: number }> {
  /** The seq the caller's state already reflects (the page was rendered at it). */
  seq: number;
  apply: (event: E) => void;
  /** Called when events wait behind a missing range that was not reported before. */
  onGap?: (gap: SeqGap) => void;
}

export interface EventApplier<E extends { seq: number }> {
  /** The last seq applied. */
  readonly seq: number;
  /** The range that is missing right now, or null when nothing waits. */
  readonly gap: SeqGap | null;
  /** How many events wait in the buffer. */
  readonly buffered: number;
  /** Applies the event now, buffers it until the seqs before it came, or drops a duplicate. */
  push(event: E): "applied" | "buffered" | "duplicate";
  /**
   * After a resync (the caller reloaded its state, which reflects `seq`): forgets what that covers
   * and applies whatever buffered events follow on; with `discard`, forgets every buffered event
   * (they belong to a log that was reset).
   */
  reset(seq: number, discard?: boolean): void;
}

export function createEventApplier<E extends { seq: number }>(
  options: EventApplierOptions<E>,
): EventApplier<E> {
  let applied = options.seq;
  const waiting = new Map<number, E>();
  let reportedFrom: number | null = null;

  const currentGap = (): SeqGap | null => {
    if (waiting.size === 0) return null;
    return { from: applied + 1, to: Math.min(...waiting.keys()) - 1 };
  };

  /** Applies every buffered event that now follows on, then reports a remaining hole once. */
  const drain = () => {
    for (let next = waiting.get(applied + 1); next; next = waiting.get(applied + 1)) {
      waiting.delete(applied + 1);
      applied += 1;
      options.apply(next);
    }
    const gap = currentGap();
    if (!gap) reportedFrom = null;
    else if (reportedFrom !== gap.from) {
      reportedFrom = gap.from;
      options.onGap?.(gap);
    }
  };

  return {
    get seq() {
      return applied;
    },
    get gap() {
      return currentGap();
    },
    get buffered() {
      return waiting.size;
    },
    push(event) {
      if (event.seq <= applied || waiting.has(event.seq)) return "duplicate";
      if (event.seq === applied + 1) {
        applied = event.seq;
        options.apply(event);
        drain();
        return "applied";
      }
      waiting.set(event.seq, event);
      drain();
      return "buffered";
    },
    reset(seq, discard = false) {
      applied = seq;
      for (const key of [...waiting.keys()]) if (discard || key <= applied) waiting.delete(key);
      reportedFrom = null;
      drain();
    },
  };
}
