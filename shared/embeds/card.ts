/**
 * The embed card: what an entry stores for a link of a known provider, rendered from the link
 * alone. It shows the provider, the link, a plain-words notice and the consent controls, and
 * never a frame or a script: the client (client/common/embed-gate.ts) builds the frame from the
 * link, through the registry, only after the reader agreed. Feeds, JSON-LD and the prefetch
 * fragment carry the link instead (`embedCardsAsLinks`; `plainText` drops the gate).
 */
import { escapeHtml } from "../html.js";
import type { I18n } from "../i18n/i18n.js";
import { EMBED_PROVIDERS, findEmbed } from "./providers.js";
import type { Embed, EmbedProviderId } from "./types.js";

/** The card's classes, one per part: the sanitizer's allowlist and the client's selectors. */
export const EMBED_CARD_CLASSES = {
  figure: "embed-card",
  caption: "embed-caption",
  provider: "embed-provider",
  link: "embed-link",
  gate: "embed-gate",
  notice: "embed-notice",
  actions: "embed-actions",
  load: "embed-load",
  always: "embed-always",
  remember: "embed-remember",
} as const;

const C = EMBED_CARD_CLASSES;

/** The words a card says about its embed, in the page's language. */
const wordsOf = (embed: Pick<Embed, "provider" | "noun" | "source">, i18n: I18n) => ({
  provider: embed.provider.name,
  noun: i18n.t(`embed.noun.${embed.noun}`),
  source: embed.source,
});

/** "Load YouTube video", "Load Spotify album": the button says what it loads, out of context too. */
export const loadLabel = (embed: Pick<Embed, "provider" | "noun" | "source">, i18n: I18n) =>
  i18n.t("embed.load", wordsOf(embed, i18n));

/**
 * The card of `embed`, as stored in an entry's HTML (and kept by the sanitizer), in the words of
 * `i18n`. Stored cards are written in English; pages show them in their own language
 * (`localizeEmbedCards`).
 */
export function renderEmbedCard(embed: Embed, i18n: I18n): string {
  const name = escapeHtml(embed.provider.name);
  const link = escapeHtml(embed.url);
  const notice = i18n.t("embed.notice", wordsOf(embed, i18n));
  const always = escapeHtml(i18n.t("embed.always", wordsOf(embed, i18n)));
  return (
    `<figure class="${C.figure}" data-provider="${embed.provider.id}">` +
    `<figcaption class="${C.caption}"><span class="${C.provider}">${name}</span>: ` +
    `<a class="${C.link}" href="${link}" rel="noopener nofollow">${link}</a></figcaption>` +
    `<div class="${C.gate}">` +
    `<p class="${C.notice}">${escapeHtml(notice)}</p>` +
    `<p class="${C.actions}"><button type="button" class="${C.load}">${escapeHtml(loadLabel(embed, i18n))}</button> ` +
    `<label class="${C.always}"><input type="checkbox" class="${C.remember}" /> ${always}</label></p>` +
    `</div></figure>`
  );
}

const CARD = /<figure class="embed-card" data-provider="([a-z]+)">([\s\S]*?)<\/figure>/g;

/** The link a stored card stands for (its `href`, as the sanitizer kept it). */
const cardLink = (inner: string) => /<a\b[^>]*\bhref="([^"]*)"/.exec(inner)?.[1];

/**
 * Sanitized entry HTML with each card in the words of `i18n`, rebuilt from its link by the
 * registry (so the same on the server and in the browser). A card whose link the registry does
 * not read as its provider's stays as stored; the client then shows it as a link only.
 */
export function localizeEmbedCards(html: string, i18n: I18n): string {
  if (!html.includes(`class="${C.figure}"`)) return html;
  return html.replace(CARD, (card, id: string, inner: string) => {
    const href = cardLink(inner);
    const embed = href ? findEmbed(unescapeAmpersands(href)) : null;
    return embed && embed.provider.id === id ? renderEmbedCard(embed, i18n) : card;
  });
}

/** An attribute value as the sanitizer wrote it, back to the URL it holds. */
const unescapeAmpersands = (value: string) => value.replaceAll("&amp;", "&");

/**
 * Sanitized entry HTML with each card turned into a paragraph "Provider: <link>", for places
 * that show no consent gate and run no client (feeds, the prefetch fragment). The provider's name
 * comes from the registry, the link from the card.
 */
export function embedCardsAsLinks(html: string): string {
  return html.replace(CARD, (_card, id: string, inner: string) => {
    const href = cardLink(inner);
    const provider = EMBED_PROVIDERS[id as EmbedProviderId] as
      (typeof EMBED_PROVIDERS)[EmbedProviderId] | undefined;
    if (!href || !provider) return "";
    return `<p>${escapeHtml(provider.name)}: <a href="${href}" rel="noopener nofollow">${href}</a></p>`;
  });
}
