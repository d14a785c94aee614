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
});
