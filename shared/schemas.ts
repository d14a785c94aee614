/**
 * The wire contract (DESIGN.md "Public contract (v1)"): every shape that crosses HTTP or Socket.IO,
 * as zod schemas with the TypeScript types inferred from them. Server and client both import this.
 */
import { z } from "zod";
import { ERROR_CODES } from "./error-codes.js";
import {
  blogLanguageOf,
  blogTimeZoneOf,
  LANGUAGES_ACCEPTED,
  TIME_ZONES_ACCEPTED,
} from "./i18n/languages.js";
import {
  BROKEN_CHARACTER_MESSAGE,
  isWellFormedText,
  normalizeMultiline,
  normalizeSingleLine,
} from "./text-input.js";

/** Limits that are part of the contract, so clients can check before they send. */
export const LIMITS = {
  titleMax: 200,
  descriptionMax: 2_000,
  headlineMax: 200,
  bodyMax: 20_000,
  authorNameMax: 64,
  displayNameMax: 80,
  authorsMax: 5,
  reviewNoteMax: 1_000,
  tokenNameMax: 80,
  teamMax: 200,
  /** Records kept per blog's audit trail (older ones are dropped). */
  auditMax: 1_000,
  pageDefault: 20,
  pageMax: 100,
  /**
   * The most events one catch-up answer carries (a socket ack or a page of GET /events). A reader
   * further behind reloads (resync) or pages on: no single request can make the store read a
   * whole log.
   */
  catchUpEvents: 100,
  /** A poll's question, its options (2 to 6), and each option's text. */
  pollQuestionMax: 200,
  pollOptionsMin: 2,
  pollOptionsMax: 6,
  pollOptionMax: 100,
} as const;

export const blogIdSchema = z
  .string()
  .regex(/^[a-z0-9-]{1,64}$/, "must be 1-64 characters of a-z, 0-9 and -");
export const entryIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "is not a valid entry id");
const isoTime = z.iso.datetime();
const seq = z.number().int().nonnegative();
/**
 * Names one incarnation of a blog's log: a random id made with the log and made anew whenever the
 * log had to be recreated (data lost in the store). A seq means something only within its epoch.
 */
export const epochSchema = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "is not a valid epoch");

export const blogStatusSchema = z.enum(["live", "ended"]);

/** An uploaded picture's id (shared/media.ts says what a picture is). */
export const mediaIdSchema = z.string().regex(/^[a-z0-9]{16}$/, "is not a valid media id");
/**
 * A blog's cover picture. The Redis store keeps a removed cover as "" and blogs from before covers
 * have none, so both read as null.
 */
const coverSchema = z.preprocess(
  (value) => (value === "" || value === undefined ? null : value),
  mediaIdSchema.nullable(),
);

/** A person's log-in name (people on the desk: editors of every role). */
export const personNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1-64 characters of A-Z, a-z, 0-9, _ . and -");

/**
 * What a person on the desk may do (server/auth/roles.ts): `admin` everything, people and blogs
 * included; `editor` writes, publishes and edits anyone's entries; `contributor` writes drafts only.
 */
export const roleSchema = z.enum(["admin", "editor", "contributor"]);
export type Role = z.infer<typeof roleSchema>;

/** A name on an entry: the log-in name, and the display name as it was when the entry was saved. */
export const bylineSchema = z.object({ name: z.string(), displayName: z.string() });
export type Byline = z.infer<typeof bylineSchema>;

/** A blog's language: a BCP 47 tag of a language with a catalog, canonicalised ("pt-BR"). */
export const blogLanguageSchema = z.string().transform((tag, ctx) => {
  const language = blogLanguageOf(tag);
  if (language) return language;
  ctx.addIssue({ code: "custom", message: `must be ${LANGUAGES_ACCEPTED}` });
  return z.NEVER;
});

