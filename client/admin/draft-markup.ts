/**
 * Markup of a draft on the desk: the item (who wrote it, when, the editor's note if it was sent
 * back, the text), the buttons the person may use on it, and the panels those open (edit, send
 * back). Every string from a person is escaped; `draft.html` was sanitized by the server.
 */
import { renderPoll } from "../../shared/engagement-markup.js";
import { noEngagement } from "../../shared/engagement-model.js";
import { escapeHtml } from "../../shared/html.js";
import { entryTitle } from "../../shared/render.js";
import type { Draft, Session } from "../../shared/schemas.js";
import { formatUtc } from "../../shared/time.js";
import { bylinePickerMarkup } from "./byline-picker.js";
import { editMarkup } from "./entry-list.js";
import { LIMITS } from "./limits.js";
import { deskI18n } from "./locale.js";
import { formatScheduled, scheduleFieldMarkup, toLocalInput } from "./schedule-time.js";

/** Which list a draft is drawn in: waiting for review, or scheduled. */
export type DraftListKind = "waiting" | "scheduled";

/** Editors and admins act on every draft; a contributor on their own only. */
export const isEditor = (session: Session) => session.role !== "contributor";

/** Changes whenever what the item shows changes (a note set back does not always add a version). */
export const drawnVersion = (draft: Draft) =>
  `${draft.version}:${draft.status}:${draft.publishAt ?? ""}:${draft.review?.at ?? ""}`;

/** The display name of who filed the draft (their byline name when they are on it). */
export const writerOf = (draft: Draft) =>
  draft.authors.find((a) => a.name === draft.createdBy)?.displayName ?? draft.createdBy;

const hiddenTitle = (draft: Draft) =>
  `<span class="visually-hidden"> “${escapeHtml(entryTitle(draft, 40))}”</span>`;

const button = (label: string, action: string, draft: Draft, extraClass = "") =>
  `<button type="button" class="button button-small${extraClass}" data-action="${action}">` +
  `${label}${hiddenTitle(draft)}</button>`;

function actionsMarkup(draft: Draft, kind: DraftListKind, session: Session): string {
  if (!isEditor(session)) {
    if (draft.createdBy !== session.name) return "";
    return (
      button("Edit", "edit", draft) +
      " " +
      button("Withdraw", "confirm-withdraw", draft, " button-danger")
    );
  }
  const buttons =
    kind === "waiting"
      ? [
          button("Publish", "publish", draft, " button-primary"),
          button("Send back", "send-back", draft),
          button("Edit", "edit", draft),
          button("Delete", "confirm-delete", draft, " button-danger"),
        ]
      : [
          button("Publish now", "publish", draft, " button-primary"),
          button("Edit", "edit", draft),
          button("Cancel schedule", "unschedule", draft),
        ];
  return buttons.join(" ");
}

/** The editor's note on a draft sent back: what its writer has to read first. */
function reviewMarkup(draft: Draft): string {
  const { review } = draft;
  if (!review) return "";
  return (
    `<div class="review-note" data-review-note><p class="review-note-by"><strong>Sent back by ` +
    `${escapeHtml(review.by.displayName)}</strong> <time datetime="${escapeHtml(review.at)}" data-relative>` +
    `${formatUtc(review.at)}</time>:</p><p class="review-note-text">${escapeHtml(review.note)}</p></div>`
  );
}

export function draftItemMarkup(draft: Draft, kind: DraftListKind, session: Session): string {
  const id = escapeHtml(draft.id);
  const authors = draft.authors.map((a) => escapeHtml(a.displayName)).join(", ");
  const when =
    draft.status === "scheduled" && draft.publishAt
      ? `<p class="draft-when">Publishes <time datetime="${escapeHtml(draft.publishAt)}">` +
        `${escapeHtml(formatScheduled(draft.publishAt))}</time></p>`
      : "";
  const badges =
    (draft.pinned ? ` <span class="badge badge-pinned">Pinned</span>` : "") +
    (draft.keyEvent ? ` <span class="badge badge-key">Key event</span>` : "");
  return (
    `<li class="draft-item" data-draft="${id}" data-version="${escapeHtml(drawnVersion(draft))}">` +
    `<article class="draft" aria-labelledby="draft-${id}-title">` +
    `<p class="draft-meta" id="draft-${id}-title"><span class="draft-authors">By ${authors}</span>` +
    ` · saved <time datetime="${escapeHtml(draft.updatedAt)}" data-relative>${formatUtc(draft.updatedAt)}</time>` +
    `${badges}</p>` +
    when +
    reviewMarkup(draft) +
    (draft.headline ? `<h4 class="entry-headline">${escapeHtml(draft.headline)}</h4>` : "") +
    `<div class="entry-body">${draft.html}</div>` +
    // Its poll as readers will get it: counted only once the draft is published.
    renderPoll(draft, { mode: "page", nowMs: Date.now(), entry: noEngagement() }, deskI18n()) +
    `</article>` +
    `<p class="entry-actions" data-actions>${actionsMarkup(draft, kind, session)}</p>` +
    `<p class="form-error" role="alert" data-item-error></p></li>`
  );
}

/** Editing a draft: the entry fields, its byline and, when scheduled, its time. */
export function draftEditMarkup(draft: Draft): string {
  const prefix = `edit-${escapeHtml(draft.id)}`;
  const time =
    draft.status === "scheduled" && draft.publishAt
      ? scheduleFieldMarkup(`${prefix}-publish-at`, toLocalInput(draft.publishAt))
      : "";
  return editMarkup(draft, bylinePickerMarkup(prefix) + time);
}

/** Sending a draft back: the note to its writer, required. */
export function sendBackMarkup(draft: Draft): string {
  const id = `return-${escapeHtml(draft.id)}`;
  return `<form class="send-back" data-send-back-form novalidate>
<p class="field"><label for="${id}">Note for ${escapeHtml(writerOf(draft))}</label>
<textarea id="${id}" name="note" rows="3" maxlength="${LIMITS.reviewNoteMax}" required aria-describedby="${id}-hint"></textarea>
<span class="hint" id="${id}-hint">Say what to change; they see it on their desk with the draft.</span></p>
<p class="form-error" role="alert" data-panel-error></p>
<p class="form-actions"><button type="submit" class="button button-primary">Send back</button> <button type="button" class="button" data-action="close-panel">Cancel</button></p>
</form>`;
}

/** "Delete this draft?" or "Withdraw your draft?", in place of the buttons. */
export function confirmMarkup(kind: "delete" | "withdraw"): string {
  const [question, yes] =
    kind === "delete"
      ? ["Delete this draft for good?", "Yes, delete"]
      : ["Withdraw your draft? It is deleted.", "Yes, withdraw"];
  return (
    `<span class="confirm-text">${question}</span> ` +
    `<button type="button" class="button button-small button-danger" data-action="remove">${yes}</button> ` +
    `<button type="button" class="button button-small" data-action="close-panel">Cancel</button>`
  );
}
