/** Social-post providers of the embed registry: X, Bluesky, Mastodon, Instagram, Facebook, Telegram. */
import { BASE_SANDBOX, type EmbedProvider, type ParsedEmbed } from "./types.js";

/** Posts may carry a video: fullscreen is the one feature their frames get. */
const POST_ALLOW = "fullscreen";

/** A post frame of `origin`, `height` px tall until the frame says how tall it is. */
const post = (
  source: string,
  origin: string,
  src: string,
  height: number,
  maxWidth: number,
): ParsedEmbed => ({ noun: "post", source, frame: { src, origin, size: { height, maxWidth } } });

export const X: EmbedProvider = {
  id: "x",
  name: "X",
  hosts: [
    "x.com",
    "www.x.com",
    "mobile.x.com",
    "twitter.com",
    "www.twitter.com",
    "mobile.twitter.com",
  ],
  frameOrigin: "https://platform.twitter.com",
  allow: POST_ALLOW,
  sandbox: BASE_SANDBOX,
  parse(url) {
    const id = /^\/(?:[A-Za-z0-9_]{1,15}|i\/web|i)\/status(?:es)?\/(\d{1,20})\/?$/.exec(
      url.pathname,
    )?.[1];
    if (!id) return null;
    // The page X's widgets.js would frame, loaded directly: X's script never runs in our page.
    // dnt=true: X's "do not personalise" flag for embeds.
    const src = `https://platform.twitter.com/embed/Tweet.html?id=${id}&dnt=true`;
    return post("X", "https://platform.twitter.com", src, 480, 550);
  },
};

const DID = /^did:(?:plc:[a-z2-7]{24}|web:[a-z0-9.-]{1,253})$/;
const HANDLE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const RECORD_KEY = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,63}$/;

export const BLUESKY: EmbedProvider = {
  id: "bluesky",
  name: "Bluesky",
  hosts: ["bsky.app"],
  frameOrigin: "https://embed.bsky.app",
  allow: POST_ALLOW,
  sandbox: BASE_SANDBOX,
  parse(url) {
    const match = /^\/profile\/([^/]{1,253})\/post\/([^/]{1,64})\/?$/.exec(url.pathname);
    if (!match) return null;
    const actor = match[1]!.toLowerCase();
    const recordKey = match[2]!;
    if (!(DID.test(actor) || HANDLE.test(actor)) || !RECORD_KEY.test(recordKey)) return null;
    // embed.bsky.app takes the post's AT-URI in its path. A handle works as well as a DID there:
    // the embed asks Bluesky's AppView, which resolves the handle itself (docs/EMBED-CARDS.md).
    const src = `https://embed.bsky.app/embed/${actor}/app.bsky.feed.post/${recordKey}?colorMode=system`;
    return post("Bluesky", "https://embed.bsky.app", src, 420, 600);
  },
};

/** A host name of a public server: letters, digits, dashes, at least two labels, not an IP. */
const SERVER_HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Any server's `/@user/<digits>` (a local account's post); the frame is the server's own
 * `/embed` page. Which servers this site loads is configured (MASTODON_EMBED_INSTANCES).
 */
export const MASTODON: EmbedProvider = {
  id: "mastodon",
  name: "Mastodon",
  hosts: [],
  frameOrigin: null,
  allow: POST_ALLOW,
  sandbox: BASE_SANDBOX,
  parse(url) {
    if (!SERVER_HOST.test(url.hostname)) return null;
    const match = /^\/@([A-Za-z0-9_]{1,30})\/(\d{1,20})\/?$/.exec(url.pathname);
    if (!match) return null;
    const origin = `https://${url.hostname}`;
    return post(url.hostname, origin, `${origin}/@${match[1]}/${match[2]}/embed`, 420, 600);
  },
};

export const INSTAGRAM: EmbedProvider = {
  id: "instagram",
  name: "Instagram",
  hosts: ["instagram.com", "www.instagram.com"],
  frameOrigin: "https://www.instagram.com",
  allow: POST_ALLOW,
  sandbox: BASE_SANDBOX,
  parse(url) {
    const code = /^\/(?:p|reel|reels|tv)\/([A-Za-z0-9_-]{5,40})\/?$/.exec(url.pathname)?.[1];
    if (!code) return null;
    // Posts and reels share one shortcode space; "captioned" keeps the author's text.
    const src = `https://www.instagram.com/p/${code}/embed/captioned/`;
    return post("Instagram", "https://www.instagram.com", src, 720, 540);
  },
};

const FB_PAGE = "[A-Za-z0-9.-]{1,80}";
const FB_POST_ID = "(?:\\d{1,25}|pfbid[A-Za-z0-9]{10,80})";
const digits = (value: string | null) => (value && /^\d{1,25}$/.test(value) ? value : null);

/** The post's canonical address on www.facebook.com, rebuilt from its checked parts. */
function facebookHref(url: URL): string | null {
  const path = url.pathname;
  const base = "https://www.facebook.com";
  const posts = new RegExp(`^/(${FB_PAGE})/posts/(${FB_POST_ID})/?$`).exec(path);
  if (posts) return `${base}/${posts[1]}/posts/${posts[2]}`;
  const videos = new RegExp(`^/(${FB_PAGE})/videos/(\\d{1,25})/?$`).exec(path);
  if (videos) return `${base}/${videos[1]}/videos/${videos[2]}/`;
  const reel = /^\/reel\/(\d{1,25})\/?$/.exec(path);
  if (reel) return `${base}/reel/${reel[1]}`;
  if (path === "/watch" || path === "/watch/") {
    const video = digits(url.searchParams.get("v"));
    return video ? `${base}/watch/?v=${video}` : null;
  }
  if (path === "/permalink.php" || path === "/story.php") {
    const story = url.searchParams.get("story_fbid") ?? "";
    const owner = digits(url.searchParams.get("id"));
    if (!new RegExp(`^${FB_POST_ID}$`).test(story) || !owner) return null;
    return `${base}/permalink.php?story_fbid=${story}&id=${owner}`;
  }
  return null;
}

export const FACEBOOK: EmbedProvider = {
  id: "facebook",
  name: "Facebook",
  hosts: [
    "facebook.com",
    "www.facebook.com",
    "m.facebook.com",
    "mobile.facebook.com",
    "web.facebook.com",
  ],
  frameOrigin: "https://www.facebook.com",
  allow: POST_ALLOW,
  sandbox: BASE_SANDBOX,
  parse(url) {
    const href = facebookHref(url);
    if (!href) return null;
    // The iframe form of Facebook's Embedded Posts plugin (videos embed as posts too).
    const query = new URLSearchParams({ href, show_text: "true", width: "500" });
    const src = `https://www.facebook.com/plugins/post.php?${query}`;
    return post("Facebook", "https://www.facebook.com", src, 600, 500);
  },
};

export const TELEGRAM: EmbedProvider = {
  id: "telegram",
  name: "Telegram",
  hosts: ["t.me", "telegram.me"],
  frameOrigin: "https://t.me",
  allow: POST_ALLOW,
  sandbox: BASE_SANDBOX,
  parse(url) {
    const match = /^\/(?:s\/)?([A-Za-z][A-Za-z0-9_]{3,31})\/(\d{1,12})\/?$/.exec(url.pathname);
    if (!match) return null;
    const src = `https://t.me/${match[1]}/${match[2]}?embed=1`;
    return post("Telegram", "https://t.me", src, 420, 550);
  },
};

export const POST_PROVIDERS: readonly EmbedProvider[] = [X, BLUESKY, INSTAGRAM, FACEBOOK, TELEGRAM];
