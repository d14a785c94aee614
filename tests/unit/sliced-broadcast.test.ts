/**
 * Large-room broadcasts go out in slices so the event loop keeps serving everything else; each
 * reader must still get every broadcast once and in order, and only those in the room when the
 * broadcast was handed over get it (later joiners get it from their subscribe ack instead).
 */
import { describe, expect, it } from "vitest";
import { createSlicedBroadcaster } from "../../server/realtime/sliced-broadcast.js";

/** A room of readers that records what each one received. */
function room(size: number) {
  const members = new Set(Array.from({ length: size }, (_, i) => `r${i}`));
  const received = new Map<string, number[]>();
  const sliceSizes: number[] = [];
  const broadcast = createSlicedBroadcaster({
    members: (name) => (name === "blog:a" ? members : undefined),
    to: (rooms) => ({
      emit(seq: number) {
        const ids = typeof rooms === "string" ? [...members] : rooms;
        sliceSizes.push(ids.length);
        for (const id of ids) received.set(id, [...(received.get(id) ?? []), seq]);
      },
    }),
    slice: 10,
  });
  const send = (seq: number) => broadcast("blog:a", (to) => to.emit(seq));
  return { members, received, sliceSizes, send };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("sliced broadcasts", () => {
  it("gives every reader of a large room every event once, in order, a slice per turn of the loop", async () => {
    const { received, sliceSizes, send } = room(35);
    for (let seq = 1; seq <= 3; seq++) send(seq);
    expect(received.size).toBe(0);
    await settle();
    expect(received.size).toBe(35);
    for (const seqs of received.values()) expect(seqs).toEqual([1, 2, 3]);
    expect(Math.max(...sliceSizes)).toBe(10);
  });

  it("lets other work run between slices", async () => {
    const { received, send } = room(50);
    send(1);
    const seen: number[] = [];
    setImmediate(() => seen.push(received.size));
    await settle();
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[0]).toBeLessThan(50);
  });

  it("sends only to those in the room when the broadcast was handed over", async () => {
    const { members, received, send } = room(25);
    send(1);
    members.add("late");
    send(2);
    await settle();
    expect(received.get("late")).toEqual([2]);
    expect(received.get("r0")).toEqual([1, 2]);
  });

  it("sends to a small room at once when nothing is queued", () => {
    const { received, send } = room(5);
    send(1);
    expect([...received.values()]).toEqual(Array.from({ length: 5 }, () => [1]));
  });
});
