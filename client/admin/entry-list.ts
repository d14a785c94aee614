/**
 * The chosen blog's entries on the editors' desk, live: another editor's change shows up at once.
 * Each entry can be edited in place (a 409 shows their version next to yours, to keep one or the
 * other) and deleted after a confirmation. Items being edited or confirmed are left alone by
 * live redraws, so nobody loses what they are typing. An entry's poll shows its results as they
 * move (the same `blog:tallies` readers get), and can be closed now or reopened.
 */
import type { Tallies } from "../../shared/engagement.js";
import type { EngagementView } from "../../shared/engagement-markup.js";
import { createEngagementModel, nextPollClosing } from "../../shared/engagement-model.js";
import type { EntryModelOf } from "../../shared/entry-model.js";
import { escapeHtml } from "../../shared/html.js";
import { pollIsOpen } from "../../shared/polls.js";
import { entryTitle, renderEntry } from "../../shared/render.js";
import type { Draft, Entry } from "../../shared/schemas.js";
import { LIMITS } from "./limits.js";
import { api, ApiError } from "../common/api.js";
import { $, elementFrom, reconcile } from "../common/dom.js";
import { loadTallies, redrawEngagement } from "../common/engagement-view.js";
import { refreshTimes } from "../common/times.js";
import { draftEntry, readEntryFields, submitOnModEnter } from "./entry-form.js";
import { attachPictureInput, bodyTarget, pictureInputMarkup } from "./picture-input.js";
import { attachPollEditor, pollEditorMarkup, type PollEditor } from "./poll-editor.js";
import { deskI18n } from "./locale.js";

export interface EntryListOptions {
  base: string;
  failed(err: unknown, where: HTMLElement): void;
  /** A change the server confirmed; the live event with this seq should follow. */
  changed(seq: number): void;
  /** Editors and admins edit, unpublish and delete published entries; contributors only read. */
  mayChange: boolean;
  /** Taken off the blog, back among the drafts. */
  unpublished(draft: Draft): void;
}

const hiddenTitle = (entry: Entry) =>
  `<span class="visually-hidden"> “${escapeHtml(entryTitle(entry, 40))}”</span>`;

/** Redrawn when this changes: a new version, or a poll that closed by itself meanwhile. */
const drawnVersion = (entry: Entry, nowMs: number) =>
  entry.poll ? `${entry.version}:${pollIsOpen(entry.poll, nowMs)}` : String(entry.version);

/** Close poll (while it takes votes) or Reopen poll. */
function pollButton(entry: Entry, nowMs: number): string {
  if (!entry.poll) return "";
  return pollIsOpen(entry.poll, nowMs)
    ? `<button type="button" class="button button-small" data-close-poll>Close poll${hiddenTitle(entry)}</button> `
    : `<button type="button" class="button button-small" data-reopen-poll>Reopen poll${hiddenTitle(entry)}</button> `;
}

function itemMarkup(entry: Entry, mayChange: boolean, view: EngagementView): string {
  return (
    `<li class="admin-entry" data-entry="${escapeHtml(entry.id)}" data-version="${drawnVersion(entry, view.nowMs)}">` +
    renderEntry(entry, deskI18n(), view) +
    (mayChange
      ? `<p class="entry-actions" data-actions>` +
        `<button type="button" class="button button-small" data-edit>Edit${hiddenTitle(entry)}</button> ` +
        pollButton(entry, view.nowMs) +
        `<button type="button" class="button button-small" data-unpublish>Unpublish${hiddenTitle(entry)}</button> ` +
        `<button type="button" class="button button-small button-danger" data-delete>Delete${hiddenTitle(entry)}</button>` +
        `</p>`
      : "") +
    `</li>`
  );
}

/** The form editing an entry or a draft in place; `extra` goes before its buttons (a draft's byline). */
export function editMarkup(
  entry: Pick<Entry, "id" | "headline" | "body" | "pinned" | "keyEvent" | "poll">,
  extra = "",
): string {
  const id = `edit-${escapeHtml(entry.id)}`;
  const checked = (on: boolean) => (on ? " checked" : "");
  return `<form class="edit-form" data-edit-form novalidate>
<p class="field"><label for="${id}-headline">Headline</label><input id="${id}-headline" name="headline" maxlength="${LIMITS.headlineMax}" value="${escapeHtml(entry.headline ?? "")}"></p>
<p class="field"><label for="${id}-body">Body</label><textarea id="${id}-body" name="body" rows="5" maxlength="${LIMITS.bodyMax}">${escapeHtml(entry.body)}</textarea></p>
${pictureInputMarkup(id)}
<p class="checks"><label><input type="checkbox" name="pinned"${checked(entry.pinned)}> Pinned</label> <label><input type="checkbox" name="keyEvent"${checked(entry.keyEvent)}> Key event</label></p>
${pollEditorMarkup(id, entry.poll)}
${extra}
<div class="conflict" data-conflict hidden></div>
<p class="form-error" role="alert" data-edit-error></p>
<p class="form-actions"><button type="submit" class="button button-primary">Save</button> <button type="button" class="button" data-cancel-edit>Cancel</button></p>
</form>`;
}