/** A blog's time zone: an IANA name, canonicalised ("Europe/Istanbul"). */
export const blogTimeZoneSchema = z.string().transform((zone, ctx) => {
  const timeZone = blogTimeZoneOf(zone);
  if (timeZone) return timeZone;
  ctx.addIssue({ code: "custom", message: `must be ${TIME_ZONES_ACCEPTED}` });
  return z.NEVER;
});

/** Blogs from before languages and zones read as English in UTC (the defaults before them). */
const storedOr = (fallback: string) => (value: unknown) =>
  value === "" || value === undefined ? fallback : value;

export const blogSchema = z.object({
  id: blogIdSchema,
  title: z.string(),
  description: z.string(),
  status: blogStatusSchema,
  /** Media id of the picture for link previews, search results and the index page. */
  cover: coverSchema,
  createdAt: isoTime,
  updatedAt: isoTime,
  /**
   * When the blog was last set to "ended" (null while live; blogs ended before this field read
   * null). Ended blogs older than ARCHIVE_AFTER_DAYS leave the index page (archived).
   */
  endedAt: z.preprocess(
    (value) => (value === "" || value === undefined ? null : value),
    isoTime.nullable(),
  ),
  /** The language its pages speak (BCP 47): UI text, plurals, dates, `<html lang dir>`, feeds. */
  language: z.preprocess(storedOr("en"), z.string()),
  /** The IANA time zone its pages show times in. */
  timeZone: z.preprocess(storedOr("UTC"), z.string()),
  /** Sequence number of the blog's latest change: a reader that applied it is up to date. */
  seq,
});
export type Blog = z.infer<typeof blogSchema>;

/**
 * `published`: in the public list and the log. `draft`: waiting on the desk (a contributor's
 * entry, or one an editor holds back). `scheduled`: a draft that publishes itself at `publishAt`.
 */
export const entryStatusSchema = z.enum(["published", "draft", "scheduled"]);
export type EntryStatus = z.infer<typeof entryStatusSchema>;

/**
 * A poll attached to an entry (issue 16). Its definition travels with the entry (the entry's log
 * events carry it, so attaching, closing and reopening reach readers in seq order); its counts do
 * not (they change with every vote: they live in the engagement store and reach readers as
 * `blog:tallies`, at most about once a second). `id` is new whenever the options change, so counts
 * of one set of options are never shown against another.
 */
export const pollSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{8,32}$/, "is not a valid poll id"),
  question: z.string(),
  options: z.array(z.string()).min(LIMITS.pollOptionsMin).max(LIMITS.pollOptionsMax),
  /** When the poll closes by itself; null: open until an editor closes it. */
  closesAt: isoTime.nullable(),
  /** When an editor closed it ("close now"); null while open. Reopening clears it. */
  closedAt: isoTime.nullable(),
});
export type Poll = z.infer<typeof pollSchema>;

/** The fields every entry has, published or not. */
const entryContent = {
  id: entryIdSchema,
  blogId: blogIdSchema,
  createdAt: isoTime,
  updatedAt: isoTime,
  /** The first of `authors`, kept for clients of v1 (`author.name`). */
  author: z.object({ name: z.string(), displayName: z.string().optional() }),
  /** Who wrote it, in byline order (a reporter, then the editor who rewrote it). */
  authors: z.array(bylineSchema).min(1),
  headline: z.string().nullable(),
  /** Markdown source, as the editor wrote it. */
  body: z.string(),
  /** `body` rendered and sanitized on the server: safe to insert as HTML. */
  html: z.string(),
  pinned: z.boolean(),
  keyEvent: z.boolean(),
  /** A poll readers vote in; absent or null: none (so entries saved before polls need nothing). */
  poll: pollSchema.nullable().optional(),
  /** Starts at 1; every edit adds 1. Edits must name the version they start from. */
  version: z.number().int().positive(),
};

/**
 * Entries stored before roles have no `authors` or `status`: they read as published, by their
 * `author`, so old data and new clients agree.
 */
