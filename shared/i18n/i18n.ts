/**
 * One language and time zone at work: messages from a catalog, plurals from Intl.PluralRules,
 * numbers, lists of names, absolute times in the blog's time zone and relative times, all from
 * Intl. The server renders pages with it and the reader's client keeps them live with the same
 * locale (it comes with the page), so the first HTML and the hydrated page say the same thing.
 *
 * Absolute times are deterministic (an instant, a language and a zone give one text), so a cached
 * page stays right; relative times ("3 minutes ago") depend on the moment and only the client
 * writes them, into elements of their own (`[data-ago]`, client/common/times.ts).
 */
import { escapeHtml } from "../html.js";
import type { Messages, PluralKey, TextKey } from "./catalog.js";
import { directionOf } from "./languages.js";

/** What a page needs to speak a language: the tag, the zone, and the complete catalog. */
export interface Locale {
  /** BCP 47 ("de", "pt-BR"). */
  language: string;
  /** IANA ("Europe/Istanbul"). */
  timeZone: string;
  messages: Messages;
}

type Params = Record<string, string | number>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The parts of a language that need no catalog, only Intl: numbers, lists, times. Pages without
 * a blog (the index) use them alone.
 */
export function createIntl(language: string, timeZone: string) {
  const numbers = new Intl.NumberFormat(language);
  const percents = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 0 });
  const lists = new Intl.ListFormat(language, { type: "conjunction" });
  const relative = new Intl.RelativeTimeFormat(language, { numeric: "auto" });
  // The day and the time ("12 Mar, 14:05"): an entry's time, whatever day it is read.
  const dayAndTime = new Intl.DateTimeFormat(language, {
    timeZone,
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
  });
  const clock = new Intl.DateTimeFormat(language, { timeZone, hour: "numeric", minute: "2-digit" });
  // Everything, zone included: the tooltip of every time.
  const full = new Intl.DateTimeFormat(language, {
    timeZone,
    dateStyle: "full",
    timeStyle: "long",
  });
  return {
    language,
    timeZone,
    dir: directionOf(language),
    number: (n: number) => numbers.format(n),
    /** A share as the language writes it: 0.62 is "62%" in English, "62 %" in French. */
    percent: (fraction: number) => percents.format(fraction),
    /** "Ana, Bo and Cem" in the language's own words. */
    list: (items: readonly string[]) => lists.format(items),
    /** "12 Mar, 14:05" in the blog's zone: when an entry was posted. */
    dayAndTime: (iso: string) => dayAndTime.format(Date.parse(iso)),
    /** "14:05" in the blog's zone: when an entry was last updated. */
    clock: (iso: string) => clock.format(Date.parse(iso)),
    /** The full date, time and zone: a time's tooltip. */
    full: (iso: string) => full.format(Date.parse(iso)),
    /**
     * "now", "3 minutes ago", "2 hours ago", "yesterday"; null when older, where the absolute time
     * next to it says more. A time slightly in the future (clock skew) is "now".
     */
    relative(thenMs: number, nowMs: number): string | null {
      const ago = Math.max(0, nowMs - thenMs);
      if (ago < 45_000) return relative.format(0, "second");
      if (ago < HOUR) return relative.format(-Math.max(1, Math.round(ago / MINUTE)), "minute");
      if (ago < DAY) return relative.format(-Math.floor(ago / HOUR), "hour");
      if (ago < 2 * DAY) return relative.format(-1, "day");
      return null;
    },
  };
}

export type IntlParts = ReturnType<typeof createIntl>;

/** A language at work: its catalog's messages, with plurals, on top of its Intl parts. */
export function createI18n(locale: Locale) {
  const { language, timeZone, messages } = locale;
  const intl = createIntl(language, timeZone);
  const plurals = new Intl.PluralRules(language);

  const fill = (text: string, params: Params, value: (v: string | number) => string) =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? value(params[name]!) : whole,
    );
  const shown = (v: string | number) => (typeof v === "number" ? intl.number(v) : v);

  const t = (key: TextKey, params: Params = {}) => fill(messages[key], params, shown);
  /** The form of `key` for `count` (passed to the text as `{count}`, formatted). */
  const plural = (key: PluralKey, count: number, params: Params = {}) => {
    const forms = messages[key];
    const text = forms[plurals.select(count)] ?? forms.other;
    return fill(text, { ...params, count }, shown);
  };

  return {
    ...intl,
    t,
    plural,
    /**
     * `key` as HTML: its text escaped, and each parameter inserted as the caller built it (already
     * escaped markup, such as a `<time>` element).
     */
    html: (key: TextKey, markup: Record<string, string>) =>
      fill(escapeHtml(messages[key]), markup, String),
  };
}

export type I18n = ReturnType<typeof createI18n>;
