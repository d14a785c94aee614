/**
 * The wire contract (DESIGN.md "Public contract (v1)"): every shape that crosses HTTP or Socket.IO,
 * as zod schemas with the TypeScript types inferred from them. Server and client both import this.
 */
import { z } from "zod";
import { ERROR_CODES } from "./error-codes.js";
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
  pageDefault: 20,
  pageMax: 100,
  /**
   * The most events one catch-up answer carries (a socket ack or a page of GET /events). A reader
   * further behind reloads (resync) or pages on: no single request can make the store read a
   * whole log.
   */
  catchUpEvents: 100,
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

export const blogSchema = z.object({
  id: blogIdSchema,
  title: z.string(),
  description: z.string(),
  status: blogStatusSchema,
  /** Media id of the picture for link previews, search results and the index page. */
  cover: coverSchema,
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Sequence number of the blog's latest change: a reader that applied it is up to date. */
  seq,
});
export type Blog = z.infer<typeof blogSchema>;

export const entrySchema = z.object({
  id: entryIdSchema,
  blogId: blogIdSchema,
  /** Sequence number of the change that last touched this entry. */
  seq,
  createdAt: isoTime,
  updatedAt: isoTime,
  author: z.object({ name: z.string() }),
  headline: z.string().nullable(),
  /** Markdown source, as the editor wrote it. */
  body: z.string(),
  /** `body` rendered and sanitized on the server: safe to insert as HTML. */
  html: z.string(),
  pinned: z.boolean(),
  keyEvent: z.boolean(),
  /** Starts at 1; every edit adds 1. Edits must name the version they start from. */
  version: z.number().int().positive(),
});
export type Entry = z.infer<typeof entrySchema>;

export const liveEventTypes = [
  "entry.created",
  "entry.updated",
  "entry.deleted",
  "blog.updated",
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
});
export type CreateBlogInput = z.infer<typeof createBlogSchema>;

export const updateBlogSchema = z
  .strictObject({
    title: singleLineText(LIMITS.titleMax).min(1, "must not be empty").optional(),
    description: multilineText(LIMITS.descriptionMax, { trim: true }).optional(),
    status: blogStatusSchema.optional(),
    /** A media id, or null to remove the cover. */
    cover: mediaIdSchema.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, "name at least one field to change");
export type UpdateBlogInput = z.infer<typeof updateBlogSchema>;

const entryFields = {
  body: multilineText(LIMITS.bodyMax).refine((s) => s.trim().length > 0, "must not be empty"),
  headline: singleLineText(LIMITS.headlineMax)
    .nullable()
    .transform((h) => (h ? h : null)),
  pinned: z.boolean(),
  keyEvent: z.boolean(),
};

export const createEntrySchema = z.strictObject({
  body: entryFields.body,
  headline: entryFields.headline.optional(),
  pinned: entryFields.pinned.optional(),
  keyEvent: entryFields.keyEvent.optional(),
});
export type CreateEntryInput = z.infer<typeof createEntrySchema>;

export const updateEntrySchema = z
  .strictObject({
    version: z.number().int().positive(),
    body: entryFields.body.optional(),
    headline: entryFields.headline.optional(),
    pinned: entryFields.pinned.optional(),
    keyEvent: entryFields.keyEvent.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 1, "name at least one field to change");
export type UpdateEntryInput = z.infer<typeof updateEntrySchema>;

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

export const sessionSchema = z.object({ name: z.string() });
export type Session = z.infer<typeof sessionSchema>;
