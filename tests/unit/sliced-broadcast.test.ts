/**
 * Large-room broadcasts go out in slices so the event loop keeps serving everything else; each
 * reader must still get every broadcast once and in order, and only those in the room when the
 * broadcast was handed over get it (later joiners get it from their subscribe ack instead).
 * Rooms take turns, so a huge room cannot hold back the events of the others.
 */
import { describe, expect, it } from "vitest";
import { createSlicedBroadcaster } from "../../server/realtime/sliced-broadcast.js";
import { waitFor } from "../support/wait.js";

const SLICE = 10;

/** Rooms of readers that record what each one received, and every write in the order made. */
function site(sizes: Record<string, number>) {
  const rooms = new Map(
    Object.entries(sizes).map(([name, size]) => [
      name,
      new Set(Array.from({ length: size }, (_, i) => `${name}:r${i}`)),
    ]),
  );
  const received = new Map<string, number[]>();
  /** One line per write: the room it was for and how many sockets it reached. */
  const writes: { room: string; sockets: number }[] = [];
  const broadcast = createSlicedBroadcaster({
    members: (name) => rooms.get(name),
    to: (target) => ({
      emit(room: string, seq: number) {
        const ids = typeof target === "string" ? [...rooms.get(target)!] : target;
        writes.push({ room, sockets: ids.length });
        for (const id of ids) received.set(id, [...(received.get(id) ?? []), seq]);
      },
    }),
    slice: SLICE,
  });
  const send = (room: string, seq: number) => broadcast(room, (to) => to.emit(room, seq));
  /** Whether every reader of `room` has received `seqs` (and nothing else). */
  const got = (room: string, seqs: number[]) =>
    [...rooms.get(room)!].every((id) => received.get(id)?.join() === seqs.join());
  return { rooms, received, writes, send, got };
}

describe("sliced broadcasts", () => {
  it("gives every reader of a large room every event once, in order, a slice per turn of the loop", async () => {
    const { received, writes, send, got } = site({ a: 35 });
    for (let seq = 1; seq <= 3; seq++) send("a", seq);
    expect(received.size).toBe(0);
    await waitFor(() => got("a", [1, 2, 3]), { intervalMs: 1, what: "all three events" });
    expect(received.size).toBe(35);
    expect(Math.max(...writes.map((write) => write.sockets))).toBe(SLICE);
  });

  it("lets other work run between slices", async () => {
    const { received, send, got } = site({ a: 50 });
    send("a", 1);
    const seen: number[] = [];
    setImmediate(() => seen.push(received.size));
    await waitFor(() => got("a", [1]), { intervalMs: 1, what: "the event" });
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[0]).toBeLessThan(50);
  });

  it("sends only to those in the room when the broadcast was handed over", async () => {
    const { rooms, received, send } = site({ a: 25 });
    send("a", 1);
    rooms.get("a")!.add("late");
    send("a", 2);
    await waitFor(() => received.get("a:r24")?.length === 2, { intervalMs: 1, what: "event 2" });
    expect(received.get("late")).toEqual([2]);
    expect(received.get("a:r0")).toEqual([1, 2]);
  });

  it("sends to a small room at once when nothing is queued", () => {
    const { received, send } = site({ a: 5 });
    send("a", 1);
    expect([...received.values()]).toEqual(Array.from({ length: 5 }, () => [1]));
  });

  it("sends to a small room at once while a huge room's broadcast is still being written", async () => {
    const { received, writes, send, got } = site({ huge: 100 * SLICE, small: 5 });
    send("huge", 1);
    send("small", 7);
    expect(got("small", [7])).toBe(true);
    expect(writes.filter((write) => write.room === "huge")).toEqual([]);
    await waitFor(() => got("huge", [1]), { intervalMs: 1, what: "the huge room's event" });
    expect(received.size).toBe(100 * SLICE + 5);
  });

  it("serves rooms in turn: a room handed over after a huge one waits one huge slice per slice of its own", async () => {
    // `next` is larger than a slice, so it queues too; with one global queue it waited for all
    // 100 slices of `huge`.
    const { writes, send, got } = site({ huge: 100 * SLICE, next: 2 * SLICE + 5 });
    send("huge", 1);
    send("next", 1);
    await waitFor(() => got("huge", [1]) && got("next", [1]), {
      intervalMs: 1,
      what: "both rooms' events",
    });
    const lastOfNext = writes.findLastIndex((write) => write.room === "next");
    const hugeSlicesBefore = writes.slice(0, lastOfNext).filter((write) => write.room === "huge");
    expect(hugeSlicesBefore).toHaveLength(3);
    expect(writes.filter((write) => write.room === "huge")).toHaveLength(100);
    expect(writes.slice(0, 6).map((write) => write.room)).toEqual([
      "huge",
      "next",
      "huge",
      "next",
      "huge",
      "next",
    ]);
  });

  it("keeps each room's broadcasts in the order handed over while rooms take turns", async () => {
    const { send, got, received } = site({ a: 3 * SLICE, b: 2 * SLICE, c: 4 });
    for (let seq = 1; seq <= 4; seq++) {
      send("a", seq);
      send("b", seq * 10);
      send("c", seq * 100);
    }
    await waitFor(() => got("a", [1, 2, 3, 4]) && got("b", [10, 20, 30, 40]), {
      intervalMs: 1,
      what: "every event in rooms a and b",
    });
    // A small room whose first broadcast went out at once has nothing queued: all at once.
    expect(got("c", [100, 200, 300, 400])).toBe(true);
    expect(received.size).toBe(3 * SLICE + 2 * SLICE + 4);
  });

  it("queues a small room behind its own unfinished broadcast, so its readers keep the order", async () => {
    const { rooms, received, send, got } = site({ shrinking: 2 * SLICE + 5 });
    send("shrinking", 1);
    // Most readers leave while event 1 is still going out: the room is small now, but event 2
    // must not overtake event 1 for those who stayed.
    const room = rooms.get("shrinking")!;
    for (const id of [...room].slice(3)) room.delete(id);
    send("shrinking", 2);
    expect(received.get("shrinking:r0")).toBeUndefined();
    await waitFor(() => got("shrinking", [1, 2]), { intervalMs: 1, what: "both events" });
    expect(received.get("shrinking:r24")).toEqual([1]);
  });
});
