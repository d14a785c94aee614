/**
 * A blog's cover as pages use it: absolute URLs of its crops for link previews (Open Graph,
 * X cards) and search engines (JSON-LD `image`), and its variants for the index page's cards.
 */
import type { CoverImage } from "../../shared/page-state.js";
import { escapeHtml } from "../../shared/html.js";
import type { Media } from "../../shared/media.js";
import type { Blog } from "../../shared/schemas.js";
import type { MediaCatalog } from "../store/port.js";

/** The blog's cover picture, or null when it has none (or the picture has gone). */
export const loadCover = (catalog: MediaCatalog, blog: Pick<Blog, "cover">) =>
  blog.cover ? catalog.getMedia(blog.cover) : Promise.resolve(null);

/** The crops, 1:1, 4:3 and 16:9 (Google's list), with absolute URLs; [] without crops. */
export function coverImages(media: Media | null, origin: string): CoverImage[] {
  if (!media?.crops) return [];
  return (["1x1", "4x3", "16x9"] as const).flatMap((crop) => {
    const file = media.crops?.[crop];
    return file
      ? [
          {
            url: new URL(file.url, origin).href,
            width: file.width,
            height: file.height,
            alt: media.alt,
          },
        ]
      : [];
  });
}

/** The one image a link preview shows: the widest crop (16:9), as networks expect. */
export const previewImage = (images: readonly CoverImage[]) => images.at(-1) ?? null;

/**
 * The cover on the index page's card: the WebP variants by width (the browser picks by the
 * card's width), cut to 16:9 by CSS; the fallback in the picture's own type for old browsers.
 * Width and height are given, so the card never jumps when it loads.
 */
export function coverThumbnail(media: Media | null): string {
  if (!media) return "";
  const webp = media.variants.filter((file) => file.type === "image/webp");
  const fallback = media.variants.find((file) => file.type === media.type) ?? media.variants[0];
  if (!fallback) return "";
  const srcset = webp.map((file) => `${file.url} ${file.width}w`).join(", ");
  return (
    `<img class="blog-cover" src="${escapeHtml(fallback.url)}"` +
    (srcset ? ` srcset="${escapeHtml(srcset)}" sizes="(min-width: 44rem) 42rem, 100vw"` : "") +
    ` width="${media.width}" height="${media.height}" alt="${escapeHtml(media.alt)}" loading="lazy" decoding="async">`
  );
}
