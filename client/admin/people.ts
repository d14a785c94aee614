/**
 * The People panel (admins only): everyone on the desk with their picture, role and whether they
 * are active; add a person; change a display name, picture, role or password (a new password logs them out
 * everywhere); deactivate (ends their sessions and tokens) and reactivate. The list loads when
 * the panel is first opened.
 */
import "./people.css";
import { escapeHtml } from "../../shared/html.js";
import type { Person, Role } from "../../shared/schemas.js";
import { api } from "../common/api.js";
import { $ } from "../common/dom.js";
import {
  attachAvatarControls,
  avatarControlMarkup,
  avatarMarkup,
  initialsMarkup,
} from "./avatar.js";
import { LIMITS } from "./limits.js";

const ROLES: { role: Role; label: string }[] = [
  { role: "contributor", label: "Contributor: writes drafts" },
  { role: "editor", label: "Editor: writes and publishes" },
  { role: "admin", label: "Admin: also manages people and blogs" },
];
const roleOptions = (selected: Role) =>
  ROLES.map(
    ({ role, label }) =>
      `<option value="${role}"${role === selected ? " selected" : ""}>${escapeHtml(label)}</option>`,
  ).join("");
const withArticle = (role: Role) => `${role === "contributor" ? "a" : "an"} ${role}`;

export function peoplePanelMarkup(): string {
  return `<details class="panel desk-panel people-panel" data-people>
<summary><h2 id="people-title">People</h2></summary>
<p class="form-error" role="alert" data-people-error></p>
<ul class="people-list" aria-labelledby="people-title" data-people-list></ul>
<p class="form-status" role="status" data-people-status></p>
<form class="add-person" data-add-person novalidate aria-labelledby="add-person-title">
<h3 id="add-person-title">Add a person</h3>
<p class="field"><label for="person-name">Log-in name</label><input id="person-name" name="name" maxlength="64" autocomplete="off" autocapitalize="off" spellcheck="false" aria-describedby="person-name-hint" required>
<span class="hint" id="person-name-hint">A-Z, a-z, 0-9, _ . and -. It cannot be changed later.</span></p>
<p class="field"><label for="person-display">Display name</label><input id="person-display" name="displayName" maxlength="${LIMITS.displayNameMax}" autocomplete="off" aria-describedby="person-display-hint" required>
<span class="hint" id="person-display-hint">Shown in bylines, e.g. Ana Demir.</span></p>
<p class="field"><label for="person-role">Role</label><select id="person-role" name="role">${roleOptions("editor")}</select></p>
<p class="field"><label for="person-password">First password</label><input id="person-password" name="password" type="password" autocomplete="new-password" minlength="8" aria-describedby="person-password-hint" required>
<span class="hint" id="person-password-hint">At least 8 characters. Tell it to them in person; they can change it under My account.</span></p>
<p class="form-error" role="alert" data-add-person-error></p>
<p><button type="submit" class="button button-primary">Add person</button></p>
</form>
</details>`;
}

function personMarkup(person: Person, index: number): string {
  const id = `person-${index}`;
  const name = escapeHtml(person.name);
  const display = escapeHtml(person.displayName);
  return `<li class="person${person.active ? "" : " is-inactive"}" data-person="${name}">
<p class="person-line">${avatarMarkup(person, { alt: "", placeholder: initialsMarkup(person.displayName) })}<strong>${display}</strong> <span class="muted">${name}</span>
<span class="role-badge">${escapeHtml(person.role)}</span>
<span class="status ${person.active ? "status-live" : "status-ended"}">${person.active ? "Active" : "Deactivated"}</span>
<button type="button" class="button button-small${person.active ? " button-danger" : ""}" data-person-active aria-label="${person.active ? "Deactivate" : "Reactivate"} ${display}">${person.active ? "Deactivate" : "Reactivate"}</button></p>
<details class="person-change"><summary>Change ${display}</summary>
${avatarControlMarkup(person, `${id}-avatar`)}
<form data-person-form novalidate>
<p class="field"><label for="${id}-display">Display name</label><input id="${id}-display" name="displayName" value="${display}" maxlength="${LIMITS.displayNameMax}" required></p>
<p class="field"><label for="${id}-role">Role</label><select id="${id}-role" name="role">${roleOptions(person.role)}</select></p>
<p class="field"><label for="${id}-password">New password (optional)</label><input id="${id}-password" name="password" type="password" autocomplete="new-password" aria-describedby="${id}-password-hint">
<span class="hint" id="${id}-password-hint">Leave empty to keep it. A new password logs ${display} out everywhere.</span></p>
<p class="form-error" role="alert" data-person-error></p>
<p><button type="submit" class="button">Update ${display}</button></p>
</form>
</details>
</li>`;
}

