/**
 * Every catalog, and the locale a page speaks: a blog's (its language and time zone), or, for the
 * desk, the editor's browser language where a catalog exists. Catalogs live on the server: a page
 * hands its client the one catalog it needs (complete, English where a key is missing).
 */
import type { Catalog, Messages } from "../../shared/i18n/catalog.js";
import { completeMessages } from "../../shared/i18n/catalog.js";
import { createI18n, type I18n, type Locale } from "../../shared/i18n/i18n.js";
import { catalogOf, type CatalogLanguage } from "../../shared/i18n/languages.js";
import { ar } from "../../shared/i18n/messages/ar.js";
import { de } from "../../shared/i18n/messages/de.js";
import { en } from "../../shared/i18n/messages/en.js";
import { es } from "../../shared/i18n/messages/es.js";
import { fa } from "../../shared/i18n/messages/fa.js";
import { fr } from "../../shared/i18n/messages/fr.js";
import { he } from "../../shared/i18n/messages/he.js";
import { it } from "../../shared/i18n/messages/it.js";
import { nl } from "../../shared/i18n/messages/nl.js";
import { pl } from "../../shared/i18n/messages/pl.js";
import { pt } from "../../shared/i18n/messages/pt.js";
import { ru } from "../../shared/i18n/messages/ru.js";
import { tr } from "../../shared/i18n/messages/tr.js";
import { uk } from "../../shared/i18n/messages/uk.js";
import type { Blog } from "../../shared/schemas.js";

export const CATALOGS: Record<CatalogLanguage, Catalog> = {
  en,
  de,
  fr,
  es,
  it,
  pt,
  pl,
  nl,
  tr,
  uk,
  ru,
  ar,
  he,
  fa,
};

const complete = new Map<CatalogLanguage, Messages>();

/** The complete messages for a tag ("pt-BR" → Portuguese), English for a tag without a catalog. */
export function messagesFor(tag: string): Messages {
  const language = catalogOf(tag) ?? "en";
  let messages = complete.get(language);
  if (!messages) complete.set(language, (messages = completeMessages(CATALOGS[language])));
  return messages;
}

/** English in UTC: what is stored (embed cards), and pages that belong to no blog. */
export const englishI18n = (): I18n =>
  createI18n({ language: "en", timeZone: "UTC", messages: messagesFor("en") });

/** What a blog's pages speak. */
export const localeOf = (blog: Pick<Blog, "language" | "timeZone">): Locale => ({
  language: blog.language,
  timeZone: blog.timeZone,
  messages: messagesFor(blog.language),
});

/**
 * The reader's preferred language that has a catalog, from an Accept-Language header (RFC 9110:
 * ranges by quality, first listed first among equals); `fallback` when none has.
 */
export function negotiateLanguage(acceptLanguage: string | undefined, fallback: string): string {
  const ranges = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [range = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { range: range.trim(), quality: q === undefined ? 1 : Number(q), index };
    })
    .filter(({ range, quality }) => range && range !== "*" && quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { range } of ranges) {
    try {
      const [tag] = Intl.getCanonicalLocales(range);
      if (tag && catalogOf(tag)) return tag;
    } catch {
      // Not a language tag: the next range.
    }
  }
  return fallback;
}
