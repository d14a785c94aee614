/**
 * The consent gate of embed cards (shared/embeds/card.ts), on every page that shows entries: the
 * reader page, the embed page and the desk. A card loads its provider's frame only when the
 * reader clicks its button, or when they chose "Always allow <provider>" on this device before.
 *
 * The frame's address never comes from the page: it is rebuilt from the card's link by the
 * registry (shared/embeds/providers.ts), must belong to the card's provider, and must come from
 * an origin the page's CSP allows (the Mastodon servers come from a meta tag the server writes).
 * A card that fails any of that keeps its link and loses its button.
 */
import { EMBED_CARD_CLASSES as C } from "../../shared/embeds/card.js";
import type { I18n } from "../../shared/i18n/i18n.js";
import { mastodonHeightRequest, reportedHeight } from "../../shared/embeds/frame-heights.js";
import {
  findEmbed,
  frameAllowed,
  MASTODON_EMBEDS_META,
  type Embed,
  type EmbedProviderId,
} from "../../shared/embeds/providers.js";

const STORAGE_KEY = (provider: EmbedProviderId) => `lb-embeds:always-allow:${provider}`;
const CARD = `figure.${C.figure}`;
/** A card's state, on the figure: gated (waiting for consent), loaded, or link (no frame here). */
type CardState = "gated" | "loaded" | "link";

/** The page's language, set by startEmbedGate. */
let words: I18n | undefined;
const t = (...args: Parameters<I18n["t"]>) => words?.t(...args) ?? "";

/** Consent kept in memory when storage is off (private modes, blocked third-party storage). */
const allowedThisVisit = new Set<EmbedProviderId>();

function alwaysAllowed(provider: EmbedProviderId): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY(provider)) === "yes" || allowedThisVisit.has(provider);
  } catch {
    return allowedThisVisit.has(provider);
  }
}

function setAlwaysAllowed(provider: EmbedProviderId, allowed: boolean): void {
  if (allowed) allowedThisVisit.add(provider);
  else allowedThisVisit.delete(provider);
  try {
    if (allowed) localStorage.setItem(STORAGE_KEY(provider), "yes");
    else localStorage.removeItem(STORAGE_KEY(provider));
  } catch {
    // Storage is off: the choice lasts for this visit.
  }
}

const mastodonServers = () =>
  (document.querySelector<HTMLMetaElement>(`meta[name="${MASTODON_EMBEDS_META}"]`)?.content ?? "")
    .split(/\s+/)
    .filter(Boolean);

/** What the card's link stands for, when it is its provider's and this page may frame it. */
function parseCard(figure: HTMLElement): { embed: Embed | null; framable: boolean } {
  const href = figure.querySelector(`a.${C.link}`)?.getAttribute("href") ?? "";
  const embed = findEmbed(href);
  if (!embed || embed.provider.id !== figure.dataset.provider)
    return { embed: null, framable: false };
  return { embed, framable: frameAllowed(embed, mastodonServers()) };
}

const cardsOf = (provider: EmbedProviderId, state: CardState) =>
  document.querySelectorAll<HTMLElement>(
    `${CARD}[data-provider="${provider}"][data-embed="${state}"]`,
  );

let frameIds = 0;

/** Loads the card's frame in place of its gate; `focus` moves the reader into it. */
function load(figure: HTMLElement, embed: Embed, focus: boolean): void {
  const { provider, frame } = embed;
  const gate = figure.querySelector<HTMLElement>(`.${C.gate}`);
  const box = document.createElement("div");
  box.className = "embed-frame";
  const iframe = document.createElement("iframe");
  // Sandbox, permissions and referrer first: they apply to the navigation that src starts.
  iframe.setAttribute("sandbox", provider.sandbox);
  if (provider.allow) iframe.allow = provider.allow;
  // The page's own policy is no-referrer; some players refuse to play without the site's origin.
  iframe.referrerPolicy = "strict-origin-when-cross-origin";
  iframe.loading = "lazy";
  iframe.title = `${provider.name}: ${t(`embed.noun.${embed.noun}`)}`;
  iframe.dataset.frameId = String(++frameIds);
  if ("aspectRatio" in frame.size) box.style.aspectRatio = frame.size.aspectRatio;
  else iframe.style.height = `${frame.size.height}px`;
  if (frame.size.maxWidth) box.style.maxWidth = `${frame.size.maxWidth}px`;
  if (provider.id === "mastodon") {
    iframe.addEventListener("load", () =>
      iframe.contentWindow?.postMessage(
        mastodonHeightRequest(Number(iframe.dataset.frameId)),
        frame.origin,
      ),
    );
  }
  iframe.src = frame.src;
  box.append(iframe);
  if (gate) gate.hidden = true;
  figure.append(box);
  if (alwaysAllowed(provider.id)) {
    const forget = document.createElement("p");
    const button = document.createElement("button");
    forget.className = "embed-forget";
    button.type = "button";
    button.textContent = t("embed.stopAlways", { provider: provider.name });
    forget.append(button);
    figure.append(forget);
  }
  figure.dataset.embed = "loaded" satisfies CardState;
  if (focus) iframe.focus();
}

