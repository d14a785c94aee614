/**
 * The byline of an entry or draft: who wrote it, picked from the people on the desk (GET
 * /api/desk/people), in the order they were ticked (a reporter, then the editor who rewrote it).
 * Without that list (a server that does not have it) the picker offers just the person logged in.
 */
import { escapeHtml } from "../../shared/html.js";
import type { Byline, Role, Session } from "../../shared/schemas.js";
import { api, ApiError } from "../common/api.js";
import { $ } from "../common/dom.js";
import { LIMITS } from "./limits.js";

export interface DeskPerson {
  name: string;
  displayName: string;
  role: Role;
}

/** The active people, the one logged in always among them; a 401 is passed on (session over). */
export async function loadPeople(me: Session): Promise<DeskPerson[]> {
  let people: DeskPerson[] = [];
  try {
    people = (await api<{ people: DeskPerson[] }>("/api/desk/people")).people;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) throw err;
    // Not there (404) or not for this role: the byline can still be the person writing.
  }
  return people.some((p) => p.name === me.name) ? people : [me, ...people];
}

export function bylinePickerMarkup(id: string): string {
  return (
    `<fieldset class="byline-picker" data-byline aria-describedby="${id}-byline-order">` +
    `<legend>Byline</legend>` +
    `<div class="byline-options" data-byline-options></div>` +
    `<p class="hint" id="${id}-byline-order" data-byline-order></p></fieldset>`
  );
}

/**
 * Fills a byline fieldset and keeps the tick order. `initial` is the byline it starts from (and
 * returns to on reset): the draft's, or the person logged in.
 */
export function createBylinePicker(fieldset: HTMLElement, me: Session, initial: Byline[]) {
  const options = $("[data-byline-options]", fieldset);
  const order = $("[data-byline-order]", fieldset);
  let people: Byline[] = [me];
  let picked = initial.map((b) => b.name);
  const nameOf = (name: string) =>
    [...people, ...initial].find((p) => p.name === name)?.displayName ?? name;

  const draw = () => {
    // People no longer on the desk stay pickable where a byline names them already.
    const shown = [...people, ...initial.filter((b) => !people.some((p) => p.name === b.name))];
    options.innerHTML = shown
      .map(
        (person) =>
          `<label><input type="checkbox" name="author" value="${escapeHtml(person.name)}"` +
          `${picked.includes(person.name) ? " checked" : ""}> ${escapeHtml(person.displayName)}</label>`,
      )
      .join("");
    drawOrder();
  };
  const drawOrder = () => {
    order.textContent = picked.length
      ? `By ${picked.map(nameOf).join(", ")}.`
      : "Tick at least one name.";
  };

  options.addEventListener("change", (event) => {
    const box = event.target as HTMLInputElement;
    picked = picked.filter((name) => name !== box.value);
    if (box.checked) picked.push(box.value);
    drawOrder();
  });
  draw();

  return {
    setPeople(list: readonly DeskPerson[]) {
      people = list.map(({ name, displayName }) => ({ name, displayName }));
      draw();
    },
    /**
     * The names to send, or undefined when the byline is the server's default (the person
     * writing) and nothing needs saying; an error message when it cannot be sent.
     */
    read(): { ok: true; authors: string[] | undefined } | { ok: false; message: string } {
      if (picked.length === 0)
        return { ok: false, message: "Tick at least one name for the byline." };
      if (picked.length > LIMITS.authorsMax) {
        return { ok: false, message: `A byline names at most ${LIMITS.authorsMax} people.` };
      }
      const unchanged = picked.join("\n") === initial.map((b) => b.name).join("\n");
      return { ok: true, authors: unchanged ? undefined : [...picked] };
    },
    reset() {
      picked = initial.map((b) => b.name);
      draw();
    },
  };
}

export type BylinePicker = ReturnType<typeof createBylinePicker>;
