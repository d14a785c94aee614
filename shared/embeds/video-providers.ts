/** Video providers of the embed registry: YouTube, Vimeo, TikTok. */
import { BASE_SANDBOX, type EmbedProvider, type FrameSize } from "./types.js";

const WIDE: FrameSize = { aspectRatio: "16 / 9" };
/** Shorts and TikToks are filmed upright; a 16:9 box would show them as a narrow strip. */
const UPRIGHT: FrameSize = { aspectRatio: "9 / 16", maxWidth: 340 };
const VIDEO_ALLOW = "encrypted-media; picture-in-picture; fullscreen";
/** allow-presentation: the players' "cast to a screen" button (Presentation API). */
const VIDEO_SANDBOX = `${BASE_SANDBOX} allow-presentation`;

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;

/** YouTube's `t`/`start`: seconds ("90", "90s") or "1h2m3s"; null when absent or malformed. */
function startSeconds(value: string | null): number | null {
  if (!value) return null;
  const match = /^(?:(\d{1,2})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s?)?$/.exec(value);
  if (!match) return null;
  const [, h = "0", m = "0", s = "0"] = match;
  const total = Number(h) * 3600 + Number(m) * 60 + Number(s);
  return total > 0 ? total : null;
}

export const YOUTUBE: EmbedProvider = {
  id: "youtube",
  name: "YouTube",
  hosts: ["youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"],
  // The privacy-enhanced player: no cookies until the reader plays the video.
  frameOrigin: "https://www.youtube-nocookie.com",
  allow: VIDEO_ALLOW,
  sandbox: VIDEO_SANDBOX,
  parse(url) {
    let id: string | undefined;
    let upright = false;
    if (url.hostname === "youtu.be") {
      id = /^\/([^/]+)\/?$/.exec(url.pathname)?.[1];
    } else if (url.pathname === "/watch" || url.pathname === "/watch/") {
      id = url.searchParams.get("v") ?? undefined;
    } else {
      const match = /^\/(shorts|live)\/([^/]+)\/?$/.exec(url.pathname);
      id = match?.[2];
      upright = match?.[1] === "shorts";
    }
    if (!id || !YOUTUBE_ID.test(id)) return null;
    const start = startSeconds(url.searchParams.get("t") ?? url.searchParams.get("start"));
    return {
      noun: "video",
      source: "YouTube",
      frame: {
        src: `https://www.youtube-nocookie.com/embed/${id}${start ? `?start=${start}` : ""}`,
        origin: "https://www.youtube-nocookie.com",
        size: upright ? UPRIGHT : WIDE,
      },
    };
  },
};

const VIMEO_PATHS = [
  /^\/(\d{1,12})(?:\/([0-9a-f]{6,20}))?\/?$/,
  /^\/channels\/[A-Za-z0-9_-]{1,64}\/(\d{1,12})\/?$/,
  /^\/groups\/[A-Za-z0-9_-]{1,64}\/videos\/(\d{1,12})\/?$/,
];

export const VIMEO: EmbedProvider = {
  id: "vimeo",
  name: "Vimeo",
  hosts: ["vimeo.com", "www.vimeo.com", "player.vimeo.com"],
  frameOrigin: "https://player.vimeo.com",
  allow: VIDEO_ALLOW,
  sandbox: VIDEO_SANDBOX,
  parse(url) {
    let id: string | undefined;
    // An unlisted video's link carries its key: in the path, or as `h` on the player.
    let key: string | undefined;
    if (url.hostname === "player.vimeo.com") {
      id = /^\/video\/(\d{1,12})\/?$/.exec(url.pathname)?.[1];
      key = url.searchParams.get("h") ?? undefined;
    } else {
      const match = VIMEO_PATHS.map((shape) => shape.exec(url.pathname)).find(Boolean);
      [, id, key] = match ?? [];
    }
    if (!id) return null;
    if (key !== undefined && !/^[0-9a-f]{6,20}$/.test(key)) return null;
    // dnt=1: Vimeo's "do not track" player, which sets no cookies and records no session data.
    const query = new URLSearchParams({ ...(key ? { h: key } : {}), dnt: "1" });
    return {
      noun: "video",
      source: "Vimeo",
      frame: {
        src: `https://player.vimeo.com/video/${id}?${query}`,
        origin: "https://player.vimeo.com",
        size: WIDE,
      },
    };
  },
};

export const TIKTOK: EmbedProvider = {
  id: "tiktok",
  name: "TikTok",
  hosts: ["tiktok.com", "www.tiktok.com", "m.tiktok.com"],
  frameOrigin: "https://www.tiktok.com",
  allow: VIDEO_ALLOW,
  sandbox: BASE_SANDBOX,
  parse(url) {
    const id = /^\/@[A-Za-z0-9_.]{1,32}\/video\/(\d{1,20})\/?$/.exec(url.pathname)?.[1];
    if (!id) return null;
    return {
      noun: "video",
      source: "TikTok",
      // TikTok's iframe player (its documented Embed Player); the older blockquote embed needs
      // TikTok's script in our page, and TikTok is retiring it.
      frame: {
        src: `https://www.tiktok.com/player/v1/${id}`,
        origin: "https://www.tiktok.com",
        size: UPRIGHT,
      },
    };
  },
};

export const VIDEO_PROVIDERS: readonly EmbedProvider[] = [YOUTUBE, VIMEO, TIKTOK];
