/**
 * One list of drafts on the desk ("Waiting for review" or "Scheduled") and what can be done to a
 * draft from it: publish, send back with a note, edit, cancel a schedule, delete or withdraw.
 * Items being edited or confirmed are left alone by live redraws; when the focused item goes
 * away (published by another editor, say), focus moves to its neighbour, not to the page's top.
 */
import { entryTitle } from "../../shared/render.js";
import type { Draft, Entry, Session } from "../../shared/schemas.js";
import { api, ApiError } from "../common/api.js";
import { $, elementFrom, reconcile } from "../common/dom.js";
import { refreshTimes } from "../common/times.js";
import { createBylinePicker, type BylinePicker, type DeskPerson } from "./byline-picker.js";
import type { DraftModel } from "./draft-model.js";
import {
  confirmMarkup,
  draftEditMarkup,
  draftItemMarkup,
  drawnVersion,
  sendBackMarkup,
  writerOf,
  type DraftListKind,
} from "./draft-markup.js";
import { readEntryFields, submitOnModEnter } from "./entry-form.js";
import { attachPictureInput, bodyTarget } from "./picture-input.js";
import { attachPollEditor, type PollEditor } from "./poll-editor.js";
import { readScheduleInput } from "./schedule-time.js";
import { deskI18n } from "./locale.js";

export interface DraftListOptions {
  kind: DraftListKind;
  base: string;
  session: Session;
  model: DraftModel;
  people: Promise<DeskPerson[]>;
  /** Where focus goes when the list has no item left to take it. */
  heading: HTMLElement;
  failed(err: unknown, where: HTMLElement): void;
  /** Published: readers get it; the entry list should see its event. */
  published(entry: Entry): void;
  /** The model changed: redraw every list. */
  changed(): void;
  announce(text: string): void;
}

const quoted = (draft: Draft) => `“${entryTitle(draft, 60)}”`;

