import { describe, expect, it } from "vitest";
import {
  EMBED_PROVIDERS,
  embedFrameOrigins,
  findEmbed,
  FIXED_FRAME_ORIGINS,
  frameAllowed,
} from "../../shared/embeds/providers.js";

/** [link, provider id, frame src] */
type Accepted = [string, string, string];

const ACCEPTED: Accepted[] = [
  // YouTube: watch, short links, shorts, live; the privacy-enhanced player, with the start time.
  ...(
    [
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      "https://youtube.com/watch?v=dQw4w9WgXcQ&feature=share",
      "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
      "https://youtu.be/dQw4w9WgXcQ",
      "https://youtu.be/dQw4w9WgXcQ?si=abcdef",
      "https://www.youtube.com/shorts/dQw4w9WgXcQ",
      "https://www.youtube.com/live/dQw4w9WgXcQ",
    ] as const
  ).map((link): Accepted => [
    link,
    "youtube",
    "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
  ]),
  [
    "https://youtu.be/dQw4w9WgXcQ?t=90",
    "youtube",
    "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90",
  ],
  [
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s",
    "youtube",
    "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90",
  ],
  // Vimeo: public, unlisted (with its key), channels, the player's own address; never tracking.
  ["https://vimeo.com/76979871", "vimeo", "https://player.vimeo.com/video/76979871?dnt=1"],
  [
    "https://vimeo.com/76979871/8a3f2c1b9d",
    "vimeo",
    "https://player.vimeo.com/video/76979871?h=8a3f2c1b9d&dnt=1",
  ],
  [
    "https://vimeo.com/channels/staffpicks/76979871",
    "vimeo",
    "https://player.vimeo.com/video/76979871?dnt=1",
  ],
  [
    "https://player.vimeo.com/video/76979871?h=8a3f2c1b9d",
    "vimeo",
    "https://player.vimeo.com/video/76979871?h=8a3f2c1b9d&dnt=1",
  ],
  // TikTok: the documented iframe player.
  [
    "https://www.tiktok.com/@scout2015/video/6718335390845095173",
    "tiktok",
    "https://www.tiktok.com/player/v1/6718335390845095173",
  ],
  // X and Twitter, with the share query X adds.
  ...(
    [
      "https://x.com/jack/status/20",
      "https://twitter.com/jack/status/20",
      "https://www.twitter.com/jack/status/20?s=20&t=abc",
      "https://mobile.twitter.com/jack/status/20",
      "https://x.com/i/web/status/20",
    ] as const
  ).map((link): Accepted => [
    link,
    "x",
    "https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true",
  ]),
  // Bluesky: a handle (lower-cased) or a DID, as embed.bsky.app takes them.
  [
    "https://bsky.app/profile/Jay.bsky.team/post/3jszsrnruws27",
    "bluesky",
    "https://embed.bsky.app/embed/jay.bsky.team/app.bsky.feed.post/3jszsrnruws27?colorMode=system",
  ],
  [
    "https://bsky.app/profile/did:plc:oky5czdrnfjpqslsw2a5iclo/post/3jszsrnruws27",
    "bluesky",
    "https://embed.bsky.app/embed/did:plc:oky5czdrnfjpqslsw2a5iclo/app.bsky.feed.post/3jszsrnruws27?colorMode=system",
  ],
  // Mastodon: any server's /@user/<digits>, framed from that server.
  [
    "https://mastodon.social/@Gargron/109312345678901234",
    "mastodon",
    "https://mastodon.social/@Gargron/109312345678901234/embed",
  ],
  [
    "https://journa.host/@reporter_1/1123",
    "mastodon",
    "https://journa.host/@reporter_1/1123/embed",
  ],
  // Instagram: posts and reels, captioned.
  [
    "https://www.instagram.com/p/CxYz123AbC_/",
    "instagram",
    "https://www.instagram.com/p/CxYz123AbC_/embed/captioned/",
  ],
  [
    "https://instagram.com/reel/CxYz123AbC_?igsh=xyz",
    "instagram",
    "https://www.instagram.com/p/CxYz123AbC_/embed/captioned/",
  ],
  // Facebook: the plugin, with the post's canonical address encoded.
  [
    "https://www.facebook.com/nytimes/posts/10151234567890123",
    "facebook",
    "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fnytimes%2Fposts%2F10151234567890123&show_text=true&width=500",
  ],
  [
    "https://m.facebook.com/story.php?story_fbid=pfbid02abcDEF123456&id=100044",
    "facebook",
    "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fpermalink.php%3Fstory_fbid%3Dpfbid02abcDEF123456%26id%3D100044&show_text=true&width=500",
  ],
  [
    "https://www.facebook.com/watch/?v=1234567890",
    "facebook",
    "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D1234567890&show_text=true&width=500",
  ],
  // Telegram channel posts.
  ["https://t.me/durov/142", "telegram", "https://t.me/durov/142?embed=1"],
  ["https://t.me/s/durov/142", "telegram", "https://t.me/durov/142?embed=1"],
  // SoundCloud: a track, a set; the widget with the canonical address.
  [
    "https://soundcloud.com/forss/flickermood",
    "soundcloud",
    "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fforss%2Fflickermood",
  ],
  [
    "https://m.soundcloud.com/forss/sets/soulhack",
    "soundcloud",
    "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fforss%2Fsets%2Fsoulhack",
  ],
  // Spotify: each kind, with or without a language prefix.
  ...(["track", "album", "playlist", "episode", "show"] as const).map((type): Accepted => [
    `https://open.spotify.com/${type}/4uLU6hMCjMI75M1A2tKUQC?si=x`,
    "spotify",
    `https://open.spotify.com/embed/${type}/4uLU6hMCjMI75M1A2tKUQC`,
  ]),
  [
    "https://open.spotify.com/intl-de/track/4uLU6hMCjMI75M1A2tKUQC",
    "spotify",
    "https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC",
  ],
];

