/**
 * Uploaded pictures in entry bodies. An editor links one as Markdown, `![alt](/media/<id>)`; at
 * write time the body's media records are read (body-renderer.ts) and each picture is rendered
 * as a `<figure>`: a `<picture>` with the WebP variants and the fallbacks in the uploaded type,
 * `width`/`height` so the page keeps its place while it loads, and the caption and credit.
 *
 * Why `<picture>` and not one `<img srcset>` of WebP files: a browser without WebP (Safari
 * before macOS 11) would pick a WebP from the srcset and show nothing; with a typed `<source>`
 * it takes the fallbacks instead, for a few hundred bytes of markup per picture.
 *
 * A picture alone in its paragraph, or next to text, becomes a block figure: the paragraph is
 * split around it, since a `<figure>` inside a `<p>` is not valid HTML (a browser would close
 * the paragraph and leave empty ones behind). One nested in a link, emphasis or heading stays
 * inline as a bare `<picture>`, without caption or link.
 */
import type MarkdownIt from "markdown-it";
import type { Options, StateCore, Token } from "markdown-it";
import { escapeHtml } from "../../shared/html.js";
import { mediaIdOfPath, type Media, type MediaFile } from "../../shared/media.js";

/** The media records a body links, by id (what MediaCatalog.getManyMedia returns). */
export type MediaById = ReadonlyMap<string, Media>;

/** markdown-it's `env` for one render: the records to draw pictures from. */
export interface FigureEnv {
  media?: MediaById;
}

/** The layout width of an entry's body: the reader column (44rem) or the viewport less padding. */
export const FIGURE_SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)";

/** An image a body shows: its URL as written and its Markdown alt text. */
export interface BodyImage {
  src: string;
  alt: string;
}

const srcsetOf = (files: MediaFile[]) => files.map((f) => `${f.url} ${f.width}w`).join(", ");

/** One file per width, narrowest first. */
function byWidth(files: MediaFile[]): MediaFile[] {
  const seen = new Map<number, MediaFile>();
  for (const file of files) if (!seen.has(file.width)) seen.set(file.width, file);
  return [...seen.values()].sort((a, b) => a.width - b.width);
}

/** The variants of a record: WebP, and the fallbacks every browser shows (the uploaded type). */
function variantsOf(media: Media) {
  const webp = byWidth(media.variants.filter((f) => f.type === "image/webp"));
  const typed = byWidth(media.variants.filter((f) => f.type === media.type));
  const fallback = typed.length > 0 ? typed : webp;
  return {
    // Nothing to offer beside the fallbacks when they are WebP themselves.
    webp: media.type === "image/webp" ? [] : webp,
    fallback,
    // The `src` of browsers without srcset: the 960 variant, or the closest below it.
    src: fallback.filter((f) => f.width <= 960).at(-1) ?? fallback[0],
    largest: fallback.at(-1),
  };
}

/** The alt text a picture is shown with: the Markdown's, else the one given at upload. */
export const altOf = (media: Media, markdownAlt: string) => markdownAlt.trim() || media.alt;

/** A `<picture>` of the record's variants, sized so that nothing moves when it loads. */
export function pictureHtml(media: Media, alt: string): string {
  const { webp, fallback, src } = variantsOf(media);
  const source = webp.length
    ? `<source type="image/webp" srcset="${escapeHtml(srcsetOf(webp))}" sizes="${FIGURE_SIZES}" />`
    : "";
  const srcset = fallback.length > 1 ? ` srcset="${escapeHtml(srcsetOf(fallback))}"` : "";
  return (
    `<picture>${source}<img src="${escapeHtml(src?.url ?? media.url)}"${srcset}` +
    `${srcset ? ` sizes="${FIGURE_SIZES}"` : ""} width="${media.width}" height="${media.height}"` +
    ` alt="${escapeHtml(alt)}" loading="lazy" decoding="async" /></picture>`
  );
}

/**
 * A picture as the entry's figure: linked to its largest variant (the no-JavaScript way to see
 * it large, and what the reader page's lightbox opens), with its caption and credit. A
 * decorative picture gets no link: a link whose only content is an empty alt has no name.
 */
export function figureHtml(media: Media, alt: string): string {
  const picture = pictureHtml(media, alt);
  const largest = variantsOf(media).largest?.url ?? media.url;
  const linked = alt
    ? `<a href="${escapeHtml(largest)}" class="entry-figure-link">${picture}</a>`
    : picture;
  const caption = escapeHtml(media.caption).replace(/\r?\n/g, "<br />");
  const credit = media.credit ? `<small>${escapeHtml(media.credit)}</small>` : "";
  const text = [caption, credit].filter(Boolean).join(" ");
  return (
    `<figure class="entry-figure">${linked}` +
    `${text ? `<figcaption>${text}</figcaption>` : ""}</figure>\n`
  );
}

