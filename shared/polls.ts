/**
 * When a poll takes votes: a rule the server (the stores, the numbers) and the pages (the
 * renderer, the desk) share. Zod-free, like reactions.ts, so that the browser bundles can import
 * it (tests/security/browser-bundles.test.ts); the poll's schema is in schemas.ts.
 */
import type { Poll } from "./schemas.js";

/** Whether a poll takes votes at `now` (ms): not closed, and not past its closing time. */
export const pollIsOpen = (poll: Poll, now: number) =>
  poll.closedAt === null && (poll.closesAt === null || now < Date.parse(poll.closesAt));
