/** Which stored files make up a picture: the names behind its variants' and crops' URLs. */
import { mediaFileNameSchema, type Media } from "../../shared/media.js";

/**
 * The stored name a file URL ends in (`/media/<hash>.<ext>`, or the same under
 * MEDIA_PUBLIC_URL), or null when it names no file of ours.
 */
export function fileNameOfUrl(url: string): string | null {
  const name = url.slice(url.lastIndexOf("/") + 1);
  return mediaFileNameSchema.safeParse(name).success ? name : null;
}

/** Every file name of the picture's variants and crops, each once. */
export function storedFileNames(media: Media): string[] {
  const urls = [...media.variants, ...Object.values(media.crops ?? {})].map((file) => file.url);
  const names = urls.map(fileNameOfUrl).filter((name): name is string => name !== null);
  return [...new Set(names)];
}