export function createDraftList(list: HTMLElement, options: DraftListOptions) {
  const { base, session, model } = options;
  const render = (draft: Draft) => elementFrom(draftItemMarkup(draft, options.kind, session));
  const pickers = new WeakMap<HTMLElement, BylinePicker>();
  const polls = new WeakMap<HTMLElement, PollEditor>();
  const url = (item: HTMLElement, action = "") =>
    `${base}/entries/${encodeURIComponent(item.dataset.draft ?? "")}${action}`;

  /** Back to the draft as it is now, focus on `focus` (the button that opened the panel). */
  const settle = (item: HTMLElement, focus = "") => {
    delete item.dataset.mode;
    const current = model.get(item.dataset.draft ?? "");
    if (!current) {
      item.remove();
      options.changed();
      return;
    }
    const fresh = render(current);
    item.replaceWith(fresh);
    refreshTimes(fresh, deskI18n());
    const target =
      fresh.querySelector<HTMLElement>(`[data-action="${focus}"]`) ??
      fresh.querySelector<HTMLElement>("[data-action]");
    target?.focus();
  };

  /** A draft the server answered with: into the model, every list redrawn, focus kept on it. */
  const saved = (item: HTMLElement, draft: Draft, focus: string) => {
    model.save(draft);
    settle(item, focus);
    options.changed();
    // A draft scheduled or unscheduled moved to the other list: focus follows it there.
    const now = document.querySelector<HTMLElement>(`[data-draft="${CSS.escape(draft.id)}"]`);
    if (now && !now.contains(document.activeElement)) {
      now.querySelector<HTMLElement>("[data-action]")?.focus();
    }
  };

  /** The draft went away on the server (another editor was faster): drop it, say so. */
  const gone = (item: HTMLElement, draft: Draft) => {
    delete item.dataset.mode;
    model.remove(draft.id);
    options.changed();
    options.announce(`${quoted(draft)} was published or withdrawn by someone else meanwhile.`);
  };

  /** Where a failure is said: in the open panel, else under the item's buttons. */
  const errorIn = (item: HTMLElement): HTMLElement =>
    item.querySelector<HTMLElement>("[data-panel-error], [data-edit-error]") ??
    $("[data-item-error]", item);

  /** Runs a request for an item; the common refusals are said in the item. */
  const act = async (item: HTMLElement, draft: Draft, run: () => Promise<void>) => {
    const where = errorIn(item);
    where.textContent = "";
    item.setAttribute("aria-busy", "true");
    try {
      await run();
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.code === "not_a_draft")) {
        return gone(item, draft);
      }
      if (err instanceof ApiError && err.code === "version_conflict") {
        const theirs = err.details[0] as Draft | undefined;
        if (theirs?.id === draft.id) model.save(theirs);
        item.dataset.baseVersion = String(theirs?.version ?? draft.version);
        where.textContent = item.dataset.mode
          ? "Someone else changed this draft while you were working on it. Save again to put your version over theirs, or Cancel to see theirs."
          : "Someone else changed this draft meanwhile: read it again, then try once more.";
        if (!item.dataset.mode) options.changed();
        return;
      }
      options.failed(err, where);
    } finally {
      item.removeAttribute("aria-busy");
    }
  };

  const publish = (item: HTMLElement, draft: Draft) =>
    act(item, draft, async () => {
      const entry = await api<Entry>(url(item, "/publish"), {
        method: "POST",
        body: { version: draft.version },
      });
      model.remove(draft.id);
      options.changed();
      options.published(entry);
      options.announce(`Published ${quoted(draft)}.`);
    });

  const remove = (item: HTMLElement, draft: Draft) =>
    act(item, draft, async () => {
      await api(url(item), { method: "DELETE" });
      // Confirmed and done: the redraw may remove the item without a word.
      delete item.dataset.mode;
      model.remove(draft.id);
      options.changed();
      options.announce(
        `${draft.createdBy === session.name ? "Withdrawn" : "Deleted"}: ${quoted(draft)}.`,
      );
    });

  const unschedule = (item: HTMLElement, draft: Draft) =>
    act(item, draft, async () => {
      const back = await api<Draft>(url(item), {
        method: "PATCH",
        body: { version: draft.version, status: "draft" },
      });
      saved(item, back, "edit");
      options.announce(`${quoted(draft)} is a draft again, under “Waiting for review”.`);
    });

  const openPanel = (item: HTMLElement, draft: Draft, mode: "edit" | "send-back") => {
    item.dataset.mode = mode;
    item.dataset.baseVersion = String(draft.version);
    if (mode === "send-back") {
      $("[data-actions]", item).hidden = true;
      item.append(elementFrom(sendBackMarkup(draft)));
      $<HTMLTextAreaElement>("textarea", item).focus();
      return;
    }
    item.innerHTML = draftEditMarkup(draft);
    const form = $<HTMLFormElement>("[data-edit-form]", item);
    submitOnModEnter(form);
    attachPictureInput(form, bodyTarget($<HTMLTextAreaElement>("textarea[name=body]", form)), {
      failed: options.failed,
    });
    const picker = createBylinePicker($("[data-byline]", form), session, draft.authors);
    options.people.then(picker.setPeople, () => {});
    pickers.set(item, picker);
    polls.set(item, attachPollEditor(form));
    $<HTMLInputElement>("input[name=headline]", form).focus();
  };

  const saveEdit = (item: HTMLElement, form: HTMLFormElement, draft: Draft) => {
    const error = $("[data-edit-error]", form);
    const fields = readEntryFields(form);
    if (!fields.body.trim()) return void (error.textContent = "The body cannot be empty.");
    const authors = pickers.get(item)?.read() ?? { ok: true as const, authors: undefined };
    if (!authors.ok) return void (error.textContent = authors.message);
    const timeInput = form.querySelector<HTMLInputElement>("[data-schedule-input]");
    const time = timeInput ? readScheduleInput(timeInput.value) : null;
    if (time && !time.ok) {
      error.textContent = time.message;
      return void timeInput?.focus();
    }
    const poll = polls.get(item)?.read(draft.poll) ?? { ok: true as const };
    if (!poll.ok) return void (error.textContent = poll.message);
    return act(item, draft, async () => {
      const body = {
        version: Number(item.dataset.baseVersion),
        ...fields,
        ...(poll.poll !== undefined ? { poll: poll.poll } : {}),
        ...(authors.authors ? { authors: authors.authors } : {}),
        ...(time?.ok ? { status: "scheduled", publishAt: time.iso } : {}),
      };
      saved(item, await api<Draft>(url(item), { method: "PATCH", body }), "edit");
    });
  };

  const sendBack = (item: HTMLElement, form: HTMLFormElement, draft: Draft) => {
    const note = String(new FormData(form).get("note") ?? "").trim();
    if (!note) {
      $("[data-panel-error]", form).textContent = `Say what ${writerOf(draft)} should change.`;
      return void $<HTMLTextAreaElement>("textarea", form).focus();
    }
    return act(item, draft, async () => {
      const back = await api<Draft>(url(item, "/return"), { method: "POST", body: { note } });
      saved(item, back, "send-back");
      options.announce(`Sent back to ${writerOf(draft)}.`);
    });
  };

  list.addEventListener("click", (event) => {
    const target = (event.target as Element).closest<HTMLElement>(
      "[data-action], [data-cancel-edit]",
    );
    const item = target?.closest<HTMLElement>("li.draft-item");
    const draft = model.get(item?.dataset.draft ?? "");
    if (!target || !item) return;
    if (!draft) return void settle(item);
    const action = target.dataset.action ?? "close-panel";
    if (action === "publish") void publish(item, draft);
    else if (action === "unschedule") void unschedule(item, draft);
    else if (action === "remove") void remove(item, draft);
    else if (action === "edit" || action === "send-back") openPanel(item, draft, action);
    else if (action === "confirm-delete" || action === "confirm-withdraw") {
      item.dataset.mode = "confirm";
      const actions = $("[data-actions]", item);
      actions.innerHTML = confirmMarkup(action === "confirm-delete" ? "delete" : "withdraw");
      $<HTMLButtonElement>('[data-action="close-panel"]', actions).focus();
    } else if (action === "close-panel") {
      const opened = item.dataset.mode;
      settle(item, opened === "confirm" ? "" : (opened ?? ""));
    }
  });
  list.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const item = form.closest<HTMLElement>("li.draft-item");
    const draft = model.get(item?.dataset.draft ?? "");
    if (!item || !draft) return;
    if (form.matches("[data-send-back-form]")) void sendBack(item, form, draft);
    else void saveEdit(item, form, draft);
  });

  return {
    draw(drafts: readonly Draft[]) {
      const focused = document.activeElement;
      const items = Array.from(list.children) as HTMLElement[];
      const focusIndex = items.findIndex((item) => item.contains(focused));
      const keys = new Set(drafts.map((d) => d.id));
      for (const item of items) {
        const id = item.dataset.draft ?? "";
        if (!item.dataset.mode || keys.has(id)) continue;
        options.announce(
          model.get(id)
            ? "Someone else moved the draft you were working on to the other list; open it there."
            : "The draft you were working on was published or withdrawn by someone else.",
        );
      }
      reconcile(list, drafts, {
        keyOf: (draft) => draft.id,
        keyOfElement: (element) => element.dataset.draft,
        versionOf: drawnVersion,
        render,
        onAdded: (element) => element.classList.add("is-new"),
        keep: (element) => element.dataset.mode !== undefined,
      });
      refreshTimes(list, deskI18n());
      // The focused item went away: its neighbour takes focus, or the list's heading.
      if (focusIndex >= 0 && !list.contains(document.activeElement)) {
        const next = list.children[Math.min(focusIndex, list.children.length - 1)];
        (next?.querySelector<HTMLElement>("[data-action]") ?? options.heading).focus();
      }
    },
  };
}
