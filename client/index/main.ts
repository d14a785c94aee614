/** The blog index: relative update times in the reader's time zone; the rest is plain HTML. */
import "../common/base.css";
import { keepTimesFresh } from "../common/times.js";

keepTimesFresh(document);
