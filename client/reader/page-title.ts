/**
 * The reader page's document title, from one place: the blog's (pageTitle, as the server
 * renders it), led by the count of updates that came while the tab was in the background
 * ("(3) Negotiations in Istanbul"), until the reader looks again. The view writes it on every
 * draw, the counter below when the count changes; both through `documentTitle`, so they agree.
 */
import type { EntryModel } from "../../shared/entry-model.js";
import type { I18n } from "../../shared/i18n/i18n.js";
import { pageTitle } from "../../shared/render.js";
import type { Blog } from "../../shared/schemas.js";

/** New entries that arrived while the page was hidden; the document has one title, so one count. */
let unseen = 0;

export function documentTitle(blog: Pick<Blog, "title" | "status">, i18n: I18n): string {
  const title = pageTitle(blog, i18n);
  return unseen > 0 ? i18n.t("page.titleUnseen", { count: unseen, title }) : title;
}

/** Counts new entries while the page is hidden; the count goes when the reader comes back. */
export function countUnseenUpdates(model: EntryModel, i18n: I18n) {
  const show = () => {
    document.title = documentTitle(model.blog, i18n);
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible" || unseen === 0) return;
    unseen = 0;
    show();
  });
  return {
    /** A new entry came live. */
    created() {
      if (document.visibilityState !== "hidden") return;
      unseen += 1;
      show();
    },
  };
}
