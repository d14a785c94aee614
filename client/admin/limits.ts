/**
 * The contract's size limits (shared/schemas.ts LIMITS, shared/media.ts MEDIA_LIMITS and the
 * picture types), as the server put them into the page: importing them would bring zod into the
 * bundle, and zod's start-up probe for eval is a CSP violation.
 */
import type { MEDIA_LIMITS as MediaLimits, MediaType } from "../../shared/media.js";
import type { LIMITS as Limits } from "../../shared/schemas.js";

const read = (id: string) => JSON.parse(document.getElementById(id)?.textContent || "{}");
export const LIMITS = read("lb-limits") as typeof Limits;
export const MEDIA_LIMITS = read("lb-media-limits") as typeof MediaLimits & {
  types: readonly MediaType[];
};
