/**
 * A blog's team on the desk: the people assigned to it (contributors see and write for these
 * blogs only; editors and admins work on every blog). Editors and admins add and remove people
 * (PUT /api/blogs/:blogId/team, which refuses names of no one); contributors see the list.
 * People to pick come from the desk's people list, or the admins' one; without either (an editor
 * on a server without the people list), log-in names are typed, and the server checks them.
 */
import { escapeHtml } from "../../shared/html.js";
import { api, ApiError } from "../common/api.js";
import { $ } from "../common/dom.js";
import type { BlogToolOptions } from "./blog-tool.js";

export function teamMarkup(): string {
  return `<details class="blog-tool" data-team>
<summary>Team</summary>
<p class="hint">Contributors see and write for the blogs whose team names them; editors and admins work on every blog.</p>
<ul class="team-members" data-team-members></ul>
<p class="muted" data-team-empty hidden>No one is assigned yet.</p>
<form class="team-add" data-team-add novalidate hidden>
<p class="field"><label for="team-person">Add a person (log-in name)</label>
<input id="team-person" name="person" list="team-people" autocomplete="off" autocapitalize="off" spellcheck="false">
<datalist id="team-people" data-team-people></datalist></p>
<p><button type="submit" class="button button-small">Add to the team</button> <span class="form-status" role="status" data-team-status></span></p>
</form>
<p class="form-error" role="alert" data-team-error></p>
</details>`;
}

interface PersonChoice {
  name: string;
  displayName?: string;
  role?: string;
}

/** The desk's people list, or the admins' one; [] when this person may read neither. */
async function loadPeople(): Promise<PersonChoice[]> {
  for (const path of ["/api/desk/people", "/api/editors"]) {
    try {
      const body = await api<{ people?: PersonChoice[]; editors?: PersonChoice[] }>(path);
      const people = body.people ?? body.editors;
      if (Array.isArray(people)) return people;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) throw err;
    }
  }
  return [];
}

export function createTeam(root: HTMLElement, { base, session, failed }: BlogToolOptions) {
  const details = $<HTMLDetailsElement>("[data-team]", root);
  const el = {
    members: $("[data-team-members]", details),
    empty: $("[data-team-empty]", details),
    form: $<HTMLFormElement>("[data-team-add]", details),
    input: $<HTMLInputElement>("#team-person", details),
    people: $("[data-team-people]", details),
    status: $("[data-team-status]", details),
    error: $("[data-team-error]", details),
  };
  const manages = session.role !== "contributor";
  let members: string[] = [];
  let people = new Map<string, PersonChoice>();
  let loaded = false;

  const draw = () => {
    el.members.innerHTML = members
      .map((name) => {
        const person = people.get(name);
        const label = person?.displayName
          ? `${escapeHtml(person.displayName)} <span class="muted">(${escapeHtml(name)})</span>`
          : escapeHtml(name);
        const remove = manages
          ? ` <button type="button" class="button button-small" data-remove="${escapeHtml(name)}" aria-label="Remove ${escapeHtml(person?.displayName ?? name)} from the team">Remove</button>`
          : "";
        return `<li>${label}${remove}</li>`;
      })
      .join("");
    el.empty.hidden = members.length > 0;
    el.people.innerHTML = [...people.values()]
      .filter((person) => !members.includes(person.name))
      .map(
        (person) =>
          `<option value="${escapeHtml(person.name)}">${escapeHtml(person.displayName ?? person.name)}${person.role ? ` (${escapeHtml(person.role)})` : ""}</option>`,
      )
      .join("");
  };

  const save = async (next: string[], said: string) => {
    el.error.textContent = "";
    try {
      members = (
        await api<{ members: string[] }>(`${base}/team`, {
          method: "PUT",
          body: { members: next },
        })
      ).members;
      el.status.textContent = said;
      draw();
      return true;
    } catch (err) {
      failed(err, el.error);
      return false;
    }
  };

  const load = async () => {
    try {
      const [team, choices] = await Promise.all([
        api<{ members: string[] }>(`${base}/team`),
        manages ? loadPeople() : Promise.resolve([]),
      ]);
      members = team.members;
      people = new Map(choices.map((person) => [person.name, person]));
      loaded = true;
      el.form.hidden = !manages;
      draw();
    } catch (err) {
      failed(err, el.error);
    }
  };

  details.addEventListener("toggle", () => {
    if (details.open && !loaded) void load();
  });
  el.form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = el.input.value.trim();
    if (!name) {
      el.error.textContent = "Type the log-in name of the person to add.";
      return el.input.focus();
    }
    if (members.includes(name)) {
      el.error.textContent = `${name} is on the team already.`;
      return el.input.focus();
    }
    if (await save([...members, name], `${name} added.`)) el.input.value = "";
    el.input.focus();
  });
  el.members.addEventListener("click", (event) => {
    const name = (event.target as Element).closest<HTMLButtonElement>("[data-remove]")?.dataset
      .remove;
    if (!name) return;
    void save(
      members.filter((member) => member !== name),
      `${name} removed.`,
    ).then(() => (manages ? el.input.focus() : undefined));
  });
}
