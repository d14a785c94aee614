/** The readers-per-minute CSV: RFC 4180 lines, and no cell a spreadsheet would run as a formula. */
import { describe, expect, it } from "vitest";
import { csvCell, readersCsv, readersCsvName } from "../../server/engagement/readers-csv.js";

describe("the readers CSV", () => {
  it("has a header row and one CRLF line per minute, oldest first", () => {
    expect(
      readersCsv([
        { minute: "2026-03-29T09:00:00.000Z", readers: 12 },
        { minute: "2026-03-29T09:01:00.000Z", readers: 0 },
      ]),
    ).toBe("minute_utc,readers\r\n2026-03-29T09:00:00.000Z,12\r\n2026-03-29T09:01:00.000Z,0\r\n");
  });

  it("is only the header row for an empty series", () => {
    expect(readersCsv([])).toBe("minute_utc,readers\r\n");
  });

  it("quotes a cell with a comma, a quote or a line break, doubling its quotes", () => {
    expect(csvCell('Ana, "Bo"')).toBe('"Ana, ""Bo"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("plain")).toBe("plain");
  });

  it("never starts a text cell with what a spreadsheet reads as a formula", () => {
    for (const formula of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
      expect(csvCell(formula)).toMatch(/^"?'/);
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    // Numbers are numbers: a negative count stays a number.
    expect(csvCell(-1)).toBe("-1");
  });

  it("is saved under the blog's id", () => {
    expect(readersCsvName("election-night")).toBe("election-night-readers.csv");
  });
});
