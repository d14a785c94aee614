/**
 * The media library: the uploaded pictures, newest first, the ones nothing shows any more, and
 * their deletion (one by one, or what a deleted blog leaves behind). A picture still shown by an
 * entry or a blog cannot be deleted.
 */
import type { Logger } from "pino";
import type { MediaListQuery, MediaPage, MediaUse } from "../../shared/media-library.js";
import type { Media } from "../../shared/media.js";
import type { Blog } from "../../shared/schemas.js";
import { mediaInUse, notFound } from "../errors.js";
import type { Store } from "../store/port.js";
import type { MediaFiles } from "./port.js";
import { storedFileNames } from "./stored-files.js";
import { referencesOfBlog, scanMediaUsage } from "./usage.js";

/** The uses a refusal names in its message; `details` lists up to LIST_MAX of them. */
const NAMED_MAX = 5;
const LIST_MAX = 100;

const cursorOf = (media: Media) => `${Date.parse(media.createdAt)}.${media.id}`;

/** Whether `media` comes after the cursor in newest-first order (then by id). */
function after(cursor: string) {
  const [time, id] = cursor.split(".") as [string, string];
  return (media: Media) => {
    const t = Date.parse(media.createdAt);
    return t < Number(time) || (t === Number(time) && media.id > id);
  };
}

function said(use: MediaUse): string {
  return use.kind === "entry"
    ? `entry "${use.title}" (${use.blogId}/${use.entryId})`
    : `the ${use.field} of blog "${use.title}" (${use.blogId})`;
}

function inUse(media: Media, uses: MediaUse[]) {
  const named = uses.slice(0, NAMED_MAX).map(said).join(", ");
  const more = uses.length > NAMED_MAX ? ` and ${uses.length - NAMED_MAX} more` : "";
  return mediaInUse(
    `Picture ${media.id} is still shown in ${uses.length === 1 ? "1 place" : `${uses.length} places`}: ` +
      `${named}${more}. Remove it from there first, then delete it.`,
    uses.slice(0, LIST_MAX),
  );
}

export function createMediaLibrary({
  store,
  files,
  log,
}: {
  store: Store;
  files: MediaFiles;
  log: Logger;
}) {
  /**
   * Deletes the record first, then the files: a crash in between leaves files that nothing
   * points at (harmless), never a record whose files are gone. A file another record also
   * names (the same picture uploaded twice has the same content-hashed files) is kept. False
   * when the record was already gone.
   */
  async function deleteRecordAndFiles(media: Media): Promise<boolean> {
    if (!(await store.media.deleteMedia(media.id))) return false;
    const kept = new Set((await store.media.listMedia()).flatMap(storedFileNames));
    const names = storedFileNames(media).filter((name) => !kept.has(name));
    const results = await Promise.allSettled(names.map((name) => files.delete(name)));
    const left = names.filter((_, i) => results[i]!.status === "rejected");
    // Answered as done: the picture is gone; what is left costs storage, not correctness.
    if (left.length > 0)
      log.warn(
        { mediaId: media.id, files: left },
        "picture deleted, but some of its files could not be and are left over",
      );
    return true;
  }

  return {
    async list({ unused, limit, before }: MediaListQuery): Promise<MediaPage> {
      let media = await store.media.listMedia();
      if (before) media = media.filter(after(before));
      if (unused) {
        const usage = await scanMediaUsage(store.blogs, store.drafts);
        media = media.filter((item) => usage.usesOf(item).length === 0);
      }
      const page = media.slice(0, limit);
      return { media: page, next: media.length > limit ? cursorOf(page.at(-1)!) : null };
    },

    /**
     * Deletes a picture that nothing shows: 404 when there is none, 409 media_in_use (naming
     * where) when something still does.
     */
    async remove(id: string): Promise<void> {
      const media = await store.media.getMedia(id);
      if (!media) throw notFound(`Picture ${id}`);
      const uses = (await scanMediaUsage(store.blogs, store.drafts)).usesOf(media);
      if (uses.length > 0) throw inUse(media, uses);
      if (!(await deleteRecordAndFiles(media))) throw notFound(`Picture ${id}`);
    },

    /** The pictures a blog shows (entries, cover, description): read before it is deleted. */
    async shownBy(blog: Blog): Promise<Media[]> {
      const references = await referencesOfBlog(store.blogs, store.drafts, blog);
      if (references.size === 0) return [];
      return (await store.media.listMedia()).filter(
        (media) =>
          references.has(media.id) || storedFileNames(media).some((name) => references.has(name)),
      );
    },

    /**
     * Deletes those of `pictures` that nothing shows any more, after one scan of every blog's
     * entries (usage.ts): what a deleted blog leaves behind. Returns the ids deleted.
     */
    async removeUnused(pictures: readonly Media[]): Promise<string[]> {
      if (pictures.length === 0) return [];
      const usage = await scanMediaUsage(store.blogs, store.drafts);
      const removed: string[] = [];
      for (const media of pictures) {
        if (usage.usesOf(media).length === 0 && (await deleteRecordAndFiles(media)))
          removed.push(media.id);
      }
      return removed;
    },
  };
}

export type MediaLibrary = ReturnType<typeof createMediaLibrary>;
