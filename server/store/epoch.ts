/** Epochs of blog logs (see epochSchema in shared/schemas.ts): random, short, URL-safe. */
import { randomBytes } from "node:crypto";

export const newEpoch = (): string => randomBytes(9).toString("base64url");

/**
 * The epoch of a blog created before epochs existed: fixed, so that no read has to write one. A
 * renewed epoch replaces it like any other.
 */
export const LEGACY_EPOCH = "0";
