/**
 * The desk's poll editor as a request (client/admin/poll-input.ts): what is sent for a new poll,
 * a changed one, a removed one, and nothing for one left as it was (a poll whose closing time
 * has passed could not be sent again); what is wrong said before sending, with its field.
 */
import { describe, expect, it } from "vitest";
import { pollFieldsOf, readPollFields, type PollFields } from "../../client/admin/poll-input.js";
import type { Poll } from "../../shared/schemas.js";

const now = Date.parse("2026-03-29T10:00:00Z");
const fields = (over: Partial<PollFields> = {}): PollFields => ({
  on: true,
  question: "Who wins?",
  options: ["Ana", "Bo"],
  closesAt: "",
  ...over,
});
const current: Poll = {
  id: "pollAAAA1111",
  question: "Who wins?",
  options: ["Ana", "Bo"],
  closesAt: "2026-03-29T09:00:00.000Z",
  closedAt: null,
};
/** `iso` as the datetime-local field shows it, in this process's zone. */
const local = (iso: string) => pollFieldsOf({ ...current, closesAt: iso }).closesAt;

describe("a new entry's poll", () => {
  it("is left out while the editor added none", () => {
    expect(readPollFields(fields({ on: false }), null, now)).toEqual({ ok: true });
  });

  it("is sent trimmed, with its closing time as UTC, or none", () => {
    expect(
      readPollFields(fields({ question: " Who wins? ", options: [" Ana", "Bo "] }), null, now),
    ).toEqual({
      ok: true,
      poll: { question: "Who wins?", options: ["Ana", "Bo"], closesAt: null },
    });
    const at = "2026-03-29T12:30:00.000Z";
    expect(readPollFields(fields({ closesAt: local(at) }), null, now)).toMatchObject({
      ok: true,
      poll: { closesAt: at },
    });
  });

  it("says what is missing or wrong, and where", () => {
    expect(readPollFields(fields({ question: " " }), null, now)).toMatchObject({
      ok: false,
      message: "Write the poll's question.",
      field: { name: "question" },
    });
    expect(readPollFields(fields({ options: ["Ana", " ", "Cem"] }), null, now)).toMatchObject({
      ok: false,
      message: "Fill in option 2 of the poll, or remove it.",
      field: { name: "option", index: 1 },
    });
    expect(readPollFields(fields({ options: ["Ana", "Bo", "Ana "] }), null, now)).toMatchObject({
      ok: false,
      message: "Option 3 of the poll repeats option 1.",
      field: { name: "option", index: 2 },
    });
    expect(
      readPollFields(fields({ closesAt: local("2026-03-29T09:59:00.000Z") }), null, now),
    ).toMatchObject({ ok: false, field: { name: "closesAt" } });
  });
});

describe("an entry's poll edited", () => {
  it("is left out when nothing changed, even past its closing time", () => {
    expect(readPollFields(pollFieldsOf(current), current, now)).toEqual({ ok: true });
  });

  it("is removed with null", () => {
    expect(readPollFields(fields({ on: false }), current, now)).toEqual({ ok: true, poll: null });
  });

  it("asks for a new closing time when a changed poll keeps one that has passed", () => {
    const changed = { ...pollFieldsOf(current), question: "Who will win?" };
    expect(readPollFields(changed, current, now)).toMatchObject({
      ok: false,
      message: "The poll's closing time has passed: choose a later one, or clear it.",
    });
    expect(readPollFields({ ...changed, closesAt: "" }, current, now)).toEqual({
      ok: true,
      poll: { question: "Who will win?", options: ["Ana", "Bo"], closesAt: null },
    });
  });

  it("keeps the exact closing time of a poll whose options changed but whose time did not", () => {
    const later = { ...current, closesAt: "2026-03-29T18:00:30.000Z" };
    expect(
      readPollFields({ ...pollFieldsOf(later), options: ["Ana", "Bo", "Cem"] }, later, now),
    ).toEqual({
      ok: true,
      poll: { question: "Who wins?", options: ["Ana", "Bo", "Cem"], closesAt: later.closesAt },
    });
  });
});
