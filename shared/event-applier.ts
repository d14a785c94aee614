/**
 * Applies a blog's live events strictly in seq order, each exactly once, whatever order and however
 * often they arrive (socket pushes, the subscribe ack's catch-up, an `events?since=` fetch may
 * overlap). Events ahead of a missing seq wait in a buffer; the missing range is reported so the
 * caller can fetch it. Pure: no timers, no I/O; the client decides when to fetch and when to resync.
 *
 * Cost: a push is O(log n) in the number of buffered events (amortized over the events a push
 * applies): the lowest waiting seq, which bounds the gap, comes from a min-heap kept beside the
 * buffer instead of a scan of the buffer on every push.
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
  // Holds exactly the keys of `waiting`, all above `applied`, so its top is the next one due.
  const seqs = createMinHeap();
  let reportedFrom: number | null = null;

  const currentGap = (): SeqGap | null => {
    const lowest = seqs.peek();
    return lowest === undefined ? null : { from: applied + 1, to: lowest - 1 };
  };

  /** Applies every buffered event that now follows on, then reports a remaining hole once. */
  const drain = () => {
    for (let next = waiting.get(applied + 1); next; next = waiting.get(applied + 1)) {
      waiting.delete(applied + 1);
      seqs.pop();
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
      seqs.push(event.seq);
      drain();
      return "buffered";
    },
    reset(seq, discard = false) {
      applied = seq;
      if (discard) {
        waiting.clear();
        seqs.clear();
      }
      for (let lowest = seqs.peek(); lowest !== undefined && lowest <= applied;) {
        waiting.delete(lowest);
        seqs.pop();
        lowest = seqs.peek();
      }
      reportedFrom = null;
      drain();
    },
  };
}

/** A binary min-heap of numbers: push and pop O(log n), peek O(1). */
function createMinHeap() {
  const items: number[] = [];
  const swap = (a: number, b: number) => {
    [items[a], items[b]] = [items[b]!, items[a]!];
  };
  return {
    peek: (): number | undefined => items[0],
    clear: () => void items.splice(0),
    push(value: number) {
      items.push(value);
      for (let i = items.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (items[parent]! <= items[i]!) break;
        swap(i, parent);
        i = parent;
      }
    },
    pop(): void {
      const last = items.pop();
      if (last === undefined || items.length === 0) return;
      items[0] = last;
      for (let i = 0; ;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && items[left]! < items[smallest]!) smallest = left;
        if (right < items.length && items[right]! < items[smallest]!) smallest = right;
        if (smallest === i) return;
        swap(i, smallest);
        i = smallest;
      }
    },
  };
}
