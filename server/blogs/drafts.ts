/**
 * The desk's workflow for entries (issue 13): who may file, change, withdraw, publish, send back
 * and unpublish what, and drafts' schedules. Every path asks server/auth/roles.ts; published
 * entries' edits go on to the blog service (service.ts), drafts to the DraftStore. Each change
 * is recorded in the audit trail after it is made.
 */
import type { CreateEntryInput, Draft, Entry, UpdateEntryInput } from "../../shared/schemas.js";
import { hasRole, requireRoleOf, worksOn, type Identity } from "../auth/roles.js";
import { AppError, badRequest, forbidden, notADraft, notFound } from "../errors.js";
import type { DraftPatch, DueDraft, Store } from "../store/port.js";
import { SCHEDULER, type AuditTrail } from "../workflow/audit.js";
import { firstAuthor } from "./bylines.js";
import { pollFromInput } from "./polls.js";
import { auditDetail, changedFields, requestDigest, type BlogService } from "./service.js";

export interface DraftServiceDeps {
  store: Pick<Store, "blogs" | "drafts">;
  blogs: BlogService;
  audit?: AuditTrail;
  clock?: () => Date;
}

/** What POST .../entries made: an entry published at once, or a draft (maybe scheduled). */
export type Filed =
  | { kind: "entry"; entry: Entry; replayed: boolean }
  | { kind: "draft"; draft: Draft; replayed: boolean };

export const PUBLISH_ONLY_EDITORS =
  "Only editors and admins may publish; save it as a draft for review.";

/** How often sending a draft back is tried when a save slips in between its read and write. */
const RETURN_ATTEMPTS = 3;

