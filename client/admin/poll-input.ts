/**
 * What the poll editor's fields mean as a request: the `poll` of POST or PATCH .../entries (a
 * PollInput, null to remove it, or nothing when it did not change), or what is wrong, said before
 * sending so that the editor's text stays in the form. DOM-free, for its unit test.
 *
 * An unchanged poll is left out of the request: sending it again would be refused once its
 * closing time has passed (the server takes only future ones), and would change nothing else.
 */
import type { Poll, PollInput } from "../../shared/schemas.js";
import { toLocalInput } from "./schedule-time.js";

/** The editor's fields as typed; `closesAt` is a `datetime-local` value in the editor's zone. */
export interface PollFields {
  on: boolean;
  question: string;
  options: string[];
  closesAt: string;
}

/** Which field a problem is in: the editor moves focus there. */
export type PollField =
  { name: "question" } | { name: "option"; index: number } | { name: "closesAt" };

export type PollRead =
  { ok: true; poll?: PollInput | null } | { ok: false; message: string; field: PollField };

const sameOptions = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((option, i) => option === b[i]);

/** The fields an existing poll is edited from (its closing time in the editor's zone). */
export const pollFieldsOf = (poll: Poll | null | undefined): PollFields => ({
  on: !!poll,
  question: poll?.question ?? "",
  options: poll ? [...poll.options] : ["", ""],
  closesAt: poll?.closesAt ? toLocalInput(poll.closesAt) : "",
});

export function readPollFields(
  fields: PollFields,
  /** The poll the entry has now (undefined or null for a new entry, or one without a poll). */
  current: Poll | null | undefined,
  now = Date.now(),
): PollRead {
  if (!fields.on) return current ? { ok: true, poll: null } : { ok: true };
  const question = fields.question.trim();
  if (!question)
    return { ok: false, message: "Write the poll's question.", field: { name: "question" } };
  const options = fields.options.map((option) => option.trim());
  const empty = options.findIndex((option) => !option);
  if (empty >= 0) {
    return {
      ok: false,
      message: `Fill in option ${empty + 1} of the poll, or remove it.`,
      field: { name: "option", index: empty },
    };
  }
  const repeated = options.findIndex((option, i) => options.indexOf(option) !== i);
  if (repeated >= 0) {
    return {
      ok: false,
      message: `Option ${repeated + 1} of the poll repeats option ${options.indexOf(options[repeated]!) + 1}.`,
      field: { name: "option", index: repeated },
    };
  }
  const unchangedTime = current && fields.closesAt === pollFieldsOf(current).closesAt;
  if (current && question === current.question && sameOptions(options, current.options)) {
    if (unchangedTime) return { ok: true };
  }
  let closesAt: string | null = null;
  if (fields.closesAt) {
    // A date-time without an offset is local time (ECMAScript's rule for Date parsing).
    const at = new Date(fields.closesAt).getTime();
    if (Number.isNaN(at)) {
      return {
        ok: false,
        message: "Give the poll's closing time as a date and a time.",
        field: { name: "closesAt" },
      };
    }
    if (at <= now) {
      return {
        ok: false,
        message: "The poll's closing time has passed: choose a later one, or clear it.",
        field: { name: "closesAt" },
      };
    }
    // The minute typed, unless it is the one the poll had: then its exact time stays.
    closesAt = unchangedTime ? current.closesAt : new Date(at).toISOString();
  }
  return { ok: true, poll: { question, options, closesAt } };
}
