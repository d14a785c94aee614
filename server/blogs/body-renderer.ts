/**
 * An entry body from Markdown to stored HTML, with its pictures: the media records it links are
 * read in one call, every image is checked, and only a body whose images can all be shown to
 * every reader is rendered. Entries (service.ts) and the desk's preview (pages/preview.ts) both
 * render here, so the preview shows what will be published, or refuses what would be refused.
 *
 * The figure markup is fixed when the entry is saved: a record changed later (its caption) shows
 * in an entry once the entry is edited, which renders it again.
 */
import { MEDIA_PATH, mediaFileNameSchema, mediaIdOfPath, type Media } from "../../shared/media.js";
import { AppError } from "../errors.js";
import type { MediaCatalog } from "../store/port.js";
import type { BodyImage } from "./figures.js";
import { imagesOf, renderBody } from "./markdown.js";

/** Where the records come from: the store's media catalog. */
export type MediaLookup = Pick<MediaCatalog, "getManyMedia">;

/** A catalog with no pictures in it, for bodies that never link one (the demo blog). */
export const NO_MEDIA: MediaLookup = { getManyMedia: async () => new Map() };

interface ImageProblem {
  src: string;
  code: "unknown_media" | "missing_alt" | "image_not_allowed";
  message: string;
}

/** One stored file of a picture (`/media/<hash>.<ext>`), linked directly: this server's too. */
const isStoredFile = (src: string) =>
  src.startsWith(`${MEDIA_PATH}/`) &&
  mediaFileNameSchema.safeParse(src.slice(MEDIA_PATH.length + 1)).success;

const needsAlt = (src: string) =>
  `Image ${src} needs alt text (describe it for readers who cannot see it), or mark it decorative when uploading`;

function problemOf(image: BodyImage, media: ReadonlyMap<string, Media>): ImageProblem | null {
  const { src } = image;
  const id = mediaIdOfPath(src);
  if (id !== null) {
    const record = media.get(id);
    if (!record)
      return {
        src,
        code: "unknown_media",
        message: `Image ${src} does not exist: upload it first with POST /api/media`,
      };
    if (!image.alt.trim() && !record.alt && !record.decorative)
      return { src, code: "missing_alt", message: needsAlt(src) };
    return null;
  }
  if (!/^https:\/\//i.test(src) && !isStoredFile(src))
    return {
      src,
      code: "image_not_allowed",
      message: `Image ${src} cannot be shown: upload it with POST /api/media and link it as /media/<id>, or link an https:// image`,
    };
  if (!image.alt.trim()) return { src, code: "missing_alt", message: needsAlt(src) };
  return null;
}

/** 400 validation_failed naming every image that cannot be shown, and what to do about it. */
function invalidImages(problems: ImageProblem[]) {
  return new AppError(
    400,
    "validation_failed",
    problems.map((p) => `${p.message}.`).join(" "),
    problems.map((p) => ({ path: "body", code: p.code, src: p.src, message: p.message })),
  );
}

export function createBodyRenderer(catalog: MediaLookup) {
  return {
    /** The body's sanitized HTML, or a 400 when one of its images cannot be shown. */
    async render(source: string): Promise<string> {
      const images = imagesOf(source);
      const ids = [...new Set(images.map((i) => mediaIdOfPath(i.src)))].filter(
        (id): id is string => id !== null,
      );
      const media = ids.length > 0 ? await catalog.getManyMedia(ids) : new Map<string, Media>();
      const seen = new Set<string>();
      const problems: ImageProblem[] = [];
      for (const image of images) {
        const problem = problemOf(image, media);
        if (problem && !seen.has(`${problem.code} ${problem.src}`)) {
          seen.add(`${problem.code} ${problem.src}`);
          problems.push(problem);
        }
      }
      if (problems.length > 0) throw invalidImages(problems);
      return renderBody(source, media);
    },
  };
}

export type BodyRenderer = ReturnType<typeof createBodyRenderer>;
