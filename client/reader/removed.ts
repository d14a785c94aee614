/**
 * What a reader sees once the blog is deleted (client/common/live.ts `onRemoved`): a status
 * message in place of the updates, which are taken away, since whoever deleted the blog meant
 * them to be gone. The live connection has stopped by then; nothing comes back without a reload,
 * which answers 404.
 */
import type { I18n } from "../../shared/i18n/i18n.js";
import { $ } from "../common/dom.js";

export function showRemoved(root: HTMLElement, i18n: I18n): void {
  const removed = i18n.t("blog.removedText");
  if (root.classList.contains("is-removed")) return;
  root.classList.remove("is-live");
  root.classList.add("is-removed");
  const status = $("[data-status]", root);
  status.textContent = i18n.t("blog.removed");
  status.className = "status status-ended";
  for (const hide of root.querySelectorAll<HTMLElement>(
    "[data-connection], [data-readers], .blog-updated, .reader-layout",
  ))
    hide.hidden = true;
  document.getElementById("lb-jsonld")?.remove();
  document.title = removed;
  // Put in place empty, then filled: a live region announces a change, not its first content.
  const notice = document.createElement("p");
  notice.className = "notice removed-notice";
  notice.setAttribute("role", "status");
  notice.dataset.removed = "";
  $(".blog-header", root).after(notice);
  requestAnimationFrame(() => {
    notice.textContent = removed;
  });
}
