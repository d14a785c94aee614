/**
 * Text-to-HTML helpers shared by the server pages and the browser client. Everything that comes
 * from an editor or a reader (titles, headlines, names) goes through `escapeHtml` before it
 * touches markup; only `Entry.html`, sanitized on the server at write time, is inserted as is.
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/**
 * An embed card's consent gate (shared/embeds/card.ts) is controls, not text: what remains of
 * the card is its caption, "Provider: <link>".
 */
const withoutEmbedGates = (html: string) =>
  html.replace(/<div class="embed-gate">[\s\S]*?<\/div>/g, " ");

/** Elements that end a line of text: their tags separate what is on either side of them. */
const BLOCK_TAG =
  /<\/?(p|br|li|ul|ol|dl|dt|dd|blockquote|h[1-6]|pre|hr|div|figure|figcaption|table|tr|td|th)\b[^>]*>/gi;

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1] === "x" || name[1] === "X"
          ? parseInt(name.slice(2), 16)
          : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The readable text of sanitized HTML, whitespace collapsed: for excerpts, feed titles and the
 * JSON-LD articleBody. Paragraphs, list items, headings, captions and line breaks are separated
 * by a space, or with `lines` each on a line of its own (so that a list item with no full stop
 * does not run into the next one). Not a sanitizer; its output must still be escaped before it
 * becomes markup.
 */
export function plainText(html: string, { lines = false }: { lines?: boolean } = {}): string {
  const text = decodeEntities(
    withoutEmbedGates(html)
      // Whitespace in the markup is a space (a soft line break in a paragraph too); only the
      // block tags break lines.
      .replace(/\s+/g, " ")
      .replace(BLOCK_TAG, "\n")
      .replace(/<[^>]*>/g, ""),
  );
  return text
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join(lines ? "\n" : " ");
}

/** Cuts text at a word boundary to at most `max` characters, adding an ellipsis when it cut. */
export function excerpt(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  // The cut fell right before a space: it is already at a word boundary.
  if (/\s/.test(text[max - 1] ?? "")) return `${cut.trimEnd()}…`;
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * JSON that is safe inside a `<script type="application/json">` (or ld+json) element: `<`, `>`
 * and `&` are escaped so that a `</script>` in an editor's text cannot end the element early.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
