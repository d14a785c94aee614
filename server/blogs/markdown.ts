/**
 * Entry bodies: Markdown in, sanitized HTML out. Sanitizing happens here on the server, once, at
 * write time; whatever reaches a page is already safe. The allowlist is deliberately short.
 */
import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";
import { EMBED_CARD_SANITIZE, embedCards } from "./embed-cards.js";
import { FIGURE_SANITIZE, figures, imagesIn, type BodyImage, type MediaById } from "./figures.js";

// html: false makes raw HTML in the Markdown text, not markup; the sanitizer is the second wall.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: true });
markdown.use(embedCards);
markdown.use(figures);

/** Class lists of several plugins, tag by tag (embed cards and figures both class figure and a). */
function mergeClasses(...lists: Record<string, string[]>[]): Record<string, string[]> {
  const merged: Record<string, string[]> = {};
  for (const list of lists)
    for (const [tag, classes] of Object.entries(list))
      merged[tag] = [...(merged[tag] ?? []), ...classes];
  return merged;
}

/** The allowlist, exported for the tests that forge what Markdown cannot write. */
export const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "strong",
    "em",
    "s",
    "del",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "img",
    "hr",
    ...EMBED_CARD_SANITIZE.allowedTags,
    ...FIGURE_SANITIZE.allowedTags,
  ],
  allowedAttributes: {
    a: ["href", "title", "rel"],
    img: ["src", "alt", "title", ...FIGURE_SANITIZE.imgAttributes],
    ol: ["start"],
    ...EMBED_CARD_SANITIZE.allowedAttributes,
    ...FIGURE_SANITIZE.allowedAttributes,
  },
  allowedClasses: mergeClasses(EMBED_CARD_SANITIZE.allowedClasses, FIGURE_SANITIZE.allowedClasses),
  selfClosing: [...sanitizeHtml.defaults.selfClosing, "source"],
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "noopener nofollow" }),
    // Headings inside an entry sit below the entry's own headline.
    h1: "h3",
    h2: "h3",
    h5: "h4",
    h6: "h4",
    ...EMBED_CARD_SANITIZE.transformTags,
  },
  exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
};

/**
 * Renders an entry body (Markdown) to HTML that is safe to insert into a page; `media` holds the
 * records of the uploaded pictures it links, drawn as figures (body-renderer.ts reads them).
 */
export function renderBody(source: string, media: MediaById = new Map()): string {
  return sanitizeHtml(markdown.render(source, { media }), SANITIZE).trim();
}

/** The images a body shows, as written: for checking them before it is rendered and stored. */
export const imagesOf = (source: string): BodyImage[] =>
  imagesIn(markdown.parse(source, {}), markdown);
