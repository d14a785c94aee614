/**
 * The desk's language: the editor's browser language where a catalog exists (the server chose it
 * from Accept-Language and sent its catalog with the page, `#lb-locale`), in the editor's own time
 * zone. Entries on the desk are shown in it, whatever the blog's language: the desk is the
 * editor's place, the reader page the readers'.
 */
import type { Messages } from "../../shared/i18n/catalog.js";
import { createI18n, type I18n } from "../../shared/i18n/i18n.js";
import { readJson } from "../common/dom.js";

let desk: I18n | undefined;

export function deskI18n(): I18n {
  desk ??= createI18n({
    ...readJson<{ language: string; messages: Messages }>("lb-locale"),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
  return desk;
}