export interface PeoplePanelOptions {
  failed(err: unknown, where: HTMLElement): void;
  /** A person's picture changed (the desk bar shows the admin's own). */
  pictured(person: Person): void;
}

export function openPeoplePanel(root: HTMLElement, options: PeoplePanelOptions): void {
  const panel = $<HTMLDetailsElement>("[data-people]", root);
  const list = $("[data-people-list]", panel);
  const listError = $("[data-people-error]", panel);
  const status = $("[data-people-status]", panel);
  const addForm = $<HTMLFormElement>("[data-add-person]", panel);
  const addError = $("[data-add-person-error]", panel);
  let people: Person[] = [];
  let loaded = false;

  const draw = () => {
    list.innerHTML = people.map(personMarkup).join("");
  };
  const load = async () => {
    try {
      people = (await api<{ people: Person[] }>("/api/editors")).people;
      listError.textContent = "";
      draw();
    } catch (err) {
      options.failed(err, listError);
    }
  };
  /** Puts the changed person in the list and says so; focus goes back to their row's button. */
  const changed = (person: Person, message: string) => {
    people = people.map((p) => (p.name === person.name ? person : p));
    draw();
    status.textContent = message;
    list.querySelector<HTMLElement>(`[data-person="${CSS.escape(person.name)}"] button`)?.focus();
  };
  const patch = (name: string, body: Record<string, unknown>) =>
    api<Person>(`/api/editors/${encodeURIComponent(name)}`, { method: "PATCH", body });

  attachAvatarControls(list, {
    personOf: (name) => people.find((p) => p.name === name),
    changed: (person) => {
      changed(person, `${person.displayName}'s picture ${person.avatar ? "updated" : "removed"}.`);
      options.pictured(person);
    },
    failed: options.failed,
  });

  panel.addEventListener("toggle", () => {
    if (panel.open && !loaded) {
      loaded = true;
      void load();
    }
  });

  list.addEventListener("click", async (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>("[data-person-active]");
    const name = button?.closest<HTMLElement>("[data-person]")?.dataset.person;
    const person = people.find((p) => p.name === name);
    if (!button || !person) return;
    button.disabled = true;
    try {
      const next = await patch(person.name, { active: !person.active });
      changed(
        next,
        next.active
          ? `${next.displayName} is active again and can log in.`
          : `${next.displayName} is deactivated: logged out everywhere, and their tokens no longer work.`,
      );
    } catch (err) {
      button.disabled = false;
      options.failed(err, listError);
    }
  });

  list.addEventListener("submit", async (event) => {
    const form = event.target as HTMLFormElement;
    const name = form.closest<HTMLElement>("[data-person]")?.dataset.person;
    const person = people.find((p) => p.name === name);
    if (!person) return;
    event.preventDefault();
    const error = $("[data-person-error]", form);
    const data = new FormData(form);
    const displayName = String(data.get("displayName") ?? "").trim();
    const role = String(data.get("role")) as Role;
    const password = String(data.get("password") ?? "");
    const body: Record<string, unknown> = {};
    if (displayName !== person.displayName) body.displayName = displayName;
    if (role !== person.role) body.role = role;
    if (password) body.password = password;
    if (!displayName || (password && password.length < 8) || Object.keys(body).length === 0) {
      error.textContent = !displayName
        ? "Give a display name."
        : password
          ? "The new password needs at least 8 characters."
          : "Nothing to change: change a field first.";
      return;
    }
    try {
      const next = await patch(person.name, body);
      changed(
        next,
        `${next.displayName} updated${password ? "; their new password logged them out everywhere" : ""}.`,
      );
    } catch (err) {
      options.failed(err, error);
    }
  });

  addForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(addForm);
    const person = {
      name: String(data.get("name") ?? "").trim(),
      displayName: String(data.get("displayName") ?? "").trim(),
      role: String(data.get("role")) as Role,
      password: String(data.get("password") ?? ""),
    };
    const missing = !person.name
      ? ["#person-name", "Give a log-in name."]
      : !person.displayName
        ? ["#person-display", "Give a display name."]
        : person.password.length < 8
          ? ["#person-password", "The first password needs at least 8 characters."]
          : null;
    if (missing) {
      addError.textContent = missing[1]!;
      $<HTMLInputElement>(missing[0]!, addForm).focus();
      return;
    }
    try {
      const added = await api<Person>("/api/editors", { method: "POST", body: person });
      addForm.reset();
      addError.textContent = "";
      people = [...people.filter((p) => p.name !== added.name), added].sort((a, b) =>
        a.name < b.name ? -1 : 1,
      );
      draw();
      status.textContent = `Added ${added.displayName} as ${withArticle(added.role)}.`;
      $<HTMLInputElement>("#person-name", addForm).focus();
    } catch (err) {
      options.failed(err, addError);
    }
  });
}
