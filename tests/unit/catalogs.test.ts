/**
 * Every catalog is complete: each key of English is there, with the same placeholders, and a key
 * with plural forms has one for every category its language's plural rules use. A missing key
 * would show English in the middle of a translated page; this is where that fails.
 */
import { describe, expect, it } from "vitest";
import { ENGLISH, placeholdersOf, type MessageKey } from "../../shared/i18n/catalog.js";
import { CATALOG_LANGUAGES, LANGUAGES } from "../../shared/i18n/languages.js";
import { CATALOGS } from "../../server/i18n/locales.js";

const keys = Object.keys(ENGLISH) as MessageKey[];

describe.each(CATALOG_LANGUAGES.filter((language) => language !== "en"))(
  "the %s catalog",
  (language) => {
    const catalog = CATALOGS[language];

    it("has every key of the English catalog, and no other", () => {
      expect(keys.filter((key) => !(key in catalog))).toEqual([]);
      expect(Object.keys(catalog).filter((key) => !(key in ENGLISH))).toEqual([]);
    });

    it("keeps each message's placeholders", () => {
      const changed = keys
        .filter((key) => catalog[key] !== undefined)
        .filter(
          (key) => placeholdersOf(catalog[key]!).join() !== placeholdersOf(ENGLISH[key]).join(),
        );
      expect(changed).toEqual([]);
    });

    it("gives plural messages a form for every plural category of the language", () => {
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      for (const key of keys) {
        const message = catalog[key];
        if (typeof ENGLISH[key] === "string") {
          expect(typeof message, key).toBe("string");
          continue;
        }
        expect(typeof message, key).toBe("object");
        const forms = message as Record<string, string>;
        expect(Object.keys(forms).sort(), key).toEqual([...categories].sort());
      }
    });

    it("says something in every message", () => {
      for (const key of keys) {
        const message = catalog[key];
        const texts = typeof message === "string" ? [message] : Object.values(message ?? {});
        for (const text of texts) expect(text.trim(), key).not.toBe("");
      }
    });
  },
);

it("names every catalog language in its own words", () => {
  expect(Object.keys(CATALOGS).sort()).toEqual([...CATALOG_LANGUAGES].sort());
  for (const language of CATALOG_LANGUAGES) expect(LANGUAGES[language]).toBeTruthy();
});
