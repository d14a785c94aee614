/**
 * What the entry form's button does. Editors and admins choose: publish now (the default, as
 * before drafts existed), save as a draft, or schedule for a time in their own time zone.
 * Contributors have no choice: their entries are drafts an editor reviews, so the button says
 * "Submit for review".
 */
import type { Role } from "../../shared/schemas.js";
import { $ } from "../common/dom.js";
import { formatScheduled, readScheduleInput, scheduleFieldMarkup } from "./schedule-time.js";

type Mode = "published" | "draft" | "scheduled";

/** The request's status fields: nothing for "publish now" (the server's default for editors). */
export type PublishChoice =
  | { status?: undefined; publishAt?: undefined }
  | { status: "draft"; publishAt?: undefined }
  | { status: "scheduled"; publishAt: string };

const BUTTON: Record<Mode | "review", string> = {
  published: "Publish",
  draft: "Save draft",
  scheduled: "Schedule",
  review: "Submit for review",
};
const SENDING: Record<Mode | "review", string> = {
  published: "Publishing…",
  draft: "Saving…",
  scheduled: "Scheduling…",
  review: "Submitting…",
};

const mayPublish = (role: Role) => role !== "contributor";

function markup(): string {
  const option = (mode: Mode, label: string, checked = false) =>
    `<label><input type="radio" name="publishMode" value="${mode}"${checked ? " checked" : ""}> ${label}</label>`;
  return (
    `<fieldset class="publish-choice"><legend>When</legend>` +
    `<div class="checks">${option("published", "Publish now", true)} ${option("draft", "Save as draft")} ` +
    `${option("scheduled", "Schedule…")}</div>` +
    scheduleFieldMarkup("entry-publish-at", "", true) +
    `</fieldset>`
  );
}

/** Fills `container` for the role and keeps the form's button saying what it will do. */
export function createPublishOptions(
  container: HTMLElement,
  submit: HTMLButtonElement,
  role: Role,
) {
  const form = submit.form!;
  const choosing = mayPublish(role);
  container.innerHTML = choosing ? markup() : "";
  const field = choosing ? $("[data-schedule-field]", container) : null;
  const input = choosing ? $<HTMLInputElement>("[data-schedule-input]", container) : null;

  const mode = (): Mode =>
    choosing ? ((new FormData(form).get("publishMode") as Mode | null) ?? "published") : "draft";
  const key = (): Mode | "review" => (choosing ? mode() : "review");
  const sync = () => {
    submit.textContent = BUTTON[key()];
    if (field) field.hidden = mode() !== "scheduled";
  };
  container.addEventListener("change", sync);
  sync();

  return {
    /** The status fields to send, or what is wrong and where to go to fix it. */
    read():
      { ok: true; choice: PublishChoice } | { ok: false; message: string; focus: HTMLElement } {
      if (!choosing) return { ok: true, choice: {} };
      const chosen = mode();
      if (chosen === "draft") return { ok: true, choice: { status: "draft" } };
      if (chosen !== "scheduled" || !input) return { ok: true, choice: {} };
      const time = readScheduleInput(input.value);
      if (!time.ok) return { ok: false, message: time.message, focus: input };
      return { ok: true, choice: { status: "scheduled", publishAt: time.iso } };
    },
    sending: () => SENDING[key()],
    /** What to say once the server took it. */
    done(choice: PublishChoice): string {
      if (!choosing) return "Submitted for review: it waits under “Waiting for review”.";
      if (choice.status === "draft") return "Saved as draft.";
      if (choice.status === "scheduled")
        return `Scheduled for ${formatScheduled(choice.publishAt)}.`;
      return "Published.";
    },
    /** After form.reset(): the button and the time field follow the choice reset to "now". */
    sync,
  };
}
