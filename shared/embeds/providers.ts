/**
 * The embed registry: which provider a pasted link belongs to, and the frame to load for it once
 * the reader agreed. Pure and shared: the server renders the consent card from it (it needs the
 * provider only), the client derives the frame from the card's link through it again, so stored
 * HTML never names a frame and a tampered entry cannot load one the registry would not build.
 *
 * Parsing is strict: https only, no user name, password or port, exact host names (with the
 * www. / m. / mobile. variants each provider really uses), ids checked by pattern, and frame URLs
 * rebuilt from those ids alone. Anything else is not an embed, and stays a plain link.
 * docs/EMBED-CARDS.md lists every provider with its URL shapes, frame origin and sandbox.
 */
import { AUDIO_PROVIDERS } from "./audio-providers.js";
import { MASTODON, POST_PROVIDERS } from "./post-providers.js";
import { VIDEO_PROVIDERS } from "./video-providers.js";
import type { Embed, EmbedProvider, EmbedProviderId } from "./types.js";

export type { Embed, EmbedFrame, EmbedProvider, EmbedProviderId, FrameSize } from "./types.js";

/** Every provider with fixed hosts, in the order they are tried; Mastodon (any host) comes last. */
const FIXED_HOST_PROVIDERS: readonly EmbedProvider[] = [
  ...VIDEO_PROVIDERS,
  ...POST_PROVIDERS,
  ...AUDIO_PROVIDERS,
];

/** All providers by id, Mastodon included. */
export const EMBED_PROVIDERS: Readonly<Record<EmbedProviderId, EmbedProvider>> = Object.fromEntries(
  [...FIXED_HOST_PROVIDERS, MASTODON].map((p) => [p.id, p]),
) as Record<EmbedProviderId, EmbedProvider>;

/** The provider ids, for the sanitizer's allowlist of `data-provider` values. */
export const EMBED_PROVIDER_IDS = Object.keys(EMBED_PROVIDERS) as EmbedProviderId[];

const CLAIMED_HOSTS = new Set(FIXED_HOST_PROVIDERS.flatMap((p) => p.hosts));

/** `href` as a URL we are willing to look at, or null: https, no credentials, no port. */
function strictUrl(href: string): URL | null {
  // The URL parser forgives what a pasted link should not have (spaces, backslashes).
  if (!/^https:\/\/[^\s\\]+$/.test(href)) return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || url.username || url.password || url.port) return null;
  return url;
}

/**
 * The embed a link stands for, or null when it is none of the providers' URL shapes. For
 * Mastodon the frame is built for any server; whether this site loads it is `frameAllowed`'s
 * question (the instance allowlist).
 */
export function findEmbed(href: string): Embed | null {
  const url = strictUrl(href);
  if (!url) return null;
  const provider = CLAIMED_HOSTS.has(url.hostname)
    ? FIXED_HOST_PROVIDERS.find((p) => p.hosts.includes(url.hostname))
    : MASTODON;
  const found = provider?.parse(url);
  return found && provider ? { provider, url: url.href, ...found } : null;
}

/** The fixed frame origins, one per provider (Mastodon's depend on the allowlist). */
export const FIXED_FRAME_ORIGINS: readonly string[] = [
  ...new Set(FIXED_HOST_PROVIDERS.map((p) => p.frameOrigin!)),
];

/** Every origin a page showing entries may frame: CSP `frame-src`, and the client's own check. */
export function embedFrameOrigins(mastodonInstances: readonly string[]): string[] {
  return [...FIXED_FRAME_ORIGINS, ...mastodonInstances.map((host) => `https://${host}`)];
}

/**
 * The name of the `<meta>` by which a page that shows entries tells its client the Mastodon
 * servers it may frame (space separated): the servers are configured, the client is built once.
 */
export const MASTODON_EMBEDS_META = "lb-mastodon-embeds";

/** Whether this site loads `embed`'s frame: its origin is one the pages' CSP allows. */
export function frameAllowed(embed: Embed, mastodonInstances: readonly string[]): boolean {
  return embedFrameOrigins(mastodonInstances).includes(embed.frame.origin);
}
