/**
 * Publishes scheduled entries when they are due. Every instance runs one: each asks the store
 * for the due drafts about twice a second and publishes them, and since publishing a draft is
 * one atomic store step, the first instance to ask wins and the others are told it is no longer
 * a draft. Nothing is held here: a schedule lives in the store, so it survives the restart of
 * every instance (and is published as soon as one is back, if its time passed meanwhile).
 */
import type { Logger } from "pino";
import type { Entry } from "../../shared/schemas.js";
import { AppError } from "../errors.js";
import type { DraftStore, DueDraft } from "../store/port.js";

/** How often the store is asked: a due entry is published within about this, plus the publish. */
export const SCHEDULER_INTERVAL_MS = 500;
/** Due drafts handled per poll; more wait for the next one (a burst at 18:00 takes a few polls). */
const BATCH = 50;

export interface SchedulerOptions {
  drafts: Pick<DraftStore, "dueDrafts">;
  /** Publishes one due draft (the desk workflow's publishDue, which records it). */
  publish(due: DueDraft): Promise<Entry>;
  log: Logger;
  intervalMs?: number;
  clock?: () => Date;
}

export function startScheduler({
  drafts,
  publish,
  log,
  intervalMs = SCHEDULER_INTERVAL_MS,
  clock = () => new Date(),
}: SchedulerOptions) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  // One line per outage of the store, not one per poll.
  let failing = false;

  async function poll() {
    try {
      const due = await drafts.dueDrafts(clock().toISOString(), BATCH);
      for (const draft of due) {
        try {
          const entry = await publish(draft);
          log.info(
            { blogId: draft.blogId, entryId: entry.id, seq: entry.seq },
            "published a scheduled entry",
          );
        } catch (err) {
          // Another instance was first, or it was moved, cancelled or withdrawn meanwhile.
          if (err instanceof AppError && err.code === "not_a_draft") continue;
          throw err;
        }
      }
      if (failing) log.info("scheduled entries are being published again");
      failing = false;
    } catch (err) {
      if (!failing) log.warn({ err }, "could not publish scheduled entries; retrying");
      failing = true;
    }
  }

  const next = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = poll().finally(next);
    }, intervalMs);
    // The server's sockets keep the process alive, not this.
    timer.unref();
  };
  next();

  return {
    /** Stops polling and waits for a poll under way (so the store can be closed after it). */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export type Scheduler = ReturnType<typeof startScheduler>;
