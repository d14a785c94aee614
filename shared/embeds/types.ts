/** The shapes of the embed registry (shared/embeds/providers.ts). */

export type EmbedProviderId =
  | "youtube"
  | "vimeo"
  | "tiktok"
  | "x"
  | "bluesky"
  | "mastodon"
  | "instagram"
  | "facebook"
  | "telegram"
  | "soundcloud"
  | "spotify";

/** How large a frame is drawn: a video's aspect ratio, or a post's or player's height in px. */
export type FrameSize =
  { aspectRatio: string; maxWidth?: number } | { height: number; maxWidth?: number };

/** What an embedded link can be; each has a word in every catalog (`embed.noun.<noun>`). */
export type EmbedNoun = "video" | "post" | "track" | "playlist" | "album" | "episode" | "podcast";

/** What the client loads once the reader agreed. */
export interface EmbedFrame {
  src: string;
  /** The origin of `src`: what CSP frame-src must allow. */
  origin: string;
  size: FrameSize;
}

/** What a provider reads from a link of its own. */
export interface ParsedEmbed {
  /** What the link shows ("video", "post", "album", ...): the card names it in the page's language. */
  noun: EmbedNoun;
  /** Who serves it, for the consent notice: the provider's name, or a Mastodon server's host. */
  source: string;
  frame: EmbedFrame;
}

export interface EmbedProvider {
  id: EmbedProviderId;
  /** As readers know it: "YouTube", "X", ... */
  name: string;
  /** Exact host names of its links; empty for Mastodon (any server). */
  hosts: readonly string[];
  /** The one origin its frames come from; null for Mastodon (the server's own). */
  frameOrigin: string | null;
  /** The iframe's `allow` (Permissions Policy delegated to it); "" for none. */
  allow: string;
  /** The iframe's `sandbox` tokens: what the provider's frame needs, and no more. */
  sandbox: string;
  /** The embed of a link on one of `hosts` (already https, without credentials or port). */
  parse(url: URL): ParsedEmbed | null;
}

/** A link that is an embed: its provider, the link itself, and the frame it stands for. */
export interface Embed extends ParsedEmbed {
  provider: EmbedProvider;
  /** The link, as the URL parser normalised it. */
  url: string;
}

/**
 * The sandbox every provider's frame gets: its scripts, in its own origin (it is another site's
 * page; "same-origin" keeps it in that origin rather than an opaque one, so its own storage
 * works), and links that open the provider's site in a new tab as a normal page. Never
 * allow-top-navigation (a frame must not move the reader's page), forms, modals or downloads.
 */
export const BASE_SANDBOX =
  "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox";
