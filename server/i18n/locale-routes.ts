/**
 * GET /api/locales: what a blog's `language` and `timeZone` may be, for the desk's pickers and for
 * scripts. Every catalog's language by its own name and writing direction, every time zone, and
 * the instance's defaults (DEFAULT_LANGUAGE, DEFAULT_TIME_ZONE). It changes only with a new
 * release or configuration, so anyone may cache it for an hour.
 */
import { Router } from "express";
import {
  CATALOG_LANGUAGES,
  LANGUAGES,
  directionOf,
  timeZones,
  type LocaleChoices,
} from "../../shared/i18n/languages.js";

export function localeRoutes(defaults: LocaleChoices["defaults"]): Router {
  const choices: LocaleChoices = {
    languages: CATALOG_LANGUAGES.map((tag) => ({
      tag,
      name: LANGUAGES[tag],
      dir: directionOf(tag),
    })),
    timeZones: timeZones(),
    defaults,
  };
  const router = Router();
  router.get("/locales", (_req, res) => {
    res.set("Cache-Control", "public, max-age=3600");
    res.json(choices);
  });
  return router;
}
