/** Epochs of blog logs (see epochSchema in shared/schemas.ts): random, short, URL-safe. */
import { randomBytes } from "node:crypto";

export const newEpoch = (): string => randomBytes(9).toString("base64url");
