/**
 * Who a blog's live events go to, and what each is sent. Readers render `html` and never the
 * Markdown `body`, which is about half of every entry event: at 20,000 readers it was half the
 * bytes every instance wrote and every reader parsed. So a blog's followers are two rooms: its
 * readers, sent ReaderLiveEvents, and the people whose socket came with a desk session (they
 * edit the Markdown), sent the full LiveEvent. Each event is made into its reader form once,
 * whoever and however often it is sent (live, in subscribe acks, from the relay's memory).
 */
import type { Entry, LiveEvent, ReaderEntry, ReaderLiveEvent } from "../../shared/schemas.js";

/** The room of a blog's readers, or of its followers from the desk (`desk`). */
export const liveRoom = (blogId: string, desk: boolean) =>
  desk ? `blog-desk:${blogId}` : `blog:${blogId}`;

const readerForms = new WeakMap<LiveEvent, ReaderLiveEvent>();

/** The event as readers get it: the same event without the entry's `body`, made once per event. */
export function forReaders(event: LiveEvent): ReaderLiveEvent {
  if (!event.entry) return event;
  let form = readerForms.get(event);
  if (!form) {
    const entry: Partial<Entry> = { ...event.entry };
    delete entry.body;
    form = { ...event, entry: entry as ReaderEntry };
    readerForms.set(event, form);
  }
  return form;
}

/** Events as a follower gets them: full for the desk, without `body` for readers. */
export const eventsFor = (desk: boolean, events: LiveEvent[]): ReaderLiveEvent[] =>
  desk ? events : events.map(forReaders);
