/**
 * A person's picture on the desk (issue 13, part 2): a small round thumbnail beside their name
 * (the desk bar, the People list), and the control that chooses or removes it (My account for
 * oneself, People for admins). Choosing uploads the file at once (POST /api/media, alt text =
 * the person's display name, with progress) and then sets it with PATCH /api/editors/<name>
 * {avatar}; Remove sets {avatar: null}. The control works by delegation from a container, so
 * lists that redraw their rows (People) need no re-wiring.
 */
import { escapeHtml } from "../../shared/html.js";
import { mediaPathOf } from "../../shared/media-path.js";
import type { Person } from "../../shared/schemas.js";
import { api } from "../common/api.js";
import { $ } from "../common/dom.js";
import { MEDIA_LIMITS } from "./limits.js";
import { uploadPicture } from "./media-upload.js";

/** What the thumbnail and the control need of a person. */
export type AvatarOwner = Pick<Person, "name" | "displayName" | "avatar">;

/**
 * The round thumbnail, or `placeholder` without a picture. `alt` is empty where the name is
 * written beside it (a screen reader would read the name twice). /media/<id> redirects to the
 * picture's file; the CSS draws it 2rem across.
 */
export function avatarMarkup(
  person: Pick<Person, "displayName" | "avatar">,
  { alt = person.displayName, placeholder = "" }: { alt?: string; placeholder?: string } = {},
): string {
  if (!person.avatar) return placeholder;
  const src = escapeHtml(mediaPathOf(person.avatar));
  return `<img class="avatar" src="${src}" alt="${escapeHtml(alt)}" width="32" height="32" data-avatar>`;
}

/** Two letters for a person without a picture (the People list), hidden from screen readers. */
export function initialsMarkup(displayName: string): string {
  const initials = displayName
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0]!.toUpperCase())
    .join("");
  return `<span class="avatar avatar-initials" aria-hidden="true">${escapeHtml(initials)}</span>`;
}

const currentMarkup = (person: AvatarOwner) =>
  avatarMarkup(person, { placeholder: `<span class="muted">No picture yet.</span>` });

/** The control for `person`; `id` keeps the ids of several controls on one page apart. */
export function avatarControlMarkup(person: AvatarOwner, id: string): string {
  return `<div class="avatar-control" role="group" aria-labelledby="${id}-title" data-avatar-control="${escapeHtml(person.name)}">
<h4 class="avatar-title" id="${id}-title">Picture</h4>
<p class="avatar-current" data-avatar-current>${currentMarkup(person)}</p>
<p><label class="button button-small file-button">Choose a picture…<input type="file" class="visually-hidden" accept="${(MEDIA_LIMITS.types ?? []).join(",")}" data-avatar-file></label>
<button type="button" class="button button-small" data-avatar-remove${person.avatar ? "" : " hidden"}>Remove</button></p>
<p data-avatar-progress hidden><label for="${id}-progress">Upload</label> <progress id="${id}-progress" max="100" value="0"></progress></p>
<p class="form-error" role="alert" data-avatar-error></p>
<p class="form-status" role="status" data-avatar-status></p>
</div>`;
}

export interface AvatarControlOptions {
  /** The person a control (by its data-avatar-control name) is for, as last drawn. */
  personOf(name: string): AvatarOwner | undefined;
  /** The server's answer to a change: the person with their new avatar. */
  changed(person: Person): void;
  failed(err: unknown, where: HTMLElement): void;
}

/** Wires every avatar control inside `root`, now and later drawn. */
export function attachAvatarControls(root: HTMLElement, options: AvatarControlOptions): void {
  const controlOf = (target: EventTarget | null) => {
    const control = (target as Element | null)?.closest<HTMLElement>("[data-avatar-control]");
    const person = control && options.personOf(control.dataset.avatarControl ?? "");
    return control && person ? { control, person } : null;
  };

  const set = async (control: HTMLElement, person: AvatarOwner, avatar: string | null) => {
    const next = await api<Person>(`/api/editors/${encodeURIComponent(person.name)}`, {
      method: "PATCH",
      body: { avatar },
    });
    $("[data-avatar-current]", control).innerHTML = currentMarkup(next);
    $("[data-avatar-remove]", control).hidden = next.avatar === null;
    $("[data-avatar-error]", control).textContent = "";
    $("[data-avatar-status]", control).textContent = avatar
      ? "Picture updated."
      : "Picture removed.";
    options.changed(next);
  };

  root.addEventListener("change", async (event) => {
    const input = event.target as HTMLInputElement;
    const found = input.matches("[data-avatar-file]") ? controlOf(input) : null;
    const file = input.files?.[0];
    if (!found || !file) return;
    const { control, person } = found;
    const progress = $("[data-avatar-progress]", control);
    const bar = $<HTMLProgressElement>("progress", progress);
    bar.value = 0;
    progress.hidden = false;
    $("[data-avatar-status]", control).textContent = "";
    try {
      const fields = { alt: person.displayName, caption: "", credit: "", decorative: false };
      const media = await uploadPicture(file, fields, (sent) => (bar.value = sent * 100)).done;
      await set(control, person, media.id);
    } catch (err) {
      options.failed(err, $("[data-avatar-error]", control));
    } finally {
      progress.hidden = true;
      // The same file chosen again is a change again.
      input.value = "";
    }
  });

  root.addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>("[data-avatar-remove]");
    const found = button && controlOf(button);
    if (!found) return;
    button.disabled = true;
    set(found.control, found.person, null).then(
      () => (button.disabled = false),
      (err: unknown) => {
        button.disabled = false;
        options.failed(err, $("[data-avatar-error]", found.control));
      },
    );
  });
}
