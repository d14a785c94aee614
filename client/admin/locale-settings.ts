/**
 * A blog's language and time zone on the desk: two pickers in the New blog form (starting from
 * the instance's defaults) and in the workspace's "Language and time zone" settings (starting
 * from the blog's own, saved with PATCH {language, timeZone}). The choices come from
 * GET /api/locales, once per desk: each language by its own name (Deutsch, العربية), each zone by
 * its IANA name. The desk itself stays in English; the reader page speaks the blog's language.
 */
import { escapeHtml } from "../../shared/html.js";
import { LANGUAGES, catalogOf, type LocaleChoices } from "../../shared/i18n/languages.js";
import type { Blog } from "../../shared/schemas.js";
import { api } from "../common/api.js";
import { $ } from "../common/dom.js";

type BlogLocale = Pick<Blog, "language" | "timeZone">;

let choices: Promise<LocaleChoices> | undefined;

/** GET /api/locales, asked once (again after a failure). */
export function loadLocaleChoices(): Promise<LocaleChoices> {
  choices ??= api<LocaleChoices>("/api/locales").catch((err: unknown) => {
    choices = undefined;
    throw err;
  });
  return choices;
}

/** The Language and Time zone fields of a form, their ids starting with `prefix`. */
export function localeFieldsMarkup(prefix: string): string {
  return `<p class="field"><label for="${prefix}-language">Language</label>
<select id="${prefix}-language" name="language" aria-describedby="${prefix}-language-hint" disabled data-locale-language><option value="">Loading…</option></select>
<span class="hint" id="${prefix}-language-hint">What the reader page says around the entries (buttons, dates, “3 new updates”); Arabic, Hebrew and Persian read right to left.</span></p>
<p class="field"><label for="${prefix}-time-zone">Time zone</label>
<select id="${prefix}-time-zone" name="timeZone" aria-describedby="${prefix}-time-zone-hint" disabled data-locale-time-zone><option value="">Loading…</option></select>
<span class="hint" id="${prefix}-time-zone-hint">The reader page tells every time in it.</span></p>`;
}

/** `<option>`s with `selected` among them, added when the list lacks it (a "pt-BR" blog). */
function optionsMarkup(
  items: readonly { value: string; label: string; lang?: string }[],
  selected: string,
): string {
  const all = items.some((item) => item.value === selected)
    ? items
    : [{ value: selected, label: selected, lang: undefined }, ...items];
  return all
    .map(
      ({ value, label, lang }) =>
        `<option value="${escapeHtml(value)}"${lang ? ` lang="${escapeHtml(lang)}"` : ""}${value === selected ? " selected" : ""}>${escapeHtml(label)}</option>`,
    )
    .join("");
}

/** A tag the list does not name as such ("pt-BR"): its catalog's name, and the tag. */
function languageLabel(tag: string): string {
  const catalog = catalogOf(tag);
  return catalog ? `${LANGUAGES[catalog]} (${tag})` : tag;
}

/**
 * Fills a form's Language and Time zone pickers with the choices, `selected` chosen; it is what
 * the form's reset returns to.
 */
export function fillLocaleFields(form: HTMLElement, all: LocaleChoices, selected: BlogLocale) {
  const language = $<HTMLSelectElement>("[data-locale-language]", form);
  const timeZone = $<HTMLSelectElement>("[data-locale-time-zone]", form);
  const languages = all.languages.map(({ tag, name }) => ({
    value: tag as string,
    label: name,
    lang: tag as string,
  }));
  if (!languages.some((item) => item.value === selected.language))
    languages.unshift({
      value: selected.language,
      label: languageLabel(selected.language),
      lang: selected.language,
    });
  language.innerHTML = optionsMarkup(languages, selected.language);
  timeZone.innerHTML = optionsMarkup(
    all.timeZones.map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") })),
    selected.timeZone,
  );
  language.disabled = false;
  timeZone.disabled = false;
}

/** What a form's pickers say, or nothing while they are still loading. */
export function chosenLocale(form: HTMLElement): Partial<BlogLocale> {
  const language = $<HTMLSelectElement>("[data-locale-language]", form);
  const timeZone = $<HTMLSelectElement>("[data-locale-time-zone]", form);
  if (language.disabled || timeZone.disabled) return {};
  return { language: language.value, timeZone: timeZone.value };
}

/** The workspace's settings: the blog's language and time zone, changed by an editor. */
export function localeSettingsMarkup(): string {
  return `<details class="blog-tool" data-locale-settings>
<summary>Language and time zone</summary>
<form class="locale-form" data-locale-form novalidate>
${localeFieldsMarkup("settings")}
<p class="form-error" role="alert" data-locale-error></p>
<p><button type="submit" class="button button-small" data-locale-save>Save language and time zone</button> <span class="form-status" role="status" data-locale-status></span></p>
</form>
</details>`;
}

export interface LocaleSettingsOptions {
  /** The blog's API URL. */
  base: string;
  failed(err: unknown, where: HTMLElement): void;
  /** The blog as the server answered a change. */
  changed(blog: Blog): void;
}

export function createLocaleSettings(root: HTMLElement, options: LocaleSettingsOptions) {
  const details = $<HTMLDetailsElement>("[data-locale-settings]", root);
  const form = $<HTMLFormElement>("[data-locale-form]", details);
  const el = {
    language: $<HTMLSelectElement>("[data-locale-language]", form),
    timeZone: $<HTMLSelectElement>("[data-locale-time-zone]", form),
    error: $("[data-locale-error]", form),
    status: $("[data-locale-status]", form),
    save: $<HTMLButtonElement>("[data-locale-save]", form),
  };
  let blog: BlogLocale | null = null;
  let loaded: LocaleChoices | null = null;

  /** Shows the blog's values, unless the editor picked others and has not saved them yet. */
  const draw = (next: BlogLocale) => {
    const before = blog;
    blog = { language: next.language, timeZone: next.timeZone };
    if (!loaded) return;
    const untouched =
      before === null ||
      (el.language.value === before.language && el.timeZone.value === before.timeZone);
    if (untouched) fillLocaleFields(form, loaded, blog);
  };

  details.addEventListener("toggle", () => {
    if (!details.open || loaded) return;
    loadLocaleChoices().then(
      (all) => {
        loaded = all;
        if (blog) fillLocaleFields(form, all, blog);
      },
      (err: unknown) => options.failed(err, el.error),
    );
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = chosenLocale(form);
    if (!chosen.language) return;
    el.error.textContent = "";
    el.status.textContent = "";
    el.save.setAttribute("aria-busy", "true");
    try {
      const saved = await api<Blog>(options.base, { method: "PATCH", body: chosen });
      blog = null;
      draw(saved);
      const name = el.language.selectedOptions[0]?.textContent ?? saved.language;
      el.status.textContent = `Saved: ${name}, ${saved.timeZone}. Open reader pages switch at their next load.`;
      options.changed(saved);
    } catch (err) {
      options.failed(err, el.error);
    } finally {
      el.save.removeAttribute("aria-busy");
    }
  });

  return { draw };
}
