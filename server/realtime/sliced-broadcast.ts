/**
 * Room broadcasts in slices. An event for 10,000 readers is 10,000 socket writes; in one go they
 * hold the event loop for hundreds of milliseconds on a busy machine, and everything else waits
 * behind them: HTTP requests, other blogs, and Redis replies, whose command timeouts then fire
 * before the reply is read (an editor's POST fails with 503 though Redis answered in time).
 *
 * So the audience is fixed when a broadcast is handed over, which is what the subscribe ack
 * relies on (see socket-server.ts), and written to one slice per turn of the event loop.
 *
 * Each room has its own queue, and the rooms with work take turns, one slice each (round-robin):
 * with one global queue, a blog with 100,000 readers made every small blog's events wait behind
 * all 200 of its slices. Now a room waits for at most one slice of each other busy room per
 * slice of its own. Within a room, broadcasts go out in the order they were handed over, so each
 * reader still gets a blog's events in seq order. A room no larger than a slice, with nothing
 * queued for it, is sent at once, whatever other rooms have queued.
 */
/** Sockets written to per turn of the event loop (about 10-20 ms of work here). */
export const BROADCAST_SLICE = 500;

export interface SlicedBroadcastOptions<Target> {
  /** The ids of the sockets in a room right now. */
  members(room: string): ReadonlySet<string> | undefined;
  /** What to emit on for these rooms; a socket's id is a room holding just that socket. */
  to(rooms: string | string[]): Target;
  slice?: number;
}

interface Job<Target> {
  audience: string[];
  sent: number;
  send: (target: Target) => void;
}

export function createSlicedBroadcaster<Target>({
  members,
  to,
  slice = BROADCAST_SLICE,
}: SlicedBroadcastOptions<Target>) {
  // The rooms with queued broadcasts, in turn order: the next to be served is the first key,
  // and a room served moves to the end (delete + set), so taking turns costs O(1).
  const queues = new Map<string, Job<Target>[]>();
  let draining = false;

  const drain = () => {
    const next = queues.entries().next();
    if (next.done) {
      draining = false;
      return;
    }
    const [room, jobs] = next.value;
    const job = jobs[0]!;
    const ids = job.audience.slice(job.sent, job.sent + slice);
    job.sent += ids.length;
    if (job.sent >= job.audience.length) jobs.shift();
    queues.delete(room);
    if (jobs.length > 0) queues.set(room, jobs);
    job.send(to(ids));
    setImmediate(drain);
  };

  /** Sends to everyone in `room` at this moment: `send` emits on the target, once per slice. */
  return function broadcast(room: string, send: (target: Target) => void): void {
    const audience = members(room);
    if (!audience || audience.size === 0) return;
    const queued = queues.get(room);
    if (audience.size <= slice && !queued) {
      send(to(room));
      return;
    }
    const job = { audience: [...audience], sent: 0, send };
    if (queued) queued.push(job);
    else queues.set(room, [job]);
    if (!draining) {
      draining = true;
      setImmediate(drain);
    }
  };
}