export function createDraftService({
  store,
  blogs,
  audit,
  clock = () => new Date(),
}: DraftServiceDeps) {
  const now = () => clock().toISOString();
  const isEditor = (identity: Identity) => hasRole(identity, "editor");

  /** 403 unless the person works on the blog: editors and admins on all, contributors on theirs. */
  const requireTeam = async (identity: Identity, blogId: string) => {
    if (await worksOn(identity, blogId, store.blogs)) return;
    throw forbidden(`You are not on the team of blog "${blogId}"; ask an editor to add you to it.`);
  };
  /** 403 unless the person may change the draft: editors any, contributors their own. */
  const requireOwn = (identity: Identity, draft: Draft) => {
    if (isEditor(identity) || draft.createdBy === identity.name) return;
    throw forbidden(
      `Draft "${draft.id}" was filed by ${draft.createdBy}; contributors may change and withdraw only their own drafts.`,
    );
  };
  /**
   * For a contributor asking about a published entry: 404 when there is none (so that the
   * answer does not depend on the role), else 403 naming who may.
   */
  const refusePublished = async (
    identity: Identity,
    blogId: string,
    entryId: string,
    what: string,
  ) => {
    if (!(await store.blogs.getEntry(blogId, entryId))) throw notFound(`Entry "${entryId}"`);
    requireRoleOf(identity, "editor", what);
  };
  /** 403 unless the person may edit the published entry (404 when there is none, for anyone). */
  const requireEditsOf = async (
    identity: Identity,
    blogId: string,
    entryId: string,
    what: string,
  ) => {
    await requireTeam(identity, blogId);
    if (!isEditor(identity)) await refusePublished(identity, blogId, entryId, what);
  };
  /**
   * A schedule from a request, written as toISOString writes times (the stores compare them as
   * strings), and in the future.
   */
  const scheduleTime = (publishAt: string) => {
    const time = Date.parse(publishAt);
    if (time <= clock().getTime())
      throw badRequest(
        "validation_failed",
        `publishAt (${publishAt}) is not in the future (it is ${now()} now); give a later time, or leave status out to publish at once.`,
      );
    return new Date(time).toISOString();
  };

  /** The store's patch for a draft: rendered body, bylines, schedule; a save clears `review`. */
  async function draftPatch(draft: Draft, input: UpdateEntryInput, identity: Identity) {
    const { body, headline, pinned, keyEvent, authors, status, publishAt } = input;
    const patch: DraftPatch = { headline, pinned, keyEvent, review: null };
    // A draft's poll has no counts yet (an unpublished entry's were forgotten): nothing to forget.
    if (input.poll !== undefined) patch.poll = pollFromInput(input.poll, draft.poll, clock()).poll;
    if (body !== undefined) {
      patch.body = body;
      patch.html = await blogs.renderBody(body);
    }
    if (authors !== undefined) {
      patch.authors = await blogs.bylines(authors, identity);
      patch.author = firstAuthor(patch.authors);
    }
    if (status === "scheduled" || (status === undefined && publishAt !== undefined)) {
      if (!isEditor(identity)) throw forbidden(PUBLISH_ONLY_EDITORS);
      patch.status = "scheduled";
      patch.publishAt = scheduleTime(publishAt!);
    } else if (status === "draft") {
      if (publishAt !== undefined)
        throw badRequest(
          "validation_failed",
          'publishAt goes with status "scheduled" only; send status "draft" alone to cancel the schedule.',
        );
      patch.status = "draft";
      patch.publishAt = null;
    } else if (!isEditor(identity) && draft.status === "scheduled") {
      // What an editor scheduled is not what a contributor changes it to: back for review.
      patch.status = "draft";
      patch.publishAt = null;
    }
    for (const key of Object.keys(patch) as (keyof DraftPatch)[])
      if (patch[key] === undefined) delete patch[key];
    return patch;
  }

  return {
    /** POST .../poll/close: by whoever may edit the published entry. */
    async closePoll(blogId: string, entryId: string, identity: Identity): Promise<Entry> {
      await requireEditsOf(identity, blogId, entryId, "close polls");
      return blogs.closePoll(blogId, entryId, identity);
    },

    /** POST .../poll/reopen: likewise. */
    async reopenPoll(
      blogId: string,
      entryId: string,
      closesAt: string | null | undefined,
      identity: Identity,
    ): Promise<Entry> {
      await requireEditsOf(identity, blogId, entryId, "reopen polls");
      return blogs.reopenPoll(blogId, entryId, closesAt, identity);
    },

    /**
     * POST .../entries. Editors publish at once unless they ask for a draft or a schedule;
     * a contributor's entry is always a draft, and asking for more is 403.
     */
    async file(
      blogId: string,
      input: CreateEntryInput,
      identity: Identity,
      idempotencyKey?: string,
    ): Promise<Filed> {
      await requireTeam(identity, blogId);
      const status = input.status ?? (isEditor(identity) ? "published" : "draft");
      if (status !== "draft" && !isEditor(identity)) throw forbidden(PUBLISH_ONLY_EDITORS);
      if (status === "published")
        return {
          kind: "entry",
          ...(await blogs.createEntry(blogId, input, identity, idempotencyKey)),
        };
      const publishAt = status === "scheduled" ? scheduleTime(input.publishAt!) : null;
      const { draft, replayed } = await store.drafts.createDraft(
        blogId,
        {
          ...(await blogs.newContent(blogId, input, identity)),
          status,
          publishAt,
          createdBy: identity.name,
          review: null,
        },
        idempotencyKey === undefined
          ? undefined
          : { key: idempotencyKey, digest: requestDigest({ ...input, by: identity.name }) },
      );
      if (!replayed)
        await audit?.record(
          identity.name,
          publishAt ? "entry.scheduled" : "draft.created",
          blogId,
          { entryId: draft.id, detail: publishAt ? `for ${publishAt}` : auditDetail(draft) },
        );
      return { kind: "draft", draft, replayed };
    },

    /** GET .../drafts: every draft of the blog, newest first, for anyone on its team. */
    async list(blogId: string, identity: Identity): Promise<Draft[]> {
      await requireTeam(identity, blogId);
      await blogs.requireBlog(blogId);
      return store.drafts.listDrafts(blogId);
    },

    /** PATCH .../entries/:entryId: a draft (editors any, contributors their own) or an entry. */
    async update(
      blogId: string,
      entryId: string,
      input: UpdateEntryInput,
      identity: Identity,
    ): Promise<Entry | Draft> {
      await requireTeam(identity, blogId);
      const draft = await store.drafts.getDraft(blogId, entryId);
      if (!draft) {
        if (!isEditor(identity))
          await refusePublished(identity, blogId, entryId, "edit published entries");
        return blogs.updateEntry(blogId, entryId, input, identity);
      }
      requireOwn(identity, draft);
      const patch = await draftPatch(draft, input, identity);
      const saved = await store.drafts.updateDraft(blogId, entryId, patch, input.version, now());
      const scheduled = patch.status === "scheduled";
      await audit?.record(identity.name, scheduled ? "entry.scheduled" : "draft.updated", blogId, {
        entryId,
        detail: scheduled ? `for ${saved.publishAt}` : changedFields(input),
      });
      return saved;
    },

    /** DELETE .../entries/:entryId: withdraws a draft, or deletes a published entry (editors). */
    async remove(blogId: string, entryId: string, identity: Identity): Promise<void> {
      await requireTeam(identity, blogId);
      const draft = await store.drafts.getDraft(blogId, entryId);
      if (!draft) {
        if (!isEditor(identity))
          await refusePublished(identity, blogId, entryId, "delete published entries");
        return blogs.deleteEntry(blogId, entryId, identity);
      }
      requireOwn(identity, draft);
      if (!(await store.drafts.deleteDraft(blogId, entryId))) throw notFound(`Draft "${entryId}"`);
      await audit?.record(identity.name, "draft.withdrawn", blogId, {
        entryId,
        detail: auditDetail(draft),
      });
    },

    /**
     * POST .../publish: the draft becomes an entry with the blog's next seq, created now (one
     * atomic store step). With `version`, only the version the editor saw.
     */
    async publish(
      blogId: string,
      entryId: string,
      identity: Identity,
      version?: number,
    ): Promise<Entry> {
      requireRoleOf(identity, "editor", "publish");
      const entry = await store.drafts.publishDraft(blogId, entryId, { at: now(), version });
      await audit?.record(identity.name, "entry.published", blogId, {
        entryId,
        detail: auditDetail(entry),
      });
      return entry;
    },

    /** What the scheduler does with a due draft: publish it, unless it is no longer due. */
    async publishDue({ blogId, entryId }: DueDraft): Promise<Entry> {
      const at = now();
      const entry = await store.drafts.publishDraft(blogId, entryId, { at, dueBy: at });
      await audit?.record(SCHEDULER, "entry.published", blogId, {
        entryId,
        detail: auditDetail(entry),
      });
      return entry;
    },

    /** POST .../return: back to its writer with a note (and its schedule cancelled). */
    async sendBack(
      blogId: string,
      entryId: string,
      note: string,
      identity: Identity,
    ): Promise<Draft> {
      requireRoleOf(identity, "editor", "send drafts back");
      for (let attempt = 1; ; attempt++) {
        const draft = await store.drafts.getDraft(blogId, entryId);
        if (!draft) throw notADraft(entryId);
        const at = now();
        const review = { note, by: { name: identity.name, displayName: identity.displayName }, at };
        try {
          const saved = await store.drafts.updateDraft(
            blogId,
            entryId,
            { status: "draft", publishAt: null, review },
            draft.version,
            at,
          );
          await audit?.record(identity.name, "draft.returned", blogId, { entryId, detail: note });
          return saved;
        } catch (err) {
          // Saved by its writer in between: send back what is there now.
          const raced = err instanceof AppError && err.code === "version_conflict";
          if (!raced || attempt === RETURN_ATTEMPTS) throw err;
        }
      }
    },

    /** POST .../unpublish: readers get entry.deleted; the entry waits on the desk as a draft. */
    async unpublish(blogId: string, entryId: string, identity: Identity): Promise<Draft> {
      requireRoleOf(identity, "editor", "unpublish entries");
      const draft = await store.drafts.unpublishEntry(blogId, entryId, now(), identity.name);
      // Off the blog, nobody can vote or react: published again, it starts from nothing.
      await blogs.forgetCounts(blogId, entryId);
      await audit?.record(identity.name, "entry.unpublished", blogId, {
        entryId,
        detail: auditDetail(draft),
      });
      return draft;
    },
  };
}

export type DraftService = ReturnType<typeof createDraftService>;
