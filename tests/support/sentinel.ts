/**
 * "Nothing more arrives", proven with a sentinel instead of a sleep. After a sleep, an event that
 * should not come, or a duplicate, passes the test by merely coming late. A reader gets a blog's
 * events in seq order over its one socket, so an entry posted after everything else reaches it
 * after whatever was sent to it before: once the sentinel is there, nothing older is on its way.
 */
import type { ReaderLiveEvent } from "../../shared/schemas.js";
import { textOf, type TestReader } from "./reader.js";
import { waitFor } from "./wait.js";

let sentinels = 0;

/**
 * Posts a sentinel entry with `post` (on a blog every reader follows), waits until each reader
 * has it, and returns, reader by reader, every event it received before the sentinel.
 */
export async function eventsBeforeSentinel(
  readers: readonly TestReader[],
  post: (body: string) => Promise<unknown>,
): Promise<ReaderLiveEvent[][]> {
  const body = `sentinel ${++sentinels}`;
  await post(body);
  const isSentinel = (event: ReaderLiveEvent) =>
    event.type === "entry.created" && textOf(event) === body;
  await waitFor(() => readers.every((reader) => reader.events.some(isSentinel)), {
    what: `every reader to get "${body}"`,
  });
  return readers.map((reader) => reader.events.slice(0, reader.events.findIndex(isSentinel)));
}