/**
 * What the sanitizer must let through for figures, and no more (markdown.ts merges it): the
 * figure's tags, an img's responsive attributes with their values pinned where they have a few,
 * and the two classes.
 */
export const FIGURE_SANITIZE = {
  allowedTags: ["figure", "figcaption", "small", "picture", "source"],
  imgAttributes: [
    "srcset",
    "sizes",
    "width",
    "height",
    { name: "loading", values: ["lazy"] },
    { name: "decoding", values: ["async"] },
  ],
  allowedAttributes: { source: ["srcset", "sizes", { name: "type", values: ["image/webp"] }] },
  allowedClasses: { figure: ["entry-figure"], a: ["entry-figure-link"] },
};

const isImage = (token: Token) => token.type === "image";
const srcOf = (token: Token) => token.attrGet("src") ?? "";

/**
 * Splits every paragraph that holds a top-level `/media/<id>` image into paragraphs of the text
 * around it and a `media_figure` block token per picture.
 */
function liftFigures(state: StateCore) {
  const out: Token[] = [];
  const { tokens } = state;
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i]!;
    const inline = tokens[i + 1];
    const children = inline?.children ?? [];
    const lifts = (child: Token, depth: number) =>
      depth === 0 && isImage(child) && mediaIdOfPath(srcOf(child)) !== null;
    let depth = 0;
    const liftable = children.map((child) => {
      const lift = lifts(child, depth);
      depth += child.nesting;
      return lift;
    });
    if (open.type !== "paragraph_open" || !liftable.includes(true)) {
      out.push(open);
      continue;
    }
    let run: Token[] = [];
    const flush = () => {
      const blank = (t: Token) =>
        t.type === "softbreak" ||
        t.type === "hardbreak" ||
        (t.type === "text" && !t.content.trim());
      while (run.length && blank(run[0]!)) run.shift();
      while (run.length && blank(run.at(-1)!)) run.pop();
      if (run.length) {
        const p = new state.Token("paragraph_open", "p", 1);
        const text = new state.Token("inline", "", 0);
        const end = new state.Token("paragraph_close", "p", -1);
        p.hidden = end.hidden = open.hidden;
        p.block = end.block = text.block = true;
        text.children = run;
        out.push(p, text, end);
      }
      run = [];
    };
    children.forEach((child, k) => {
      if (!liftable[k]) return void run.push(child);
      flush();
      // The image token itself, now a block: its src, alt and children stay as parsed.
      child.type = "media_figure";
      child.block = true;
      out.push(child);
    });
    flush();
    i += 2; // the inline token and the paragraph's close were replaced
  }
  state.tokens = out;
}

/** The markdown-it plugin: block figures for uploaded pictures, inline pictures elsewhere. */
export function figures(md: MarkdownIt) {
  md.core.ruler.push("media_figures", liftFigures);
  const defaultImage = md.renderer.rules.image!;
  const recordOf = (token: Token, env: FigureEnv) => {
    const id = mediaIdOfPath(srcOf(token));
    return id === null ? undefined : env.media?.get(id);
  };
  const altText = (token: Token, options: Options, env: FigureEnv) =>
    md.renderer.renderInlineAsText(token.children ?? [], options, env);

  md.renderer.rules.media_figure = (tokens, idx, options, env: FigureEnv) => {
    const token = tokens[idx]!;
    const media = recordOf(token, env);
    // Without its record (a render outside the write path): the path itself, which redirects.
    if (!media) return `<p>${defaultImage([token], 0, options, env, md.renderer).trim()}</p>\n`;
    return figureHtml(media, altOf(media, altText(token, options, env)));
  };
  md.renderer.rules.image = (tokens, idx, options, env: FigureEnv, self) => {
    const token = tokens[idx]!;
    const media = recordOf(token, env);
    if (!media) return defaultImage(tokens, idx, options, env, self);
    return pictureHtml(media, altOf(media, altText(token, options, env)));
  };
}

/** Every image of a parsed body, in order, wherever it sits (paragraphs, lists, headings). */
export function imagesIn(tokens: Token[], md: MarkdownIt): BodyImage[] {
  const found: BodyImage[] = [];
  const walk = (list: Token[]) => {
    for (const token of list) {
      if (isImage(token) || token.type === "media_figure") {
        found.push({
          src: srcOf(token),
          alt: md.renderer.renderInlineAsText(token.children ?? [], md.options, {}),
        });
      }
      if (token.children) walk(token.children);
    }
  };
  walk(tokens);
  return found;
}
