/**
 * What a refused request says, in words a newcomer understands: a zod error map that turns each
 * kind of issue into the end of a sentence whose subject is the field ("body" + "is too long: at
 * most 20,000 characters, it has 20,001"). Messages a schema sets itself ("must not be empty")
 * take precedence over these, as zod gives a schema's own message priority over a parse's map.
 */
import type { z } from "zod";

type RawIssue = z.core.$ZodRawIssue;

const count = (n: number | bigint) => Number(n).toLocaleString("en-US");

/** "a, b and c" (or "a, b or c"), for lists a person reads. */
const listed = (items: readonly unknown[], last = "and") =>
  items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} ${last} ${String(items.at(-1))}`;

const EXPECTED: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a JSON object",
  array: "a list",
  null: "null",
};

/** What a JSON value is, in the words EXPECTED uses. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "number")
    return Number.isInteger(value) ? "a number" : `a number with a fraction (${value})`;
  if (typeof value === "string") return "text";
  if (typeof value === "boolean") return String(value);
  return typeof value === "object" ? "a JSON object" : typeof value;
}

function invalidType(issue: Extract<RawIssue, { code: "invalid_type" }>): string {
  const expected = EXPECTED[issue.expected] ?? issue.expected;
  if (issue.input === undefined) {
    // Only the whole value can be absent without a path: nothing was sent at all.
    return issue.path?.length
      ? "is missing"
      : `nothing was sent where ${expected} was expected (over HTTP: a body with Content-Type: application/json)`;
  }
  // NaN is what z.coerce made of text that is no number (a query's ?limit=abc).
  if (Number.isNaN(issue.input)) return `must be ${expected}`;
  return `must be ${expected}, not ${describe(issue.input)}`;
}

function tooBig(issue: Extract<RawIssue, { code: "too_big" }>): string {
  const limit = count(issue.maximum);
  const input = issue.input;
  switch (issue.origin) {
    case "string":
      return `is too long: at most ${limit} characters${typeof input === "string" ? `, it has ${count(input.length)}` : ""}`;
    case "array":
    case "set":
      return `has too many items: at most ${limit}`;
    default:
      return issue.inclusive === false ? `must be less than ${limit}` : `must be at most ${limit}`;
  }
}

function tooSmall(issue: Extract<RawIssue, { code: "too_small" }>): string {
  const limit = count(issue.minimum);
  switch (issue.origin) {
    case "string":
      return Number(issue.minimum) === 1
        ? "must not be empty"
        : `is too short: at least ${limit} characters`;
    case "array":
    case "set":
      return `needs at least ${limit} items`;
    default:
      return issue.inclusive === false ? `must be more than ${limit}` : `must be at least ${limit}`;
  }
}

const FORMATS: Record<string, string> = {
  datetime: "a date and time like 2026-05-01T10:00:00Z",
  url: "a URL",
  email: "an email address",
  uuid: "a UUID",
};

/** The fields an object schema takes, when the issue came from one. */
function fieldsOf(issue: RawIssue): string[] {
  const def = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def;
  return def?.shape ? Object.keys(def.shape) : [];
}

/** The zod error map of every request the server parses (server/http/validate.ts). */
export const newcomerMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return invalidType(issue);
    case "too_big":
      return tooBig(issue);
    case "too_small":
      return tooSmall(issue);
    case "invalid_format":
      return FORMATS[issue.format]
        ? `must be ${FORMATS[issue.format]}`
        : `is not in the expected form${issue.pattern ? ` (${issue.pattern})` : ""}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}`
        : `must be ${listed(issue.values.map(String), "or")}`;
    case "unrecognized_keys": {
      const known = fieldsOf(issue);
      const which = `unknown field${issue.keys.length > 1 ? "s" : ""} ${listed(issue.keys)}`;
      return known.length ? `${which} (the fields are ${listed(known)})` : which;
    }
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}`;
    case "invalid_union":
      return "is not in any of the accepted forms";
    case "invalid_key":
      return "has a key that is not valid";
    case "invalid_element":
      return "has an item that is not valid";
    default:
      return "is not valid";
  }
};
