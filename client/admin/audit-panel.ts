/**
 * A blog's history on the desk, for editors and admins: who created, changed, published or
 * deleted what, and when (GET /api/blogs/:blogId/audit, newest first). Read when opened, again
 * on "Refresh", and after each change the workspace hears while it is open.
 */
import { escapeHtml } from "../../shared/html.js";
import type { AuditRecord } from "../../shared/schemas.js";
import { formatUtc } from "../../shared/time.js";
import { api } from "../common/api.js";
import { $ } from "../common/dom.js";
import type { BlogToolOptions } from "./blog-tool.js";
import { refreshTimes } from "../common/times.js";
import { deskI18n } from "./locale.js";

const SHOWN = 100;
/** Changes come in bursts (an editor at work): read once the burst is over. */
const SETTLE_MS = 800;

const DONE: Record<AuditRecord["action"], string> = {
  "blog.created": "created the blog",
  "blog.updated": "changed the blog",
  "blog.deleted": "deleted the blog",
  "blog.team": "changed the team",
  "entry.created": "published an entry",
  "entry.updated": "edited an entry",
  "entry.deleted": "deleted an entry",
  "entry.published": "published a draft",
  "entry.unpublished": "took an entry back to drafts",
  "entry.scheduled": "scheduled an entry",
  "draft.created": "filed a draft",
  "draft.updated": "edited a draft",
  "draft.returned": "sent a draft back",
  "draft.withdrawn": "withdrew a draft",
};

export function auditPanelMarkup(): string {
  return `<details class="blog-tool" data-history hidden>
<summary>History</summary>
<p><button type="button" class="button button-small" data-history-refresh>Refresh</button> <span class="form-status" role="status" data-history-status></span></p>
<ol class="history-list" data-history-list></ol>
<p class="muted" data-history-empty hidden>Nothing recorded yet.</p>
<p class="form-error" role="alert" data-history-error></p>
</details>`;
}

function recordItem(record: AuditRecord): string {
  const entry = record.entryId ? ` <span class="muted">(${escapeHtml(record.entryId)})</span>` : "";
  const detail = record.detail ? `: ${escapeHtml(record.detail)}` : "";
  return (
    `<li><time datetime="${escapeHtml(record.at)}" data-relative>${formatUtc(record.at)}</time> ` +
    `<strong>${escapeHtml(record.by)}</strong> ${DONE[record.action]}${entry}${detail}</li>`
  );
}

export function createAuditPanel(root: HTMLElement, { base, session, failed }: BlogToolOptions) {
  const details = $<HTMLDetailsElement>("[data-history]", root);
  const el = {
    list: $("[data-history-list]", details),
    empty: $("[data-history-empty]", details),
    status: $("[data-history-status]", details),
    error: $("[data-history-error]", details),
    refresh: $<HTMLButtonElement>("[data-history-refresh]", details),
  };
  details.hidden = session.role === "contributor";
  let timer: ReturnType<typeof setTimeout> | undefined;

  const load = async () => {
    el.status.textContent = "Loading…";
    try {
      const { records } = await api<{ records: AuditRecord[] }>(`${base}/audit?limit=${SHOWN}`);
      el.list.innerHTML = records.map(recordItem).join("");
      el.empty.hidden = records.length > 0;
      el.error.textContent = "";
      refreshTimes(el.list, deskI18n());
      el.status.textContent = "";
    } catch (err) {
      el.status.textContent = "";
      failed(err, el.error);
    }
  };

  details.addEventListener("toggle", () => {
    if (details.open) void load();
  });
  el.refresh.addEventListener("click", () => void load());

  return {
    /** Something changed on the blog: read the history again if it is open. */
    changed() {
      if (!details.open || details.hidden) return;
      clearTimeout(timer);
      timer = setTimeout(() => void load(), SETTLE_MS);
    },
    close: () => clearTimeout(timer),
  };
}
