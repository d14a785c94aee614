/**
 * What editors and readers can do with blogs and entries, independent of HTTP and sockets:
 * validated input in, store calls out. Routes call this; so do the demo seeder and the CLI.
 */
import { createHash, randomBytes } from "node:crypto";
import type {
  Blog,
  CreateBlogInput,
  CreateEntryInput,
  Entry,
  ListEntriesQuery,
  UpdateBlogInput,
  UpdateEntryInput,
} from "../../shared/schemas.js";
import { entryTitle } from "../../shared/render.js";
import { badRequest, notFound } from "../errors.js";
import type { Covers } from "../media/covers.js";
import type { BlogStore, EntryPatch } from "../store/port.js";
import type { AuditTrail } from "../workflow/audit.js";
import { createBodyRenderer, NO_MEDIA, type MediaLookup } from "./body-renderer.js";
import { describeBlogChange } from "./changes.js";
import { bylinesOf, firstAuthor, type People } from "./bylines.js";

/** Who an entry is by, as its byline shows them. */
export interface Author {
  name: string;
  displayName: string;
}

/** A slug from a title: "Election night 2026!" -> "election-night-2026". */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
  return slug || `blog-${randomBytes(4).toString("hex")}`;
}

/** A new entry's id (a draft's too: publishing keeps it). */
const newEntryId = () => randomBytes(9).toString("base64url");

/** What an audit record says about an entry: its headline, or the start of its text. */
export const auditDetail = (entry: Pick<Entry, "headline" | "html">) => entryTitle(entry, 80);

/** The names of the fields a change sets, for the audit trail ("body, headline"). */
export const changedFields = (input: object) =>
  Object.entries(input)
    .filter(([key, value]) => key !== "version" && value !== undefined)
    .map(([key]) => key)
    .join(", ");

export interface BlogServiceOptions {
  /**
   * The uploaded pictures' records, which entry bodies link as `/media/<id>`; without it, no
   * picture is known and a body linking one is refused (the demo blog links none).
   */
  media?: MediaLookup;
  /** Makes a picture ready to be a cover; without it, a blog cannot be given one. */
  covers?: Covers;
  /** Where who-did-what is recorded (server/workflow/audit.ts); none for the demo seeder. */
  audit?: AuditTrail;
  /** Who may be named in bylines (`authors`); without it, only the asker can be. */
  people?: People;
  /** A new blog's language and time zone when its creator names none (DEFAULT_LANGUAGE, ...). */
  defaults?: { language: string; timeZone: string };
  clock?: () => Date;
}

const ENGLISH_IN_UTC = { language: "en", timeZone: "UTC" };

