/**
 * What counts as new since a reader's last visit (client/reader/last-visit.ts): entries created
 * after it, not old ones edited since, and nothing when the log was reset or there was no visit.
 */
import { describe, expect, it } from "vitest";
import { unseenSince, type LastVisit } from "../../client/reader/last-visit.js";
import { atMinute, entryAt } from "../support/entries.js";

const at = atMinute;
/** An entry created at seq `seq`, minute `seq` (the server's clock). */
const entry = entryAt;
/** The reader last saw seq 5, made at minute 5. */
const visit: LastVisit = { epoch: "e1", seq: 5, at: at(5) };

describe("unseenSince", () => {
  it("counts the entries created after the visit, in the order given", () => {
    const entries = [entry("g", 7), entry("f", 6), entry("e", 5), entry("d", 4)];
    expect(unseenSince(visit, "e1", entries).map((e) => e.id)).toEqual(["g", "f"]);
  });

  it("does not count an old entry edited since, and counts a new one edited since", () => {
    const editedOld = entry("d", 4, { seq: 8, version: 2, updatedAt: at(8) });
    // Created at seq 5 itself, the last change the reader saw: edited later, still not new.
    const editedLast = entry("e", 5, { seq: 9, version: 3, updatedAt: at(9) });
    const editedNew = entry("f", 6, { seq: 10, version: 2, updatedAt: at(10) });
    expect(unseenSince(visit, "e1", [editedNew, editedLast, editedOld]).map((e) => e.id)).toEqual([
      "f",
    ]);
  });

  it("counts nothing without a visit, or when the visit belongs to another epoch (a reset log)", () => {
    const entries = [entry("g", 7)];
    expect(unseenSince(null, "e1", entries)).toEqual([]);
    expect(unseenSince(visit, "e2", entries)).toEqual([]);
  });
});
