import { describe, expect, it } from "vitest";
import { coalesced, coalescedBy } from "../../server/store/coalesced.js";

/** A read whose runs the test ends one by one; each run answers the "saved" value it began with. */
function controlledRead() {
  let saved = 0;
  const runs: { began: number; end(): void; fail(err: Error): void }[] = [];
  const read = () =>
    new Promise<number>((resolve, reject) => {
      const began = saved;
      runs.push({ began, end: () => resolve(began), fail: reject });
    });
  return { read, runs, save: () => (saved += 1) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("coalesced", () => {
  it("runs the read at most twice however many callers ask while it is in flight", async () => {
    const { read, runs } = controlledRead();
    const list = coalesced(read);
    const answers = Array.from({ length: 100 }, () => list());
    await settle();
    expect(runs).toHaveLength(1);
    runs[0]!.end();
    await settle();
    expect(runs).toHaveLength(2);
    runs[1]!.end();
    await Promise.all(answers);
    expect(runs).toHaveLength(2);
  });

  it("answers a caller with a read begun after it asked: what was saved before is in it", async () => {
    const { read, runs, save } = controlledRead();
    const list = coalesced(read);
    const first = list();
    save(); // a blog created while the first read is in flight
    const second = list();
    runs[0]!.end();
    await settle();
    runs[1]!.end();
    expect([await first, await second]).toEqual([0, 1]);
  });

  it("gives the callers of a failed run its error, and the next callers a run of their own", async () => {
    const { read, runs } = controlledRead();
    const list = coalesced(read);
    const failing = list();
    const queued = list();
    runs[0]!.fail(new Error("Redis is away"));
    await expect(failing).rejects.toThrow("Redis is away");
    await settle();
    runs[1]!.end();
    expect(await queued).toBe(0);
    const later = list();
    expect(runs).toHaveLength(3);
    runs[2]!.end();
    expect(await later).toBe(0);
  });
});

describe("coalescedBy", () => {
  it("shares the reads of each key on their own", async () => {
    const began: string[] = [];
    const ends: (() => void)[] = [];
    const read = coalescedBy(
      (key: string) =>
        new Promise<string>((resolve) => {
          began.push(key);
          ends.push(() => resolve(key));
        }),
    );
    const answers = ["a", "b", "a", "b", "a"].map((key) => read(key));
    await settle();
    expect(began).toEqual(["a", "b"]);
    ends.splice(0).forEach((end) => end());
    await settle();
    expect(began).toEqual(["a", "b", "a", "b"]);
    ends.splice(0).forEach((end) => end());
    expect(await Promise.all(answers)).toEqual(["a", "b", "a", "b", "a"]);
    // Nothing in flight: the next call of a key starts at once.
    void read("a");
    expect(began).toHaveLength(5);
    ends.splice(0).forEach((end) => end());
  });
});
