/**
 * The contract's size limits (shared/schemas.ts LIMITS, shared/media.ts MEDIA_LIMITS and the
 * picture types), as the server put them into the page: importing them would bring zod into the
 * bundle, and zod's start-up probe for eval is a CSP violation.
 */
import type { MEDIA_LIMITS as MediaLimits, MediaType } from "../../shared/media.js";
import type { LIMITS as Limits } from "../../shared/schemas.js";
import { readJson } from "../common/dom.js";

export const LIMITS = readJson<typeof Limits>("lb-limits");
export const MEDIA_LIMITS = readJson<typeof MediaLimits & { types: readonly MediaType[] }>(
  "lb-media-limits",
);
