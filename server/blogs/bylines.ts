/**
 * Bylines: the people an entry is by, named by their log-in names in requests and stored as
 * snapshots of their display names (an entry keeps the name it was published under).
 */
import type { Byline } from "../../shared/schemas.js";
import { AppError } from "../errors.js";
import { identityOf } from "../auth/service.js";
import type { EditorStore } from "../store/port.js";

/** Where bylines' people are looked up. */
export type People = Pick<EditorStore, "getEditor">;

/**
 * The bylines for `names`, in their order; the asker's alone when none are named. Each name must
 * be an active person on the desk, or the request is refused (400 validation_failed naming it).
 */
export async function bylinesOf(
  people: People | undefined,
  names: readonly string[] | undefined,
  asker: Byline,
): Promise<Byline[]> {
  if (names === undefined) return [{ name: asker.name, displayName: asker.displayName }];
  if (!people) throw new Error("this service was built without people to check bylines against");
  const found = await Promise.all(names.map((name) => people.getEditor(name)));
  const unknown = names.filter((_, i) => !found[i] || found[i]!.active === false);
  if (unknown.length > 0) {
    const who = unknown.map((name) => `"${name}"`).join(", ");
    const message = `authors names ${who}, who ${unknown.length === 1 ? "is" : "are"} not an active person on the desk; name people from the desk's list of people`;
    throw new AppError(400, "validation_failed", `The entry is not valid: ${message}.`, [
      { path: "authors", code: "unknown_person", message, names: unknown },
    ]);
  }
  return found.map((editor) => {
    const { name, displayName } = identityOf(editor!);
    return { name, displayName };
  });
}

/** The v1 `author` of an entry: the first of its bylines. */
export const firstAuthor = (bylines: readonly Byline[]) => ({
  name: bylines[0]!.name,
  displayName: bylines[0]!.displayName,
});
