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

/**
 * Zones IANA renamed whose old names some runtimes still call canonical (ICU keeps CLDR's ids:
 * Node 20 answers "Europe/Kiev" for "Europe/Kyiv"). A blog gets the name its readers know.
 */
const RENAMED: Record<string, string> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/** The runtime's canonical id of `zone`, or null when it knows no such zone. */
function resolvedZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The current IANA name of a zone the runtime resolved, where the runtime takes that name too. */
const currentName = (resolved: string) => {
  const renamed = RENAMED[resolved];
  return renamed && resolvedZone(renamed) ? renamed : resolved;
};

let zones: string[] | undefined;

/**
 * Every IANA time zone this runtime knows, by current names, sorted, "UTC" first (Intl lists only
 * geographic ones).
 */
export function timeZones(): string[] {
  zones ??= [
    "UTC",
    ...Intl.supportedValuesOf("timeZone")
      .filter((zone) => zone !== "UTC")
      .map(currentName)
      .sort(),
  ];
  return zones;
}

/**
 * The canonical IANA name of a time zone a blog may have ("europe/istanbul" → "Europe/Istanbul",
 * "Europe/Kiev" → "Europe/Kyiv"), or null when it is none. Offsets such as "+03:00" are refused:
 * a zone, unlike an offset, knows its summer time.
 */
export function blogTimeZoneOf(zone: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/.test(zone)) return null;
  const resolved = resolvedZone(zone);
  return resolved && currentName(resolved);
}

/** GET /api/locales: what a blog's language and time zone may be, and the instance's defaults. */
export interface LocaleChoices {
  /** Every catalog's language, named as its speakers write it. */
  languages: { tag: CatalogLanguage; name: string; dir: "ltr" | "rtl" }[];
  timeZones: string[];
  /** DEFAULT_LANGUAGE and DEFAULT_TIME_ZONE. */
  defaults: { language: string; timeZone: string };
}

export const TIME_ZONES_ACCEPTED =
  "an IANA time zone such as Europe/Istanbul, America/New_York or UTC (GET /api/locales lists them all)";
