/**
 * Room broadcasts in slices. An event for 10,000 readers is 10,000 socket writes; in one go they
 * hold the event loop for hundreds of milliseconds on a busy machine, and everything else waits
 * behind them: HTTP requests, other blogs, and Redis replies, whose command timeouts then fire
 * before the reply is read (an editor's POST fails with 503 though Redis answered in time).
 *
 * So the audience is fixed when a broadcast is handed over, which is what the subscribe ack
 * relies on (see socket-server.ts), and written to one slice per turn of the event loop.
 * Broadcasts go out in the order they were handed over, so each reader still gets a blog's
 * events in seq order. A room no larger than a slice, with nothing queued, is sent at once.
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

export function createSlicedBroadcaster<Target>({
  members,
  to,
  slice = BROADCAST_SLICE,
}: SlicedBroadcastOptions<Target>) {
  const queue: { audience: string[]; sent: number; send: (target: Target) => void }[] = [];
  let draining = false;

  const drain = () => {
    const job = queue[0];
    if (!job) {
      draining = false;
      return;
    }
    const ids = job.audience.slice(job.sent, job.sent + slice);
    job.sent += ids.length;
    if (job.sent >= job.audience.length) queue.shift();
    job.send(to(ids));
    setImmediate(drain);
  };

  /** Sends to everyone in `room` at this moment: `send` emits on the target, once per slice. */
  return function broadcast(room: string, send: (target: Target) => void): void {
    const audience = members(room);
    if (!audience || audience.size === 0) return;
    if (audience.size <= slice && queue.length === 0) {
      send(to(room));
      return;
    }
    queue.push({ audience: [...audience], sent: 0, send });
    if (!draining) {
      draining = true;
      setImmediate(drain);
    }
  };
}