const withEntryDefaults = (value: unknown) => {
  if (typeof value !== "object" || value === null) return value;
  const entry = value as Record<string, unknown>;
  const author = entry.author as { name?: string; displayName?: string } | undefined;
  return {
    status: "published",
    publishAt: null,
    authors: author?.name
      ? [{ name: author.name, displayName: author.displayName ?? author.name }]
      : [],
    ...entry,
  };
};

const publishedEntry = z.object({
  ...entryContent,
  /** Sequence number of the change that last touched this entry. */
  seq,
  status: z.literal("published"),
  publishAt: z.null(),
});

/** A published entry: what the public list, the log and the desk get. */
export const entrySchema = z.preprocess(withEntryDefaults, publishedEntry);
export type Entry = z.infer<typeof entrySchema>;

/**
 * What a reader's socket is sent of an entry: everything its page renders (`html`), not the
 * Markdown `body`, which only the desk edits. Without it every live delivery is about half the
 * size, for the server to write and for the reader to parse.
 */
export const readerEntrySchema = z.preprocess(
  withEntryDefaults,
  publishedEntry.omit({ body: true }),
);
export type ReaderEntry = z.infer<typeof readerEntrySchema>;

/** Why an editor sent a draft back to its writer. */
export const reviewNoteSchema = z.object({ note: z.string(), by: bylineSchema, at: isoTime });
export type ReviewNote = z.infer<typeof reviewNoteSchema>;

/**
 * An entry not published (yet): seen on the desk only, never by readers, never in the log. It has
 * no seq; publishing it gives it one (and `createdAt` becomes the time of publication).
 */
export const draftSchema = z.object({
  ...entryContent,
  status: z.enum(["draft", "scheduled"]),
  /** When a scheduled draft publishes itself; null for a plain draft. */
  publishAt: isoTime.nullable(),
  /** The person who filed it: a contributor may edit and withdraw only their own drafts. */
  createdBy: personNameSchema,
  /** Set when an editor sent it back; cleared when it is saved again. */
  review: reviewNoteSchema.nullable(),
});
export type Draft = z.infer<typeof draftSchema>;

export const liveEventTypes = [
  "entry.created",
  "entry.updated",
  "entry.deleted",
  "blog.updated",
  /** The blog was deleted: readers show "This live blog was removed". Not kept in any log. */
  "blog.deleted",
] as const;
export const liveEventSchema = z.object({
  blogId: blogIdSchema,
  seq: seq.positive(),
  /** The log the seq belongs to: an event of another epoch means the reader must resync. */
  epoch: epochSchema,
  at: isoTime,
  type: z.enum(liveEventTypes),
  entry: entrySchema.optional(),
  entryId: entryIdSchema.optional(),
  blog: blogSchema.optional(),
});
export type LiveEvent = z.infer<typeof liveEventSchema>;

/** A live event as a reader's socket gets it: its entry is a ReaderEntry (no `body`). */
export const readerLiveEventSchema = liveEventSchema.extend({
  entry: readerEntrySchema.optional(),
});
export type ReaderLiveEvent = z.infer<typeof readerLiveEventSchema>;
/** A live event carrying entries of type E: ReaderLiveEvent for readers, LiveEvent for the desk. */
export type LiveEventOf<E extends ReaderEntry> = Omit<LiveEvent, "entry"> & { entry?: E };

// ---- Requests ----------------------------------------------------------------------------

// Every text field an editor types goes through one of these two (text-input.ts): a lone
// surrogate is refused, controls are normalized, then the text is trimmed and its length checked.
const wellFormed = () => z.string().refine(isWellFormedText, BROKEN_CHARACTER_MESSAGE);
/** A title, headline or name: line breaks and tabs become spaces. */
export const singleLineText = (max: number) =>
  wellFormed().overwrite(normalizeSingleLine).trim().max(max);
/** A body or description: line breaks become `\n`, other control characters are removed. */
export const multilineText = (max: number, { trim = false } = {}) => {
  const normalized = wellFormed().overwrite(normalizeMultiline);
  return (trim ? normalized.trim() : normalized).max(max);
};

