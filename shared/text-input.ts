/**
 * Hygiene for the text editors type or paste (titles, descriptions, headlines, bodies, names):
 * one home for what is refused and what is cleaned up, used by every text field of the contract
 * (schemas.ts) and by the feed writer. Pure, so that the browser may use it as well.
 *
 * Refused: a lone UTF-16 surrogate, i.e. half of an emoji, left when text is cut inside one.
 * It has no UTF-8 form: Redis' Lua cjson rejects it and Node would store U+FFFD instead.
 * Cleaned: control characters. Word processors paste vertical tabs and form feeds, terminals
 * ESC; none of them is visible, and XML 1.0 forbids them, so one of them made the Atom feed
 * malformed and feed readers dropped the whole feed.
 */

/** What the user is told when a text field holds a lone surrogate. */
export const BROKEN_CHARACTER_MESSAGE =
  "contains a broken character (half of an emoji or symbol); paste the text again";

/**
 * True when `text` has no lone surrogate (String.prototype.isWellFormed, which the ES2023 lib
 * types lack): with the `u` flag a surrogate pair is one code point, so only a lone half is Cs.
 */
export const isWellFormedText = (text: string): boolean => !/\p{Cs}/u.test(text);

// Line breaks of other systems and documents: CR LF and CR (old Mac), vertical tab and form feed
// (word processors' line and page breaks), NEL, and the Unicode line and paragraph separators.
const LINE_BREAKS = /\r\n?|[\v\f\u0085\u2028\u2029]/g;
// Invisible controls, removed: C0 except tab and line feed (the breaks above are gone by then),
// DEL, C1, and the noncharacters U+FFFE and U+FFFF, which XML 1.0 forbids as well.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;

/** Multi-line text (body, description): every line break becomes `\n`, other controls go. */
export function normalizeMultiline(text: string): string {
  return text.replace(LINE_BREAKS, "\n").replace(CONTROLS, "");
}

/**
 * Single-line text (title, headline, name): as multi-line, then each run of breaks and tabs,
 * with the spaces around it, becomes one space.
 */
export function normalizeSingleLine(text: string): string {
  return normalizeMultiline(text).replace(/[ \t\n]*[\t\n][ \t\n]*/g, " ");
}

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu;

/** `text` without the characters XML 1.0 forbids: for writers of XML, whatever was stored. */
export const stripXmlForbidden = (text: string): string => text.replace(XML_FORBIDDEN, "");
