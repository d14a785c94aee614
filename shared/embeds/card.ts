/**
 * The embed card: what an entry stores for a link of a known provider, rendered from the link
 * alone. It shows the provider, the link, a plain-words notice and the consent controls, and
 * never a frame or a script: the client (client/common/embed-gate.ts) builds the frame from the
 * link, through the registry, only after the reader agreed. Feeds, JSON-LD and the prefetch
 * fragment carry the link instead (`embedCardsAsLinks`; `plainText` drops the gate).
 */
import { escapeHtml } from "../html.js";
import { EMBED_PROVIDERS } from "./providers.js";
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

/** "Load YouTube video", "Load Spotify album": the button says what it loads, out of context too. */
export const loadLabel = (embed: Pick<Embed, "provider" | "noun">) =>
  `Load ${embed.provider.name} ${embed.noun}`;

/** The card of `embed`, as stored in an entry's HTML (and kept by the sanitizer). */
export function renderEmbedCard(embed: Embed): string {
  const name = escapeHtml(embed.provider.name);
  const link = escapeHtml(embed.url);
  const notice =
    `Loading this ${embed.provider.name} ${embed.noun} shows content from ${embed.source}, ` +
    `which may set cookies and collect data about you.`;
  return (
    `<figure class="${C.figure}" data-provider="${embed.provider.id}">` +
    `<figcaption class="${C.caption}"><span class="${C.provider}">${name}</span>: ` +
    `<a class="${C.link}" href="${link}">${link}</a></figcaption>` +
    `<div class="${C.gate}">` +
    `<p class="${C.notice}">${escapeHtml(notice)}</p>` +
    `<p class="${C.actions}"><button type="button" class="${C.load}">${escapeHtml(loadLabel(embed))}</button> ` +
    `<label class="${C.always}"><input type="checkbox" class="${C.remember}" /> Always allow ${name}</label></p>` +
    `</div></figure>`
  );
}

const CARD = /<figure class="embed-card" data-provider="([a-z]+)">([\s\S]*?)<\/figure>/g;

/**
 * Sanitized entry HTML with each card turned into a paragraph "Provider: <link>", for places
 * that show no consent gate and run no client (feeds, the prefetch fragment). The provider's name
 * comes from the registry, the link from the card.
 */
export function embedCardsAsLinks(html: string): string {
  return html.replace(CARD, (_card, id: string, inner: string) => {
    const href = /<a\b[^>]*\bhref="([^"]*)"/.exec(inner)?.[1];
    const provider = EMBED_PROVIDERS[id as EmbedProviderId] as
      (typeof EMBED_PROVIDERS)[EmbedProviderId] | undefined;
    if (!href || !provider) return "";
    return `<p>${escapeHtml(provider.name)}: <a href="${href}" rel="noopener nofollow">${href}</a></p>`;
  });
}
