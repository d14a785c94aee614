/**
 * The admin password generated at a first start, said again as the last thing start-up prints,
 * in a box: the first mention comes before the demo blog and the "running" line, and in a
 * terminal the request log soon scrolls it away.
 */

/** A box of `lines` drawn with box-drawing characters, indented by two spaces, one line each. */
export function box(lines: string[]): string {
  const width = Math.max(...lines.map((line) => line.length));
  const rule = "─".repeat(width + 2);
  return [`  ┌${rule}┐`, ...lines.map((line) => `  │ ${line.padEnd(width)} │`), `  └${rule}┘`].join(
    "\n",
  );
}

/**
 * What to log after start-up: a box for people reading a terminal (`pretty`), one line for a
 * JSON log, where a box would be a string full of `\n`.
 */
export function firstPasswordNotice(password: string, adminUrl: string, pretty: boolean): string {
  if (!pretty) {
    return `Log in at ${adminUrl} as "admin" with the password ${password} (generated at this start and shown only now; set ADMIN_PASSWORD to choose it).`;
  }
  return `\n${box([
    `Log in at ${adminUrl}`,
    `  name:      admin`,
    `  password:  ${password}`,
    "Generated at this start and shown only now;",
    "set ADMIN_PASSWORD to choose it.",
  ])}`;
}
