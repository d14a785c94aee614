/**
 * Sharing an entry: its permalink, and the address each network's own share page takes it at.
 * Plain links, no network's script, button or picture (the pages' CSP would refuse them anyway):
 * the reader's browser goes to the network only when the reader follows a link. Used by the live
 * client (client/reader/share.ts); zod-free, so the reader bundle stays small.
 */

/** The networks offered where the device has no share sheet of its own, in menu order. */
export const SHARE_NETWORKS = {
  x: "X",
  facebook: "Facebook",
  whatsapp: "WhatsApp",
  telegram: "Telegram",
  bluesky: "Bluesky",
  linkedin: "LinkedIn",
} as const;

export type ShareNetwork = keyof typeof SHARE_NETWORKS | "email";

/** One way to share: the network's name ("Share on {name}"), null for e-mail. */
export interface SharedLink {
  network: ShareNetwork;
  name: string | null;
  href: string;
}

/** The address of an entry's own page, which opens the blog at that entry and previews it. */
export const entryPermalink = (origin: string, blogId: string, entryId: string) =>
  `${origin}/blogs/${encodeURIComponent(blogId)}/entries/${encodeURIComponent(entryId)}`;

/**
 * A query value, percent-encoded as UTF-8. A lone half of a surrogate pair (an emoji an excerpt
 * cut in two) becomes U+FFFD first: encodeURIComponent throws on it.
 */
const encode = (text: string) =>
  encodeURIComponent(
    text.replace(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      "\uFFFD",
    ),
  );

/**
 * Every share link for `url` titled `title`. Networks that take one text field get the title and
 * the link in it; the others read the title from the page's own preview tags.
 */
export function shareLinks({ title, url }: { title: string; url: string }): SharedLink[] {
  const t = encode(title);
  const u = encode(url);
  const hrefs: Record<ShareNetwork, string> = {
    x: `https://x.com/intent/post?text=${t}&url=${u}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${u}`,
    whatsapp: `https://wa.me/?text=${t}%20${u}`,
    telegram: `https://t.me/share/url?url=${u}&text=${t}`,
    bluesky: `https://bsky.app/intent/compose?text=${t}%20${u}`,
    linkedin: `https://www.linkedin.com/sharing/share-offsite/?url=${u}`,
    email: `mailto:?subject=${t}&body=${u}`,
  };
  return [
    ...Object.entries(SHARE_NETWORKS).map(([network, name]) => ({
      network: network as ShareNetwork,
      name,
      href: hrefs[network as ShareNetwork],
    })),
    { network: "email", name: null, href: hrefs.email },
  ];
}
