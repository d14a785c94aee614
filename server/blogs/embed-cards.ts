/**
 * Embed cards in entry bodies: a markdown-it plugin that turns a link of a known provider, alone
 * on its line of a top-level paragraph, into the consent card of shared/embeds/card.ts; and the
 * sanitizer's allowlist for that card, limited by class and attribute value. The lines around
 * the link stay paragraphs of their own, as the editor wrote them.
 *
 * Only a bare URL (linkified) or an autolink `<https://…>` counts: `[words](url)` is a link the
 * editor chose to word, and a link inside a sentence, a list or a quote stays a link.
 */
import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import sanitizeHtml, { type IOptions } from "sanitize-html";
import { EMBED_CARD_CLASSES as C, renderEmbedCard } from "../../shared/embeds/card.js";
import { englishI18n } from "../i18n/locales.js";
import { EMBED_PROVIDER_IDS, findEmbed, type Embed } from "../../shared/embeds/providers.js";

const TOKEN = "embed_card";
const isBreak = (token: Token) => token.type === "softbreak" || token.type === "hardbreak";
const isBlank = (token: Token) => token.type === "text" && token.content.trim() === "";

/** The embed a line of inline tokens stands for, when it is one bare link and nothing else. */
function embedOfLine(line: Token[]): Embed | null {
  const parts = line.filter((token) => !isBlank(token));
  if (parts.length !== 3) return null;
  const [open, text, close] = parts as [Token, Token, Token];
  if (open.type !== "link_open" || text.type !== "text" || close.type !== "link_close") {
    return null;
  }
  // "auto": linkify's bare URLs and `<…>` autolinks; a `[text](url)` link has no info.
  if (open.info !== "auto") return null;
  return findEmbed(open.attrGet("href") ?? "");
}

/** The inline children split at line breaks (the breaks themselves dropped). */
function linesOf(children: Token[]): Token[][] {
  const lines: Token[][] = [[]];
  for (const token of children) {
    if (isBreak(token)) lines.push([]);
    else lines.at(-1)!.push(token);
  }
  return lines;
}

/** Rewrites one top-level paragraph into paragraphs and cards; null when it holds no card. */
function splitParagraph(state: { Token: typeof Token }, inline: Token): Token[] | null {
  const children = inline.children ?? [];
  const out: Token[] = [];
  let text: Token[] = [];
  let found = false;
  const flushText = () => {
    // Keep the editor's own line breaks between the lines that stay text.
    while (text.length > 0 && isBreak(text.at(-1)!)) text.pop();
    if (text.some((token) => !isBlank(token))) {
      const [open, inline, close] = [
        new state.Token("paragraph_open", "p", 1),
        new state.Token("inline", "", 0),
        new state.Token("paragraph_close", "p", -1),
      ];
      open.block = close.block = inline.block = true;
      inline.children = text;
      inline.content = "";
      out.push(open, inline, close);
    }
    text = [];
  };
  let position = 0;
  for (const line of linesOf(children)) {
    const embed = embedOfLine(line);
    const lineEnd = position + line.length;
    if (embed) {
      found = true;
      flushText();
      const card = new state.Token(TOKEN, "", 0);
      card.meta = { embed };
      out.push(card);
    } else {
      // The line and the break after it, as the editor wrote them.
      text.push(...children.slice(position, Math.min(lineEnd + 1, children.length)));
    }
    position = lineEnd + 1;
  }
  flushText();
  return found ? out : null;
}

/** The markdown-it plugin: `markdown.use(embedCards)`. */
export function embedCards(markdown: MarkdownIt): void {
  markdown.core.ruler.push(TOKEN, (state) => {
    const tokens = state.tokens;
    for (let i = tokens.length - 3; i >= 0; i--) {
      const [open, inline, close] = [tokens[i]!, tokens[i + 1]!, tokens[i + 2]!];
      const topLevelParagraph =
        open.type === "paragraph_open" &&
        open.level === 0 &&
        inline.type === "inline" &&
        close.type === "paragraph_close";
      if (!topLevelParagraph) continue;
      const replacement = splitParagraph(state, inline);
      if (replacement) tokens.splice(i, 3, ...replacement);
    }
  });
  markdown.renderer.rules[TOKEN] = (tokens, index) =>
    `${renderEmbedCard((tokens[index]!.meta as { embed: Embed }).embed, STORED_IN)}\n`;
}

/** Cards are stored in English; each page shows them in its own language (localizeEmbedCards). */
const STORED_IN = englishI18n();

const PROVIDER_IDS = new Set<string>(EMBED_PROVIDER_IDS);

/**
 * What the sanitizer must let through for cards, and no more: these tags, their classes, a
 * `data-provider` that names a provider, a button that is only a button and a checkbox. Markdown
 * cannot write any of them (raw HTML is off); only the plugin above does, so this is the second
 * wall, as for everything else.
 */
export const EMBED_CARD_SANITIZE = {
  allowedTags: ["figure", "figcaption", "div", "span", "button", "label", "input"],
  allowedAttributes: { figure: ["data-provider"], button: ["type"], input: ["type"] },
  transformTags: {
    figure: (tagName: string, attribs: sanitizeHtml.Attributes) => {
      const { "data-provider": provider, ...rest } = attribs;
      return {
        tagName,
        attribs:
          provider && PROVIDER_IDS.has(provider) ? { ...rest, "data-provider": provider } : rest,
      };
    },
    // Whatever type they came with: a button that submits nothing, a checkbox that is no field.
    button: sanitizeHtml.simpleTransform("button", { type: "button" }),
    input: sanitizeHtml.simpleTransform("input", { type: "checkbox" }),
  },
  allowedClasses: {
    figure: [C.figure],
    figcaption: [C.caption],
    span: [C.provider],
    a: [C.link],
    div: [C.gate],
    p: [C.notice, C.actions],
    button: [C.load],
    label: [C.always],
    input: [C.remember],
  },
} satisfies Pick<
  IOptions,
  "allowedTags" | "allowedAttributes" | "allowedClasses" | "transformTags"
>;