describe("findEmbed", () => {
  it.each(ACCEPTED)("knows %s (%s)", (link, provider, src) => {
    const embed = findEmbed(link);
    expect(embed?.provider.id).toBe(provider);
    expect(embed?.frame.src).toBe(src);
    // The frame comes from the origin CSP is told about.
    expect(new URL(embed!.frame.src).origin).toBe(embed!.frame.origin);
  });

  it("covers every provider of the registry", () => {
    expect(new Set(ACCEPTED.map(([, provider]) => provider))).toEqual(
      new Set(Object.keys(EMBED_PROVIDERS)),
    );
  });

  it.each([
    ["a look-alike host", "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ"],
    ["a look-alike host ending in the name", "https://evilyoutube.com/watch?v=dQw4w9WgXcQ"],
    ["a subdomain nobody uses", "https://evil.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["plain http", "http://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["javascript:", "javascript:alert(1)//https://youtu.be/dQw4w9WgXcQ"],
    ["data:", "data:text/html,https://youtu.be/dQw4w9WgXcQ"],
    ["a user-info trick", "https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ"],
    ["user info on the real host", "https://me@www.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["a port", "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ"],
    ["a trailing dot", "https://youtube.com./watch?v=dQw4w9WgXcQ"],
    ["a backslash", "https://evil.example\\@youtube.com/watch?v=dQw4w9WgXcQ"],
    ["a protocol-relative link", "//youtu.be/dQw4w9WgXcQ"],
    ["a short id", "https://youtu.be/dQw4w9WgXc"],
    ["an id with a quote", 'https://youtu.be/dQw4w9WgX"Q'],
    ["a YouTube channel", "https://www.youtube.com/@channel"],
    ["a YouTube playlist", "https://www.youtube.com/playlist?list=PL123"],
    ["a Vimeo page", "https://vimeo.com/about"],
    ["a TikTok profile", "https://www.tiktok.com/@scout2015"],
    ["an X profile", "https://x.com/jack"],
    ["an X status with letters", "https://x.com/jack/status/20abc"],
    ["a Bluesky profile", "https://bsky.app/profile/jay.bsky.team"],
    ["a Bluesky handle with a slash", "https://bsky.app/profile/a%2Fb.example/post/3jszsrnruws27"],
    ["an Instagram profile", "https://www.instagram.com/nasa/"],
    ["a Facebook page", "https://www.facebook.com/nytimes"],
    ["a Facebook permalink without owner", "https://www.facebook.com/permalink.php?story_fbid=1"],
    ["a Telegram invite", "https://t.me/joinchat/AAAAAE"],
    ["a SoundCloud page", "https://soundcloud.com/discover/sets"],
    ["a SoundCloud user's likes", "https://soundcloud.com/forss/likes"],
    ["a Spotify artist", "https://open.spotify.com/artist/4uLU6hMCjMI75M1A2tKUQC"],
    ["a Spotify id of the wrong length", "https://open.spotify.com/track/4uLU6hMCj"],
    ["Mastodon's shape on X's host", "https://x.com/@jack/20"],
    ["Mastodon's shape on an IP address", "https://192.168.1.10/@admin/1"],
    ["a Mastodon remote account", "https://mastodon.social/@someone@example.org/1"],
    ["an unknown site", "https://example.org/watch?v=dQw4w9WgXcQ"],
    ["not a URL", "youtube dQw4w9WgXcQ"],
  ])("refuses %s", (_name, link) => {
    expect(findEmbed(link)).toBeNull();
  });
});

describe("frame origins", () => {
  it("lists one origin per fixed provider, and the allowed Mastodon servers", () => {
    expect(FIXED_FRAME_ORIGINS).toEqual([
      "https://www.youtube-nocookie.com",
      "https://player.vimeo.com",
      "https://www.tiktok.com",
      "https://platform.twitter.com",
      "https://embed.bsky.app",
      "https://www.instagram.com",
      "https://www.facebook.com",
      "https://t.me",
      "https://w.soundcloud.com",
      "https://open.spotify.com",
    ]);
    expect(embedFrameOrigins(["mastodon.social"])).toEqual([
      ...FIXED_FRAME_ORIGINS,
      "https://mastodon.social",
    ]);
  });

  it("allows a Mastodon frame only from a listed server", () => {
    const listed = findEmbed("https://mastodon.social/@Gargron/1")!;
    const unlisted = findEmbed("https://tiny.example/@someone/1")!;
    expect(frameAllowed(listed, ["mastodon.social"])).toBe(true);
    expect(frameAllowed(unlisted, ["mastodon.social"])).toBe(false);
    expect(frameAllowed(findEmbed("https://youtu.be/dQw4w9WgXcQ")!, [])).toBe(true);
  });
});
