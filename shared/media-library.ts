/**
 * The media library's wire contract: listing the uploaded pictures (all, or only those nothing
 * shows any more) and the places a picture is shown, which a refused deletion lists
 * (409 media_in_use). The Media shape itself is in shared/media.ts.
 */
import { z } from "zod";
import { mediaSchema } from "./media.js";
import { pageLimitSchema } from "./schemas.js";

/** A page's `next`: where the previous page ended (its last picture's time and id). */
const mediaCursorSchema = z
  .string()
  .regex(/^[0-9]{1,15}\.[a-z0-9]{16}$/, "must be a cursor from a previous page's next");

export const mediaListQuerySchema = z.strictObject({
  /** `1` (or `true`): only the pictures no entry and no blog shows. */
  unused: z
    .enum(["1", "0", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  /** Pictures per page. */
  limit: pageLimitSchema,
  before: mediaCursorSchema.optional(),
});
export type MediaListQuery = z.infer<typeof mediaListQuerySchema>;

/** GET /api/media: newest first; `next` is the `before` of the following page, or null. */
export const mediaPageSchema = z.object({
  media: z.array(mediaSchema),
  next: mediaCursorSchema.nullable(),
});
export type MediaPage = z.infer<typeof mediaPageSchema>;

/** One place a picture is shown: an entry's body, or a blog's cover or description. */
export const mediaUseSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("entry"),
    blogId: z.string(),
    entryId: z.string(),
    /** The entry's headline, or the start of its text. */
    title: z.string(),
  }),
  z.object({
    kind: z.literal("blog"),
    blogId: z.string(),
    field: z.enum(["cover", "description"]),
    /** The blog's title. */
    title: z.string(),
  }),
]);
export type MediaUse = z.infer<typeof mediaUseSchema>;
