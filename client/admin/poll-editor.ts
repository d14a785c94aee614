/**
 * The poll of an entry or a draft, in its form (the compose form and the edit forms): "Add a
 * poll", then its question, 2 to 6 options (added and removed in place), and an optional closing
 * time in the editor's own zone, named as the schedule field names it; "Remove the poll" takes it
 * off. What the fields mean as a request is poll-input.ts's.
 */
import { escapeHtml } from "../../shared/html.js";
import type { Poll } from "../../shared/schemas.js";
import { $ } from "../common/dom.js";
import { LIMITS } from "./limits.js";
import { pollFieldsOf, readPollFields, type PollFields, type PollRead } from "./poll-input.js";
import { localZone } from "./schedule-time.js";

let rows = 0;

function optionMarkup(prefix: string, value: string): string {
  const id = `${prefix}-poll-option-${++rows}`;
  return (
    `<li class="poll-editor-option"><label for="${id}" data-poll-option-label></label>` +
    `<span class="poll-editor-row"><input id="${id}" name="pollOption" maxlength="${LIMITS.pollOptionMax}" value="${escapeHtml(value)}" autocomplete="off">` +
    `<button type="button" class="button button-small" data-poll-remove-option></button></span></li>`
  );
}

/** The editor for `prefix`'s form (ids start with it), filled with `poll` when there is one. */
export function pollEditorMarkup(prefix: string, poll?: Poll | null): string {
  const fields = pollFieldsOf(poll);
  return (
    `<fieldset class="poll-editor" data-poll-editor data-prefix="${escapeHtml(prefix)}" data-on="${fields.on}">` +
    `<legend>Poll</legend>` +
    `<p class="poll-editor-none" data-poll-none${fields.on ? " hidden" : ""}><button type="button" class="button button-small" data-poll-add>Add a poll</button> ` +
    `<span class="hint">Readers vote once per device and see the results after voting or once it closes.</span></p>` +
    `<div data-poll-fields${fields.on ? "" : " hidden"}>` +
    `<p class="field"><label for="${prefix}-poll-question">Question</label>` +
    `<input id="${prefix}-poll-question" name="pollQuestion" maxlength="${LIMITS.pollQuestionMax}" value="${escapeHtml(fields.question)}" autocomplete="off"></p>` +
    `<ol class="poll-editor-options" data-poll-options>${fields.options.map((option) => optionMarkup(prefix, option)).join("")}</ol>` +
    `<p><button type="button" class="button button-small" data-poll-add-option>Add an option</button></p>` +
    `<p class="field schedule-field"><label for="${prefix}-poll-closes">Closes at (optional) <span class="hint">(your time zone, ${escapeHtml(localZone())})</span></label>` +
    `<input type="datetime-local" id="${prefix}-poll-closes" name="pollClosesAt" value="${fields.closesAt}"></p>` +
    `<p><button type="button" class="button button-small button-danger" data-poll-remove>Remove the poll</button></p>` +
    `</div></fieldset>`
  );
}

export interface PollEditor {
  /** The request's `poll` from the fields (see poll-input.ts); on a problem, focus goes there. */
  read(current: Poll | null | undefined): PollRead;
  /** The poll as the preview shows it, or null. */
  preview(): Poll | null;
  /** Back to "no poll" (after the compose form was sent). */
  reset(): void;
}

/** Wires the editor inside `form`; `changed` runs after every change of its shape (for the preview). */
export function attachPollEditor(form: HTMLElement, changed: () => void = () => {}): PollEditor {
  const editor = $<HTMLFieldSetElement>("[data-poll-editor]", form);
  const prefix = editor.dataset.prefix ?? "poll";
  const none = $("[data-poll-none]", editor);
  const fieldsBox = $("[data-poll-fields]", editor);
  const list = $("[data-poll-options]", editor);
  const addOption = $<HTMLButtonElement>("[data-poll-add-option]", editor);
  const question = () => $<HTMLInputElement>("[name=pollQuestion]", editor);
  const optionInputs = () =>
    Array.from(list.querySelectorAll<HTMLInputElement>("[name=pollOption]"));

  /** Labels follow the rows' places; the limits decide what may still be added or removed. */
  const relabel = () => {
    const items = Array.from(list.children);
    items.forEach((item, i) => {
      $("[data-poll-option-label]", item).textContent = `Option ${i + 1}`;
      const remove = $<HTMLButtonElement>("[data-poll-remove-option]", item);
      remove.innerHTML = `Remove<span class="visually-hidden"> option ${i + 1}</span>`;
      remove.disabled = items.length <= LIMITS.pollOptionsMin;
    });
    addOption.disabled = items.length >= LIMITS.pollOptionsMax;
  };
  const setOn = (on: boolean) => {
    editor.dataset.on = String(on);
    none.hidden = on;
    fieldsBox.hidden = !on;
  };
  relabel();

  editor.addEventListener("click", (event) => {
    const target = (event.target as Element).closest("button");
    if (!target || target.disabled) return;
    if (target.matches("[data-poll-add]")) {
      setOn(true);
      question().focus();
    } else if (target.matches("[data-poll-remove]")) {
      setOn(false);
      $<HTMLButtonElement>("[data-poll-add]", editor).focus();
    } else if (target.matches("[data-poll-add-option]")) {
      list.insertAdjacentHTML("beforeend", optionMarkup(prefix, ""));
      relabel();
      optionInputs().at(-1)?.focus();
    } else if (target.matches("[data-poll-remove-option]")) {
      const item = target.closest("li")!;
      const next = item.nextElementSibling ?? item.previousElementSibling;
      item.remove();
      relabel();
      next?.querySelector("input")?.focus();
    } else return;
    changed();
  });

  const fields = (): PollFields => ({
    on: editor.dataset.on === "true",
    question: question().value,
    options: optionInputs().map((input) => input.value),
    closesAt: $<HTMLInputElement>("[name=pollClosesAt]", editor).value,
  });

  return {
    read(current) {
      const read = readPollFields(fields(), current);
      if (!read.ok) {
        const { field } = read;
        if (field.name === "question") question().focus();
        else if (field.name === "option") optionInputs()[field.index]?.focus();
        else $<HTMLInputElement>("[name=pollClosesAt]", editor).focus();
      }
      return read;
    },
    preview() {
      const now = fields();
      if (!now.on || !now.question.trim()) return null;
      const options = now.options.map((option) => option.trim()).filter(Boolean);
      if (options.length < LIMITS.pollOptionsMin) return null;
      const at = now.closesAt ? new Date(now.closesAt) : null;
      return {
        id: "preview-poll",
        question: now.question.trim(),
        options,
        closesAt: at && !Number.isNaN(at.getTime()) ? at.toISOString() : null,
        closedAt: null,
      };
    },
    reset() {
      setOn(false);
      question().value = "";
      $<HTMLInputElement>("[name=pollClosesAt]", editor).value = "";
      list.innerHTML = optionMarkup(prefix, "") + optionMarkup(prefix, "");
      relabel();
    },
  };
}
