/**
 * Where pictures are shown: every entry's Markdown body that links `/media/<id>` (or one of the
 * picture's files directly), every draft's (it will be published with them), and every blog
 * whose cover or description does. Read by a scan of
 * every blog's entries, a page of LIMITS.pageMax at a time: deletion is rare and made by hand,
 * and a scan cannot disagree with what is stored, as an index kept on the side could.
 */
import type { MediaUse } from "../../shared/media-library.js";
import { mediaPathOf, type Media } from "../../shared/media.js";
import { LIMITS, type Blog, type Entry } from "../../shared/schemas.js";
import type { BlogStore, DraftStore } from "../store/port.js";
import { storedFileNames } from "./stored-files.js";

/**
 * What a text can point at: a picture by its path `/media/<id>`, or one of its files by name
 * after any `/` (`/media/<hash>.webp`, or a CDN's URL of it). Counting a link that merely looks
 * like one errs on the safe side: that picture is kept. A 16-character hash with an extension
 * is a file's name, not a picture's id.
 */
const REFERENCE =
  /\/(?:([a-f0-9]{16,64}\.(?:webp|jpg|png|gif|avif))(?![a-z0-9])|media\/([a-z0-9]{16})(?![a-z0-9]|\.(?:webp|jpg|png|gif|avif)\b))/g;

/** The media ids and file names that `text` points at. */
export function referencesIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(REFERENCE)) found.add((match[1] ?? match[2])!);
  return found;
}

/** What an entry is called in a list of uses: its headline, or the start of its text. */
function entryTitle(entry: Pick<Entry, "headline" | "body">): string {
  if (entry.headline) return entry.headline;
  const text = entry.body.replace(/\s+/g, " ").trim();
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** The texts of a blog that may show a picture: its description, and its cover's path. */
function blogFields(blog: Blog): { field: "cover" | "description"; text: string }[] {
  const fields: { field: "cover" | "description"; text: string }[] = [
    { field: "description", text: blog.description },
  ];
  if (blog.cover) fields.push({ field: "cover", text: mediaPathOf(blog.cover) });
  return fields;
}

export interface MediaUsage {
  /** Every place the picture is shown, by its id or by one of its files; [] when none. */
  usesOf(media: Media): MediaUse[];
}

/** Hands `visit` every text of the blog that may show a picture, with the use it would be. */
async function visitTexts(
  blogs: BlogStore,
  drafts: Pick<DraftStore, "listDrafts"> | undefined,
  blog: Blog,
  visit: (text: string, use: MediaUse) => void,
): Promise<void> {
  for (const { field, text } of blogFields(blog))
    visit(text, { kind: "blog", blogId: blog.id, field, title: blog.title });
  let before: number | undefined;
  do {
    const page = await blogs.listEntries(blog.id, { limit: LIMITS.pageMax, before });
    for (const entry of page.entries)
      visit(entry.body, {
        kind: "entry",
        blogId: blog.id,
        entryId: entry.id,
        title: entryTitle(entry),
      });
    before = page.next ?? undefined;
  } while (before !== undefined);
  // A draft's pictures are used too: deleting one would break the entry when it is published.
  for (const draft of (await drafts?.listDrafts(blog.id)) ?? [])
    visit(draft.body, {
      kind: "entry",
      blogId: blog.id,
      entryId: draft.id,
      title: `${entryTitle(draft)} (draft)`,
    });
}

/** The media ids and file names that one blog points at (its entries, cover and description). */
export async function referencesOfBlog(
  blogs: BlogStore,
  drafts: Pick<DraftStore, "listDrafts"> | undefined,
  blog: Blog,
): Promise<Set<string>> {
  const found = new Set<string>();
  await visitTexts(blogs, drafts, blog, (text) => {
    for (const reference of referencesIn(text)) found.add(reference);
  });
  return found;
}

/** Reads every blog, entry and draft once, and answers for any number of pictures. */
export async function scanMediaUsage(
  blogs: BlogStore,
  drafts?: Pick<DraftStore, "listDrafts">,
): Promise<MediaUsage> {
  const uses = new Map<string, MediaUse[]>();
  const note = (text: string, use: MediaUse) => {
    for (const reference of referencesIn(text)) {
      const list = uses.get(reference) ?? [];
      list.push(use);
      uses.set(reference, list);
    }
  };
  for (const blog of await blogs.listBlogs()) await visitTexts(blogs, drafts, blog, note);

  return {
    usesOf(media) {
      // One place that links both the picture and one of its files is one use.
      const found = new Map<string, MediaUse>();
      for (const reference of [media.id, ...storedFileNames(media)]) {
        for (const use of uses.get(reference) ?? []) {
          const where = use.kind === "entry" ? use.entryId : use.field;
          found.set(`${use.kind}/${use.blogId}/${where}`, use);
        }
      }
      return [...found.values()];
    },
  };
}
