/**
 * What a message catalog is. English (messages/en.ts) names every key; a catalog of another
 * language gives each key its text, with the same placeholders, and with plural forms where
 * English has them (one text per Intl.PluralRules category its language uses, `other` always).
 */
import { en } from "./messages/en.js";

export type MessageKey = keyof typeof en;

/** Plural forms by Intl.PluralRules category; `other` is the one every language has. */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** The keys whose English text has plural forms: they are translated with plural forms too. */
export type PluralKey = {
  [K in MessageKey]: (typeof en)[K] extends string ? never : K;
}[MessageKey];
export type TextKey = Exclude<MessageKey, PluralKey>;

/** A complete catalog: every key, as the reader's client receives it (missing keys filled in). */
export type Messages = { [K in TextKey]: string } & { [K in PluralKey]: PluralMessage };

/**
 * A catalog as written for one language. Typed as partial on purpose: a key it lacks reads the
 * English text rather than breaking the page, and tests/unit/catalogs.test.ts fails.
 */
export type Catalog = Partial<Messages>;

export const ENGLISH: Messages = en;

/** A catalog with every key it lacks taken from English. */
export const completeMessages = (catalog: Catalog): Messages => ({ ...ENGLISH, ...catalog });

/** The placeholders of a message, sorted ("{count} new updates" → ["count"]). */
export function placeholdersOf(message: string | PluralMessage): string[] {
  const texts = typeof message === "string" ? [message] : Object.values(message);
  const names = texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!));
  return [...new Set(names)].sort();
}
