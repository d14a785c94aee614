/**
 * The readers-per-minute series as CSV (GET /api/blogs/:blogId/stats.csv), for a newsroom's
 * spreadsheet: RFC 4180 (CRLF lines, quoted cells where needed) with a header row. Each cell is
 * written so that no spreadsheet runs it as a formula: today's cells are times and numbers, and
 * this keeps that true for any column added later.
 */
import type { ReaderMinute } from "../../shared/engagement.js";

/** The characters a spreadsheet starts a formula with (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: a number as it is; text quoted when it must be, and never read as a formula. */
export function csvCell(value: string | number): string {
  if (typeof value === "number") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvRow = (cells: readonly (string | number)[]) =>
  `${cells.map(csvCell).join(",")}\r\n`;

/** The series, oldest minute first: `minute_utc,readers`. */
export const readersCsv = (series: readonly ReaderMinute[]): string =>
  csvRow(["minute_utc", "readers"]) +
  series.map((minute) => csvRow([minute.minute, minute.readers])).join("");

/** The name the download is saved as; a blog id is a slug, so it needs no quoting. */
export const readersCsvName = (blogId: string) => `${blogId}-readers.csv`;
