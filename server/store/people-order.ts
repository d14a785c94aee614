/** The orders the EditorStore port promises, shared by both stores. */
import type { Editor, TokenRecord } from "./port.js";

export const byName = (a: Editor, b: Editor) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Newest first; the id breaks ties of tokens made in the same millisecond. */
export const newestTokenFirst = (a: TokenRecord, b: TokenRecord) =>
  b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
