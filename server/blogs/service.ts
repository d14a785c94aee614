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
  Poll,
  UpdateBlogInput,
  UpdateEntryInput,
} from "../../shared/schemas.js";
import { entryTitle } from "../../shared/render.js";
import { AppError, badRequest, notFound, pollNotFound } from "../errors.js";
import type { Covers } from "../media/covers.js";
import type { BlogStore, EngagementStore, EntryPatch } from "../store/port.js";
import type { AuditTrail } from "../workflow/audit.js";
import { createBodyRenderer, NO_MEDIA, type MediaLookup } from "./body-renderer.js";
import { describeBlogChange } from "./changes.js";
import { bylinesOf, firstAuthor, type People } from "./bylines.js";
import { closedPoll, pollFromInput, reopenedPoll } from "./polls.js";

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

/** How often closing or reopening a poll is tried when an edit slips in between its read and write. */
const POLL_CHANGE_ATTEMPTS = 3;

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
  /**
   * Readers' counts, forgotten when a poll is removed or replaced and when an entry is deleted;
   * the demo seeder, which does neither, has none.
   */
  engagement?: Pick<EngagementStore, "forget">;
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
    engagement,
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
  /** Forgets readers' counts of an entry (all, or only its poll's) once its change is saved. */
  const forgetCounts = async (blogId: string, entryId: string, only?: "poll") => {
    if (!engagement) throw new Error("this blog service was built without engagement");
    await engagement.forget(blogId, entryId, only);
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
      ...(input.poll ? { poll: pollFromInput(input.poll, undefined, clock()).poll } : {}),
    };
  };

  const requireBlog = async (blogId: string): Promise<Blog> => {
    const blog = await store.getBlog(blogId);
    if (!blog) throw notFound(`Blog "${blogId}"`);
    return blog;
  };

  const getEntry = async (blogId: string, entryId: string): Promise<Entry> => {
    const entry = await store.getEntry(blogId, entryId);
    if (!entry) throw notFound(`Entry "${entryId}"`);
    return entry;
  };

  /**
   * Saves what `change` makes of the published entry's poll (404 poll_not_found when it has
   * none); when it changes nothing, the entry is answered as it is, with no event.
   */
  const changePoll = async (
    blogId: string,
    entryId: string,
    change: (poll: Poll, now: Date) => Poll | null,
    by: Author,
    detail: string,
  ): Promise<Entry> => {
    for (let attempt = 1; ; attempt++) {
      const entry = await getEntry(blogId, entryId);
      if (!entry.poll) throw pollNotFound(entryId);
      const at = clock();
      const poll = change(entry.poll, at);
      if (!poll) return entry;
      try {
        const saved = await store.updateEntry(
          blogId,
          entryId,
          { poll },
          entry.version,
          at.toISOString(),
        );
        await audit?.record(by.name, "entry.updated", blogId, { entryId, detail });
        return saved;
      } catch (err) {
        // Edited in between: close (or reopen) the poll as it is now.
        const raced = err instanceof AppError && err.code === "version_conflict";
        if (!raced || attempt === POLL_CHANGE_ATTEMPTS) throw err;
      }
    }
  };

  return {
    requireBlog,
    getEntry,
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
      const { version, body, headline, pinned, keyEvent, poll, status, publishAt } = input;
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
      // The poll as the entry has it, whose id is kept when its options are. This read cannot be
      // older than the editor's `version`, which the write names: a poll changed in between
      // fails the write with 409 instead of being replaced unseen.
      const polled =
        poll === undefined
          ? undefined
          : pollFromInput(poll, (await getEntry(blogId, entryId)).poll, clock());
      if (polled) patch.poll = polled.poll;
      const entry = await store.updateEntry(blogId, entryId, patch, version, now());
      if (polled?.forgetCounts) await forgetCounts(blogId, entryId, "poll");
      await audit?.record(by.name, "entry.updated", blogId, {
        entryId,
        detail: changedFields(input),
      });
      return entry;
    },

    async deleteEntry(blogId: string, entryId: string, by: Author): Promise<void> {
      await store.deleteEntry(blogId, entryId, now());
      await forgetCounts(blogId, entryId);
      await audit?.record(by.name, "entry.deleted", blogId, { entryId });
    },

    /** Forgets readers' counts of an entry taken off the blog (unpublished: drafts.ts). */
    forgetCounts,

    /** POST .../poll/close: closed now; closing a closed poll changes nothing. */
    closePoll: (blogId: string, entryId: string, by: Author) =>
      changePoll(blogId, entryId, closedPoll, by, "poll closed"),

    /** POST .../poll/reopen: open again, until `closesAt` (see reopenedPoll). */
    reopenPoll: (
      blogId: string,
      entryId: string,
      closesAt: string | null | undefined,
      by: Author,
    ) =>
      changePoll(
        blogId,
        entryId,
        (poll, at) => reopenedPoll(poll, closesAt, at),
        by,
        closesAt ? `poll reopened until ${closesAt}` : "poll reopened",
      ),

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