export const createBlogSchema = z.strictObject({
  title: singleLineText(LIMITS.titleMax).min(1, "must not be empty"),
  id: blogIdSchema.optional(),
  description: multilineText(LIMITS.descriptionMax, { trim: true }).optional(),
  cover: mediaIdSchema.nullable().optional(),
  /** DEFAULT_LANGUAGE and DEFAULT_TIME_ZONE when left out. */
  language: blogLanguageSchema.optional(),
  timeZone: blogTimeZoneSchema.optional(),
});
export type CreateBlogInput = z.infer<typeof createBlogSchema>;

export const updateBlogSchema = z
  .strictObject({
    title: singleLineText(LIMITS.titleMax).min(1, "must not be empty").optional(),
    description: multilineText(LIMITS.descriptionMax, { trim: true }).optional(),
    status: blogStatusSchema.optional(),
    /** A media id, or null to remove the cover. */
    cover: mediaIdSchema.nullable().optional(),
    language: blogLanguageSchema.optional(),
    timeZone: blogTimeZoneSchema.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, "name at least one field to change");
export type UpdateBlogInput = z.infer<typeof updateBlogSchema>;

/**
 * A poll as an editor writes it: the server gives it its id (a new one when the options change)
 * and keeps closedAt. `closesAt` must be in the future when it is set (checked by the service).
 */
export const pollInputSchema = z.strictObject({
  question: singleLineText(LIMITS.pollQuestionMax).min(1, "must not be empty"),
  options: z
    .array(singleLineText(LIMITS.pollOptionMax).min(1, "must not be empty"))
    .min(LIMITS.pollOptionsMin, `must have at least ${LIMITS.pollOptionsMin} options`)
    .max(LIMITS.pollOptionsMax, `may have at most ${LIMITS.pollOptionsMax} options`)
    .refine((options) => new Set(options).size === options.length, "must not repeat an option"),
  closesAt: isoTime.nullable().optional(),
});
export type PollInput = z.infer<typeof pollInputSchema>;

const entryFields = {
  body: multilineText(LIMITS.bodyMax).refine((s) => s.trim().length > 0, "must not be empty"),
  headline: singleLineText(LIMITS.headlineMax)
    .nullable()
    .transform((h) => (h ? h : null)),
  pinned: z.boolean(),
  keyEvent: z.boolean(),
  /** null removes the poll (and its counts). */
  poll: pollInputSchema.nullable(),
};

/** Byline names: existing people's log-in names (the server checks that each exists). */
const authorsField = z
  .array(personNameSchema)
  .min(1, "must name at least one person")
  .max(LIMITS.authorsMax, `may name at most ${LIMITS.authorsMax} people`)
  .refine((names) => new Set(names).size === names.length, "must not name a person twice");

export const createEntrySchema = z
  .strictObject({
    body: entryFields.body,
    headline: entryFields.headline.optional(),
    pinned: entryFields.pinned.optional(),
    keyEvent: entryFields.keyEvent.optional(),
    poll: entryFields.poll.optional(),
    /** Left out: published at once (an editor's), a draft (a contributor's, always). */
    status: entryStatusSchema.optional(),
    /** Required with status "scheduled", refused without it; must be in the future. */
    publishAt: isoTime.optional(),
    /** Left out: the person asking. */
    authors: authorsField.optional(),
  })
  .refine((input) => (input.status === "scheduled") === (input.publishAt !== undefined), {
    message: 'publishAt is required with status "scheduled", and only with it',
    path: ["publishAt"],
  });
export type CreateEntryInput = z.infer<typeof createEntrySchema>;

export const updateEntrySchema = z
  .strictObject({
    version: z.number().int().positive(),
    body: entryFields.body.optional(),
    headline: entryFields.headline.optional(),
    pinned: entryFields.pinned.optional(),
    keyEvent: entryFields.keyEvent.optional(),
    poll: entryFields.poll.optional(),
    authors: authorsField.optional(),
    /**
     * Drafts only: "draft" cancels a schedule, "scheduled" (with publishAt) sets one. Publishing
     * is POST .../publish, so that it is a deliberate act an editor's role is checked for.
     */
    status: z.enum(["draft", "scheduled"]).optional(),
    publishAt: isoTime.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 1, "name at least one field to change")
  .refine((patch) => patch.status !== "scheduled" || patch.publishAt !== undefined, {
    message: 'publishAt is required with status "scheduled"',
    path: ["publishAt"],
  });
export type UpdateEntryInput = z.infer<typeof updateEntrySchema>;

/** POST .../entries/:entryId/publish: optionally, the version of the draft the editor saw. */
export const publishDraftSchema = z.strictObject({
  version: z.number().int().positive().optional(),
});

/** POST .../entries/:entryId/poll/close: nothing to say (the body may be left out). */
export const closePollSchema = z.strictObject({});

/**
 * POST .../entries/:entryId/poll/reopen: optionally a new closing time (in the future), or null
 * for none. Left out, the poll keeps its closing time unless that has passed.
 */
export const reopenPollSchema = z.strictObject({
  closesAt: isoTime.nullable().optional(),
});

/** POST .../entries/:entryId/return: an editor sends a draft back with a note for its writer. */
export const returnDraftSchema = z.strictObject({
  note: multilineText(LIMITS.reviewNoteMax, { trim: true }).min(1, "must say what to change"),
});

// ---- People, tokens, blog teams, audit ------------------------------------------------------

/** A person on the desk as the API shows them (never the password hash). */
export const personSchema = z.object({
  name: personNameSchema,
  displayName: z.string(),
  role: roleSchema,
  /** False once deactivated: cannot log in; sessions and tokens stop working at once. */
  active: z.boolean(),
  /** Media id of their picture, or null. */
  avatar: mediaIdSchema.nullable(),
  createdAt: isoTime,
});
export type Person = z.infer<typeof personSchema>;

const displayNameField = singleLineText(LIMITS.displayNameMax).min(1, "must not be empty");
const passwordField = z
  .string()
  .min(8, "must be at least 8 characters")
  .max(1_024, "must be at most 1024 characters");

export const createPersonSchema = z.strictObject({
  name: personNameSchema,
  displayName: displayNameField,
  role: roleSchema,
  password: passwordField,
  avatar: mediaIdSchema.nullable().optional(),
});
export type CreatePersonInput = z.infer<typeof createPersonSchema>;

/** Admins may change anything; a person may change only their own displayName, password and avatar. */
export const updatePersonSchema = z
  .strictObject({
    displayName: displayNameField.optional(),
    role: roleSchema.optional(),
    active: z.boolean().optional(),
    /** A new password logs out every session of the person. */
    password: passwordField.optional(),
    avatar: mediaIdSchema.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, "name at least one field to change");
export type UpdatePersonInput = z.infer<typeof updatePersonSchema>;

export const createTokenSchema = z.strictObject({
  name: singleLineText(LIMITS.tokenNameMax).min(1, "must say what the token is for"),
});

/** A personal API token as listed (the secret itself is shown once, at creation). */
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
/** POST /api/tokens: the only time the secret is ever sent. */
export const createdTokenSchema = apiTokenSchema.extend({ token: z.string() });
export type CreatedToken = z.infer<typeof createdTokenSchema>;

/** PUT /api/blogs/:blogId/team: the people assigned to a blog (contributors see only theirs). */
export const blogTeamSchema = z.strictObject({
  members: z.array(personNameSchema).max(LIMITS.teamMax),
});

/**
 * DELETE /api/blogs/:blogId: `confirm` must repeat the blog's id (what its address shows, and
 * what the desk asks the admin to type), so that no script deletes a blog by a slip of the URL.
 */
export const deleteBlogSchema = z.strictObject({ confirm: z.string() });

/** Query of GET /api/blogs/:blogId/audit: newest records first; above the cap, clamped. */
export const auditQuerySchema = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .positive()
    .default(100)
    .transform((n) => Math.min(n, LIMITS.auditMax)),
});

export const auditActions = [
  "blog.created",
  "blog.updated",
  "blog.deleted",
  "blog.team",
  "entry.created",
  "entry.updated",
  "entry.deleted",
  "entry.published",
  "entry.unpublished",
  "entry.scheduled",
  "draft.created",
  "draft.updated",
  "draft.returned",
  "draft.withdrawn",
] as const;
/** One line of a blog's audit trail: who did what, when (kept capped, newest first). */
export const auditRecordSchema = z.object({
  at: isoTime,
  action: z.enum(auditActions),
  /** Log-in name of who did it ("scheduler" for a scheduled publication). */
  by: z.string(),
  blogId: blogIdSchema,
  entryId: entryIdSchema.optional(),
  /** A short human summary: a headline, the fields changed, a review note. */
  detail: z.string().optional(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** A page size in a query: the default when left out; above the maximum, clamped, not refused. */
export const pageLimitSchema = z.coerce
  .number()
  .int()
  .positive()
  .default(LIMITS.pageDefault)
  .transform((n) => Math.min(n, LIMITS.pageMax));

/** Query of GET /entries. */
export const listEntriesQuerySchema = z.strictObject({
  limit: pageLimitSchema,
  before: z
    .string()
    .regex(/^[0-9]{1,15}$/, "must be a cursor from a previous page's next")
    .optional(),
  only: z.enum(["pinned", "keyEvents"]).optional(),
});
export type ListEntriesQuery = z.infer<typeof listEntriesQuerySchema>;

export const eventsQuerySchema = z.strictObject({
  since: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  /** The epoch `since` belongs to; another epoch answers 410 history_reset. */
  epoch: epochSchema.optional(),
  /** Events per page; above the maximum it is clamped, not refused. */
  limit: z.coerce
    .number()
    .int()
    .positive()
    .default(LIMITS.catchUpEvents)
    .transform((n) => Math.min(n, LIMITS.catchUpEvents)),
});

export const loginSchema = z.strictObject({
  name: singleLineText(LIMITS.authorNameMax).min(1),
  password: z.string().min(1).max(1_024),
});
export type LoginInput = z.infer<typeof loginSchema>;

/** `Idempotency-Key` header: what a client sends to make a retried POST safe. */
export const idempotencyKeySchema = z
  .string()
  .regex(
    /^[A-Za-z0-9_.:-]{8,128}$/,
    "must be 8 to 128 letters, digits, _ . : or - (a UUID, or `openssl rand -hex 16`)",
  );

// ---- Socket payloads (reader -> server) ----------------------------------------------------

export const subscribeSchema = z.strictObject({
  blogId: blogIdSchema,
  /** The last seq the reader applied; the ack then carries every event after it. */
  since: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  /** The epoch of `since` (from the page state or the last ack); another one means resync. */
  epoch: epochSchema.optional(),
});
export type SubscribeRequest = z.infer<typeof subscribeSchema>;
export const unsubscribeSchema = z.strictObject({ blogId: blogIdSchema });
/** `desk:subscribe` and `desk:unsubscribe`: a blog's editors' channel (people on its team only). */
export const deskSubscribeSchema = z.strictObject({ blogId: blogIdSchema });

// ---- Responses ---------------------------------------------------------------------------

export const entryPageSchema = z.object({
  entries: z.array(entrySchema),
  seq,
  epoch: epochSchema,
  next: z.string().nullable(),
});
export type EntryPage = z.infer<typeof entryPageSchema>;

export const eventsPageSchema = z.object({
  events: z.array(liveEventSchema),
  seq,
  epoch: epochSchema,
  /** More events follow: ask again with this as `since`. Null when this page reaches the end. */
  next: seq.nullable(),
});
export type EventsPage = z.infer<typeof eventsPageSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Who is logged in (GET /api/session), as the desk needs it. */
export const sessionSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  role: roleSchema,
  /** Media id of their picture, or null: the desk bar shows it next to their name. */
  avatar: mediaIdSchema.nullable(),
});
export type Session = z.infer<typeof sessionSchema>;
