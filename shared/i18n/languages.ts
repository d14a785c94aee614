/**
 * The languages readers are served in: one message catalog each (shared/i18n/messages/). A blog's
 * `language` is a BCP 47 tag whose language has a catalog ("pt-BR" reads the Portuguese catalog
 * and formats dates the Brazilian way); its `timeZone` is an IANA zone. Both are checked here, for
 * the API's validation and for the desk's pickers (GET /api/locales). zod-free: the reader's
 * bundle imports it.
 */

/** Each catalog's language, with its name as its speakers write it (for pickers). */
export const LANGUAGES = {
  en: "English",
  de: "Deutsch",
  fr: "Français",
  es: "Español",
  it: "Italiano",
  pt: "Português",
  pl: "Polski",
  nl: "Nederlands",
  tr: "Türkçe",
  uk: "Українська",
  ru: "Русский",
  ar: "العربية",
  he: "עברית",
  fa: "فارسی",
} as const;
export type CatalogLanguage = keyof typeof LANGUAGES;
export const CATALOG_LANGUAGES = Object.keys(LANGUAGES) as CatalogLanguage[];

/** Scripts written right to left, by the languages that use them (CLDR's character order). */
const RIGHT_TO_LEFT = new Set(["ar", "he", "fa", "ur", "yi", "ps", "sd", "ckb", "dv", "ug"]);

const primaryOf = (tag: string) => tag.split("-")[0]!.toLowerCase();

/** `rtl` for a tag of a right-to-left language, else `ltr`: `<html dir>`. */
export const directionOf = (tag: string): "ltr" | "rtl" =>
  RIGHT_TO_LEFT.has(primaryOf(tag)) ? "rtl" : "ltr";

/** The catalog that serves a tag ("pt-BR" → "pt"), or null when there is none. */
export function catalogOf(tag: string): CatalogLanguage | null {
  const primary = primaryOf(tag);
  return primary in LANGUAGES ? (primary as CatalogLanguage) : null;
}

/**
 * The canonical form of a BCP 47 tag a blog may have ("PT-br" → "pt-BR"), or null when it is not
 * a well-formed tag or its language has no catalog.
 */
export function blogLanguageOf(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical && catalogOf(canonical) ? canonical : null;
  } catch {
    return null;
  }
}

/** "must be one of ..." for a language the API refused: every catalog, by tag and name. */
export const LANGUAGES_ACCEPTED = `a BCP 47 tag of a language liveblog has a catalog for: ${CATALOG_LANGUAGES.map((tag) => `${tag} (${LANGUAGES[tag]})`).join(", ")}; a region may follow, as in pt-BR`;

/** Every IANA time zone this runtime knows, "UTC" included (Intl lists only geographic ones). */
export function timeZones(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

/**
 * The canonical IANA name of a time zone a blog may have ("europe/istanbul" → "Europe/Istanbul",
 * "Europe/Kiev" → "Europe/Kyiv" where the runtime knows the new name), or null when it is none.
 * Offsets such as "+03:00" are refused: a zone, unlike an offset, knows its summer time.
 */
export function blogTimeZoneOf(zone: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export const TIME_ZONES_ACCEPTED =
  "an IANA time zone such as Europe/Istanbul, America/New_York or UTC (GET /api/locales lists them all)";
