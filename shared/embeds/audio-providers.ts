/** Audio providers of the embed registry: SoundCloud, Spotify. */
import { BASE_SANDBOX, type EmbedNoun, type EmbedProvider } from "./types.js";

/** First path segments of soundcloud.com that are its own pages, not a user's. */
const SOUNDCLOUD_PAGES = new Set([
  "charts",
  "discover",
  "feed",
  "imprint",
  "jobs",
  "logout",
  "messages",
  "mobile",
  "notifications",
  "pages",
  "people",
  "search",
  "settings",
  "signin",
  "stream",
  "tags",
  "terms-of-use",
  "upload",
  "you",
]);
/** Second segments that are a user's lists, not a track. */
const SOUNDCLOUD_LISTS = new Set([
  "albums",
  "comments",
  "followers",
  "following",
  "likes",
  "popular-tracks",
  "reposts",
  "sets",
  "spotlight",
  "tracks",
]);

export const SOUNDCLOUD: EmbedProvider = {
  id: "soundcloud",
  name: "SoundCloud",
  hosts: ["soundcloud.com", "www.soundcloud.com", "m.soundcloud.com"],
  frameOrigin: "https://w.soundcloud.com",
  allow: "",
  sandbox: BASE_SANDBOX,
  parse(url) {
    const match = /^\/([A-Za-z0-9_-]{1,50})\/(?:(sets)\/)?([A-Za-z0-9_-]{1,200})\/?$/.exec(
      url.pathname,
    );
    if (!match) return null;
    const [, user, set, slug] = match as unknown as [string, string, string | undefined, string];
    if (SOUNDCLOUD_PAGES.has(user) || (!set && SOUNDCLOUD_LISTS.has(slug))) return null;
    const href = `https://soundcloud.com/${user}/${set ? "sets/" : ""}${slug}`;
    return {
      noun: set ? "playlist" : "track",
      source: "SoundCloud",
      frame: {
        src: `https://w.soundcloud.com/player/?${new URLSearchParams({ url: href })}`,
        origin: "https://w.soundcloud.com",
        // The widget's own heights: one track, or a list.
        size: { height: set ? 450 : 166 },
      },
    };
  },
};

const SPOTIFY_NOUNS: Record<string, EmbedNoun> = {
  track: "track",
  album: "album",
  playlist: "playlist",
  episode: "episode",
  show: "podcast",
};

export const SPOTIFY: EmbedProvider = {
  id: "spotify",
  name: "Spotify",
  hosts: ["open.spotify.com"],
  frameOrigin: "https://open.spotify.com",
  // Spotify plays full tracks to logged-in listeners with DRM.
  allow: "encrypted-media",
  sandbox: BASE_SANDBOX,
  parse(url) {
    const match =
      /^\/(?:intl-[a-z]{2}(?:-[A-Za-z]{2})?\/)?(track|album|playlist|episode|show)\/([A-Za-z0-9]{22})\/?$/.exec(
        url.pathname,
      );
    if (!match) return null;
    const [, type, id] = match as unknown as [string, string, string];
    return {
      noun: SPOTIFY_NOUNS[type]!,
      source: "Spotify",
      frame: {
        src: `https://open.spotify.com/embed/${type}/${id}`,
        origin: "https://open.spotify.com",
        // Spotify's two embed heights: the compact player for one item, the list for many.
        size: { height: type === "track" || type === "episode" ? 152 : 352 },
      },
    };
  },
};

export const AUDIO_PROVIDERS: readonly EmbedProvider[] = [SOUNDCLOUD, SPOTIFY];
