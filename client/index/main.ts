/** The blog index: relative update times in the reader's time zone; the rest is plain HTML. */
import "../common/base.css";
import { createIntl } from "../../shared/i18n/i18n.js";
import { keepTimesFresh } from "../common/times.js";

const { timeZone } = Intl.DateTimeFormat().resolvedOptions();
keepTimesFresh(document, createIntl(document.documentElement.lang || "en", timeZone));