/** Puts a loaded card back behind its gate (the reader withdrew their consent). */
function unload(figure: HTMLElement): void {
  figure.querySelector(".embed-frame")?.remove();
  figure.querySelector(".embed-forget")?.remove();
  const gate = figure.querySelector<HTMLElement>(`.${C.gate}`);
  if (gate) gate.hidden = false;
  const remember = figure.querySelector<HTMLInputElement>(`input.${C.remember}`);
  if (remember) remember.checked = false;
  figure.dataset.embed = "gated" satisfies CardState;
}

/** A card this page will not frame: the link stays, the button goes, the notice says why. */
function linkOnly(figure: HTMLElement, embed: Embed | null): void {
  figure.querySelector(`.${C.actions}`)?.remove();
  const notice = figure.querySelector(`.${C.notice}`);
  if (notice) {
    notice.textContent = embed
      ? t("embed.notShown", { source: embed.source })
      : t("embed.notShownUnknown");
  }
  figure.dataset.embed = "link" satisfies CardState;
}

/**
 * Sets up the cards in `root` that are new to the page: each is gated, link-only, or loaded at
 * once when its provider is always allowed here. Returns `root`, for use inside a render call.
 * Cards already set up are left as they are.
 */
export function activateEmbeds<T extends ParentNode>(root: T): T {
  const cards =
    root instanceof HTMLElement && root.matches(CARD)
      ? [root]
      : Array.from(root.querySelectorAll<HTMLElement>(CARD));
  for (const figure of cards) {
    if (figure.dataset.embed) continue;
    const { embed, framable } = parseCard(figure);
    if (!embed || !framable) linkOnly(figure, embed);
    else if (alwaysAllowed(embed.provider.id)) load(figure, embed, false);
    else figure.dataset.embed = "gated" satisfies CardState;
  }
  return root;
}

function onClick(event: MouseEvent): void {
  const button = (event.target as Element | null)?.closest?.("button");
  const figure = button?.closest<HTMLElement>(CARD);
  if (!button || !figure) return;
  const provider = figure.dataset.provider as EmbedProviderId;
  if (button.classList.contains(C.load) && figure.dataset.embed === "gated") {
    const { embed, framable } = parseCard(figure);
    if (!embed || !framable) return;
    const remember = figure.querySelector<HTMLInputElement>(`input.${C.remember}`)?.checked;
    if (remember) setAlwaysAllowed(provider, true);
    load(figure, embed, true);
    // "Always allow" means every card of the provider, on this page too.
    if (remember) activateAll(provider);
  } else if (button.closest(".embed-forget")) {
    setAlwaysAllowed(provider, false);
    for (const card of cardsOf(provider, "loaded")) unload(card);
    figure.querySelector<HTMLButtonElement>(`button.${C.load}`)?.focus();
  }
}

/** Loads every gated card of `provider` on the page (its consent was just given). */
function activateAll(provider: EmbedProviderId): void {
  for (const figure of cardsOf(provider, "gated")) {
    const { embed, framable } = parseCard(figure);
    if (embed && framable) load(figure, embed, false);
  }
}

/** Resizes a post frame that says how tall it is, from its own window and origin only. */
function onMessage(event: MessageEvent): void {
  for (const iframe of document.querySelectorAll<HTMLIFrameElement>(
    `${CARD}[data-embed="loaded"] .embed-frame iframe`,
  )) {
    if (iframe.contentWindow !== event.source) continue;
    const figure = iframe.closest<HTMLElement>(CARD)!;
    const { embed } = parseCard(figure);
    if (!embed || event.origin !== embed.frame.origin || !("height" in embed.frame.size)) return;
    const height = reportedHeight(embed.provider.id, event.data);
    if (height !== null) iframe.style.height = `${height}px`;
    return;
  }
}

let started = false;

/**
 * Starts the gate on this page: one click listener for every card's buttons, present and future,
 * one listener for frames' height messages, and the cards already in the document.
 */
export function startEmbedGate(i18n: I18n): void {
  if (started) return;
  started = true;
  words = i18n;
  document.addEventListener("click", onClick);
  window.addEventListener("message", onMessage);
  activateEmbeds(document);
}

/** Sets up cards added under `root` later by code that does not call activateEmbeds itself. */
export function watchEmbeds(root: HTMLElement): void {
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof HTMLElement) activateEmbeds(node);
      }
    }
  }).observe(root, { childList: true, subtree: true });
}