export function createEntryList(
  list: HTMLElement,
  model: EntryModelOf<Entry>,
  options: EntryListOptions,
) {
  const counts = createEngagementModel();
  const view = (entry: Entry): EngagementView => ({
    mode: "desk",
    nowMs: Date.now(),
    entry: counts.of(entry),
  });
  const render = (entry: Entry) => elementFrom(itemMarkup(entry, options.mayChange, view(entry)));
  const polls = new WeakMap<HTMLElement, PollEditor>();
  const itemOf = (target: EventTarget | null) =>
    (target as Element | null)?.closest<HTMLElement>("li.admin-entry") ?? null;

  /** Back from editing or confirming to the entry as it is now (or gone, if it was deleted). */
  const settle = (item: HTMLElement) => {
    const current = model.get(item.dataset.entry ?? "");
    if (!current) return item.remove();
    const fresh = render(current);
    item.replaceWith(fresh);
    refreshTimes(fresh, deskI18n());
    $<HTMLButtonElement>("[data-edit]", fresh).focus();
  };

  const startEdit = (item: HTMLElement, entry: Entry) => {
    item.dataset.mode = "edit";
    item.dataset.baseVersion = String(entry.version);
    item.innerHTML = editMarkup(entry);
    const form = $<HTMLFormElement>("[data-edit-form]", item);
    submitOnModEnter(form);
    attachPictureInput(form, bodyTarget($<HTMLTextAreaElement>("textarea[name=body]", form)), {
      failed: options.failed,
    });
    polls.set(item, attachPollEditor(form));
    $<HTMLInputElement>("input[name=headline]", form).focus();
  };

  const showConflict = async (item: HTMLElement, theirs: Entry) => {
    const form = $<HTMLFormElement>("[data-edit-form]", item);
    const fields = readEntryFields(form);
    let html = `<p>${escapeHtml(fields.body)}</p>`;
    try {
      const preview = { method: "POST" as const, body: { body: fields.body } };
      html = (await api<{ html: string }>("/api/preview", preview)).html;
    } catch {
      // The plain text stands in for the preview.
    }
    const mine = draftEntry(
      fields,
      html,
      theirs.blogId,
      theirs.author.name,
      `${theirs.id}-yours`,
      polls.get(item)?.preview() ?? null,
    );
    item.dataset.baseVersion = String(theirs.version);
    const box = $("[data-conflict]", item);
    box.innerHTML =
      `<p role="alert"><strong>Someone else changed this entry</strong> while you were editing it. ` +
      `Compare both versions, then keep theirs or save yours over it.</p>` +
      `<div class="conflict-versions">` +
      `<section><h4>Their version (published)</h4><div class="entries">${renderEntry(theirs, deskI18n())}</div></section>` +
      `<section><h4>Your version</h4><div class="entries">${renderEntry(mine, deskI18n())}</div></section></div>` +
      `<p class="form-actions"><button type="button" class="button" data-keep-theirs>Keep their version</button> ` +
      `<button type="submit" class="button button-primary">Save my version</button></p>`;
    box.hidden = false;
    refreshTimes(box, deskI18n());
  };

  const save = async (item: HTMLElement, form: HTMLFormElement) => {
    const error = $("[data-edit-error]", form);
    const fields = readEntryFields(form);
    if (!fields.body.trim()) {
      error.textContent = "The body cannot be empty.";
      return;
    }
    const poll = polls.get(item)?.read(model.get(item.dataset.entry ?? "")?.poll) ?? { ok: true };
    if (!poll.ok) {
      error.textContent = poll.message;
      return;
    }
    error.textContent = "";
    try {
      const entry = await api<Entry>(`${options.base}/entries/${item.dataset.entry}`, {
        method: "PATCH",
        body: {
          version: Number(item.dataset.baseVersion),
          ...fields,
          ...(poll.poll !== undefined ? { poll: poll.poll } : {}),
        },
      });
      options.changed(entry.seq);
      delete item.dataset.mode;
      if ((model.get(entry.id)?.version ?? 0) < entry.version) {
        item.replaceWith(render(entry));
      } else settle(item);
    } catch (err) {
      if (err instanceof ApiError && err.code === "version_conflict" && err.details[0]) {
        await showConflict(item, err.details[0] as Entry);
      } else if (err instanceof ApiError && err.status === 404) {
        error.textContent = "This entry has been deleted by someone else.";
      } else options.failed(err, error);
    }
  };

  /** Takes a published entry off the blog: readers lose it, the desk gets it back as a draft. */
  const unpublish = async (item: HTMLElement) => {
    item.classList.add("is-deleting");
    try {
      const draft = await api<Draft>(`${options.base}/entries/${item.dataset.entry}/unpublish`, {
        method: "POST",
      });
      options.unpublished(draft);
      options.changed(model.blog.seq + 1);
    } catch (err) {
      item.classList.remove("is-deleting");
      if (err instanceof ApiError && err.status === 404) return item.remove();
      options.failed(err, $("[data-actions]", item));
    }
  };

  /** Closes the poll now, or reopens it: readers see results, or may vote again, at once. */
  const setPoll = async (item: HTMLElement, action: "close" | "reopen") => {
    const button = $<HTMLButtonElement>(`[data-${action}-poll]`, item);
    button.setAttribute("aria-busy", "true");
    try {
      const entry = await api<Entry>(
        `${options.base}/entries/${item.dataset.entry}/poll/${action}`,
        { method: "POST" },
      );
      options.changed(entry.seq);
      if ((model.get(entry.id)?.version ?? 0) < entry.version) {
        const fresh = render(entry);
        item.replaceWith(fresh);
        refreshTimes(fresh, deskI18n());
        $<HTMLButtonElement>(
          action === "close" ? "[data-reopen-poll]" : "[data-close-poll]",
          fresh,
        ).focus();
      } else settle(item);
    } catch (err) {
      button.removeAttribute("aria-busy");
      if (err instanceof ApiError && err.status === 404 && err.code === "not_found")
        return item.remove();
      options.failed(err, $("[data-actions]", item));
    }
  };

  /** "Delete …?" or "Unpublish …?" in place of the buttons, Cancel focused. */
  const confirm = (item: HTMLElement, question: string, yes: string, attribute: string) => {
    item.dataset.mode = "confirm";
    const actions = $("[data-actions]", item);
    actions.innerHTML =
      `<span class="confirm-text">${question}</span> ` +
      `<button type="button" class="button button-small button-danger" ${attribute}>${yes}</button> ` +
      `<button type="button" class="button button-small" data-cancel-delete>Cancel</button>`;
    $<HTMLButtonElement>("[data-cancel-delete]", actions).focus();
  };

  const remove = async (item: HTMLElement) => {
    item.classList.add("is-deleting");
    try {
      await api(`${options.base}/entries/${item.dataset.entry}`, { method: "DELETE" });
      options.changed(model.blog.seq + 1);
    } catch (err) {
      item.classList.remove("is-deleting");
      if (err instanceof ApiError && err.status === 404) return item.remove();
      options.failed(err, $("[data-actions]", item));
    }
  };

  list.addEventListener("click", (event) => {
    const target = event.target as Element;
    const item = itemOf(target);
    if (!item) return;
    const entry = model.get(item.dataset.entry ?? "");
    if (target.closest("[data-edit]") && entry) startEdit(item, entry);
    else if (target.closest("[data-cancel-edit], [data-keep-theirs], [data-cancel-delete]")) {
      delete item.dataset.mode;
      settle(item);
    } else if (target.closest("[data-delete]")) {
      confirm(item, "Delete this entry for everyone?", "Yes, delete", "data-confirm-delete");
    } else if (target.closest("[data-unpublish]")) {
      confirm(
        item,
        "Take this entry off the blog? It goes back to the drafts.",
        "Yes, unpublish",
        "data-confirm-unpublish",
      );
    } else if (target.closest("[data-close-poll]")) void setPoll(item, "close");
    else if (target.closest("[data-reopen-poll]")) void setPoll(item, "reopen");
    else if (target.closest("[data-confirm-delete]")) void remove(item);
    else if (target.closest("[data-confirm-unpublish]")) void unpublish(item);
  });
  list.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const item = itemOf(form);
    if (item) void save(item, form);
  });

  /** Redraws an entry's poll and reactions where it stands (its counts moved). */
  const redrawCounts = (entryId: string) => {
    const entry = model.get(entryId);
    const article = list.querySelector(`li[data-entry="${CSS.escape(entryId)}"] > article`);
    if (entry && article) redrawEngagement(article, entry, view(entry), deskI18n());
  };

  // A poll that closes by itself changes what its item offers (Reopen rather than Close).
  let closing: ReturnType<typeof setTimeout> | undefined;
  const draw = () => {
    const now = Date.now();
    reconcile(list, model.all(), {
      keyOf: (entry) => entry.id,
      keyOfElement: (element) => element.dataset.entry,
      versionOf: (entry) => drawnVersion(entry, now),
      render,
      keep: (element) => element.dataset.mode !== undefined,
    });
    clearTimeout(closing);
    const at = nextPollClosing(model.all(), now);
    if (at !== null) closing = setTimeout(draw, Math.min(at - now + 50, 2 ** 31 - 1));
  };

  return {
    draw,
    /** `blog:tallies`: the entries whose counts changed. */
    received(tallies: Tallies) {
      for (const entryId of counts.received(tallies)) redrawCounts(entryId);
    },
    /** Loads every entry's counts (once live, and after a resync). */
    loadCounts: () => loadTallies(counts, options.base, redrawCounts),
    close() {
      clearTimeout(closing);
    },
  };
}