export function createBlogService(
  store: BlogStore,
  {
    media = NO_MEDIA,
    covers,
    audit,
    people,
    defaults = ENGLISH_IN_UTC,
    clock = () => new Date(),
  }: BlogServiceOptions = {},
) {
  const now = () => clock().toISOString();
  const bodies = createBodyRenderer(media);
  /** A cover must exist and have its crops before any blog names it. */
  const prepareCover = async (cover: string | null | undefined) => {
    if (!cover) return;
    if (!covers) throw new Error("this blog service was built without covers");
    await covers.prepare(cover);
  };

  /**
   * What every new entry has, published or not: a new id, the time, the bylines (400 for an
   * unknown person) and the body rendered (400 for a picture that cannot be shown), before
   * anything is stored.
   */
  const newContent = async (blogId: string, input: CreateEntryInput, author: Author) => {
    const html = await bodies.render(input.body);
    const authors = await bylinesOf(people, input.authors, author);
    return {
      id: newEntryId(),
      blogId,
      createdAt: now(),
      author: firstAuthor(authors),
      authors,
      headline: input.headline ?? null,
      body: input.body,
      html,
      pinned: input.pinned ?? false,
      keyEvent: input.keyEvent ?? false,
    };
  };

  const requireBlog = async (blogId: string): Promise<Blog> => {
    const blog = await store.getBlog(blogId);
    if (!blog) throw notFound(`Blog "${blogId}"`);
    return blog;
  };

  return {
    requireBlog,
    newContent,
    /** A body as it is stored: rendered and sanitized, its pictures checked (400 otherwise). */
    renderBody: (body: string) => bodies.render(body),
    /** Bylines for `authors` (log-in names; 400 for one that is not an active person). */
    bylines: (names: readonly string[] | undefined, asker: Author) =>
      bylinesOf(people, names, asker),

    /** Live blogs first, then the most recently updated. */
    async listBlogs(): Promise<Blog[]> {
      const blogs = await store.listBlogs();
      return blogs.sort(
        (a, b) =>
          Number(b.status === "live") - Number(a.status === "live") ||
          b.updatedAt.localeCompare(a.updatedAt),
      );
    },

    /** `by`: who asks, for the audit trail (none for the demo seeder). */
    async createBlog(input: CreateBlogInput, by?: string): Promise<Blog> {
      await prepareCover(input.cover);
      const at = now();
      const blog = await store.createBlog({
        id: input.id ?? slugify(input.title),
        title: input.title,
        description: input.description ?? "",
        status: "live",
        cover: input.cover ?? null,
        endedAt: null,
        language: input.language ?? defaults.language,
        timeZone: input.timeZone ?? defaults.timeZone,
        createdAt: at,
        updatedAt: at,
      });
      if (by) await audit?.record(by, "blog.created", blog.id, { detail: blog.title });
      return blog;
    },

    async updateBlog(blogId: string, patch: UpdateBlogInput, by?: string): Promise<Blog> {
      await prepareCover(patch.cover);
      const at = now();
      const before = await requireBlog(blogId);
      // endedAt is the time the coverage ended: set when the blog ends, cleared if it goes live again.
      const ending =
        patch.status && patch.status !== before.status
          ? { endedAt: patch.status === "ended" ? at : null }
          : {};
      const blog = await store.updateBlog(blogId, { ...patch, ...ending }, at);
      if (by)
        await audit?.record(by, "blog.updated", blogId, {
          detail: describeBlogChange(before, patch),
        });
      return blog;
    },

    async createEntry(
      blogId: string,
      input: CreateEntryInput,
      author: Author,
      idempotencyKey?: string,
    ): Promise<{ entry: Entry; replayed: boolean }> {
      const created = await store.createEntry(
        blogId,
        { ...(await newContent(blogId, input, author)), status: "published", publishAt: null },
        idempotencyKey === undefined
          ? undefined
          : // What was asked, so that the same key with another entry is refused, not replayed.
            {
              key: idempotencyKey,
              digest: requestDigest(input),
            },
      );
      if (!created.replayed)
        await audit?.record(author.name, "entry.created", blogId, {
          entryId: created.entry.id,
          detail: auditDetail(created.entry),
        });
      return created;
    },

    async updateEntry(
      blogId: string,
      entryId: string,
      input: UpdateEntryInput,
      by: Author,
    ): Promise<Entry> {
      const { version, body, headline, pinned, keyEvent, status, publishAt } = input;
      if (status !== undefined || publishAt !== undefined)
        throw badRequest(
          "validation_failed",
          `Entry "${entryId}" is published: status and publishAt apply to drafts only. To take it back to the desk, POST /api/blogs/${blogId}/entries/${entryId}/unpublish.`,
        );
      const patch: EntryPatch = { body, headline, pinned, keyEvent };
      for (const key of Object.keys(patch) as (keyof EntryPatch)[])
        if (patch[key] === undefined) delete patch[key];
      // A new body is rendered again, pictures and all, with the records as they are now.
      if (body !== undefined) patch.html = await bodies.render(body);
      if (input.authors !== undefined) {
        patch.authors = await bylinesOf(people, input.authors, by);
        patch.author = firstAuthor(patch.authors);
      }
      const entry = await store.updateEntry(blogId, entryId, patch, version, now());
      await audit?.record(by.name, "entry.updated", blogId, {
        entryId,
        detail: changedFields(input),
      });
      return entry;
    },

    async deleteEntry(blogId: string, entryId: string, by: Author): Promise<void> {
      await store.deleteEntry(blogId, entryId, now());
      await audit?.record(by.name, "entry.deleted", blogId, { entryId });
    },

    async getEntry(blogId: string, entryId: string): Promise<Entry> {
      const entry = await store.getEntry(blogId, entryId);
      if (!entry) throw notFound(`Entry "${entryId}"`);
      return entry;
    },

    /**
     * The `before` cursor of the page whose newest entry is this one (a permalink page that
     * starts there), or null when there is no such published entry.
     */
    async cursorThrough(blogId: string, entryId: string): Promise<string | null> {
      const order = await store.entryOrder(blogId, entryId);
      return order === null ? null : String(order + 1);
    },

    async listEntries(blogId: string, query: ListEntriesQuery) {
      const page = await store.listEntries(blogId, {
        limit: query.limit,
        before: query.before === undefined ? undefined : Number(query.before),
        only: query.only,
      });
      return {
        entries: page.entries,
        seq: page.seq,
        epoch: page.epoch,
        next: page.next === null ? null : String(page.next),
      };
    },
  };
}

export type BlogService = ReturnType<typeof createBlogService>;

/** What was asked, so that the same Idempotency-Key with another request is refused, not replayed. */
export const requestDigest = (input: object) =>
  createHash("sha256").update(JSON.stringify(input)).digest("base64url");
