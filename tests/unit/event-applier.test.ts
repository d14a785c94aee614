import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEventApplier, type SeqGap } from "../../shared/event-applier.js";

interface Ev {
  seq: number;
}
const ev = (seq: number): Ev => ({ seq });

function harness(seq = 0) {
  const applied: number[] = [];
  const gaps: SeqGap[] = [];
  const applier = createEventApplier<Ev>({
    seq,
    apply: (e) => applied.push(e.seq),
    onGap: (gap) => gaps.push(gap),
  });
  return { applier, applied, gaps };
}

describe("event applier", () => {
  it("applies events that arrive in order, one by one", () => {
    const { applier, applied, gaps } = harness(4);
    expect([5, 6, 7].map((s) => applier.push(ev(s)))).toEqual(["applied", "applied", "applied"]);
    expect(applied).toEqual([5, 6, 7]);
    expect(applier.seq).toBe(7);
    expect(gaps).toEqual([]);
  });

  it("drops duplicates and anything the page already reflects", () => {
    const { applier, applied } = harness(4);
    expect(applier.push(ev(3))).toBe("duplicate");
    expect(applier.push(ev(4))).toBe("duplicate");
    applier.push(ev(5));
    expect(applier.push(ev(5))).toBe("duplicate");
    expect(applied).toEqual([5]);
  });

  it("holds events after a gap, reports the gap once, and applies them when it closes", () => {
    const { applier, applied, gaps } = harness(0);
    applier.push(ev(1));
    expect(applier.push(ev(4))).toBe("buffered");
    expect(applier.push(ev(3))).toBe("buffered");
    expect(applier.push(ev(4))).toBe("duplicate");
    expect(applied).toEqual([1]);
    expect(gaps).toEqual([{ from: 2, to: 3 }]);
    expect(applier.gap).toEqual({ from: 2, to: 2 });
    expect(applier.buffered).toBe(2);

    applier.push(ev(2));
    expect(applied).toEqual([1, 2, 3, 4]);
    expect(applier.gap).toBeNull();
    expect(applier.buffered).toBe(0);
  });

  it("reports a second hole after the first one closed", () => {
    const { applier, gaps } = harness(0);
    applier.push(ev(2));
    applier.push(ev(5));
    applier.push(ev(1));
    expect(gaps).toEqual([
      { from: 1, to: 1 },
      { from: 3, to: 4 },
    ]);
  });

  it("after a resync, forgets what the reloaded state covers and applies what follows on", () => {
    const { applier, applied } = harness(2);
    applier.push(ev(9));
    applier.push(ev(11));
    applier.push(ev(12));
    applier.reset(10);
    expect(applier.seq).toBe(12);
    expect(applied).toEqual([11, 12]);
    expect(applier.gap).toBeNull();
  });

  it("buffers 200,000 events that arrive in reverse order and applies them all in order", () => {
    // The old minimum search spread the buffer into Math.min: quadratic, and past ~120,000
    // waiting events a "Maximum call stack size exceeded" that would kill the live page.
    const n = 200_000;
    const { applier, applied, gaps } = harness(0);
    const outcomes = new Set<string>();
    for (let seq = n; seq >= 2; seq--) outcomes.add(applier.push(ev(seq)));
    expect([...outcomes]).toEqual(["buffered"]);
    expect(applier.buffered).toBe(n - 1);
    expect(applier.gap).toEqual({ from: 1, to: 1 });
    // The hole only ever grows at its end, so it is reported once, when the first event waits.
    expect(gaps).toEqual([{ from: 1, to: n - 1 }]);

    expect(applier.push(ev(1))).toBe("applied");
    expect(applied).toHaveLength(n);
    expect(applied.every((seq, i) => seq === i + 1)).toBe(true);
    expect(applier.seq).toBe(n);
    expect(applier.gap).toBeNull();
    expect(applier.buffered).toBe(0);
  });

  it("after a resync far ahead, drops every buffered event the reloaded state covers", () => {
    const { applier, applied } = harness(0);
    for (let seq = 1_000; seq >= 2; seq -= 2) applier.push(ev(seq));
    applier.reset(500);
    expect(applier.buffered).toBe(250);
    expect(applier.gap).toEqual({ from: 501, to: 501 });
    applier.push(ev(501));
    expect(applied).toEqual([501, 502]);
    expect(applier.gap).toEqual({ from: 503, to: 503 });
  });

  it("applies every seq exactly once and in order, whatever the arrival order and duplicates", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.shuffledSubarray(
              Array.from({ length: n * 2 }, (_, i) => (i % n) + 1),
              { minLength: n * 2, maxLength: n * 2 },
            ),
          ),
        ),
        ([n, arrivals]) => {
          const { applier, applied } = harness(0);
          for (const seq of arrivals) applier.push(ev(seq));
          expect(applied).toEqual(Array.from({ length: n }, (_, i) => i + 1));
          expect(applier.gap).toBeNull();
        },
      ),
    );
  });

  it("reports the same gap as a scan of the buffer would, through pushes and resyncs", () => {
    type Op = { push: number } | { reset: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: 1, max: 60 }).map((push) => ({ push })) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 60 }).map((reset) => ({ reset })) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const { applier } = harness(0);
        let seq = 0;
        const waiting = new Set<number>();
        for (const step of ops) {
          if ("push" in step) {
            if (step.push > seq) waiting.add(step.push);
            applier.push(ev(step.push));
          } else {
            // The reloaded state is the truth, even behind what was applied.
            seq = step.reset;
            applier.reset(step.reset);
          }
          seq = Math.max(seq, applier.seq);
          for (const key of waiting) if (key <= seq) waiting.delete(key);
          const lowest = waiting.size === 0 ? null : Math.min(...waiting);
          expect(applier.buffered).toBe(waiting.size);
          expect(applier.gap).toEqual(lowest === null ? null : { from: seq + 1, to: lowest - 1 });
        }
      }),
    );
  });
});
