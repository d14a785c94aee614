/** What a change to a blog did, in words for its audit trail. */
import type { Blog, UpdateBlogInput } from "../../shared/schemas.js";

/** E.g. `title "Old" → "New"; ended`; "nothing changed" when every field was as it was. */
export function describeBlogChange(before: Blog, patch: UpdateBlogInput): string {
  const said: string[] = [];
  if (patch.title !== undefined && patch.title !== before.title)
    said.push(`title "${before.title}" → "${patch.title}"`);
  if (patch.description !== undefined && patch.description !== before.description)
    said.push("description changed");
  if (patch.status !== undefined && patch.status !== before.status)
    said.push(patch.status === "ended" ? "ended" : "reopened");
  if (patch.cover !== undefined && patch.cover !== before.cover)
    said.push(patch.cover ? `cover ${patch.cover}` : "cover removed");
  if (patch.language !== undefined && patch.language !== before.language)
    said.push(`language ${before.language} → ${patch.language}`);
  if (patch.timeZone !== undefined && patch.timeZone !== before.timeZone)
    said.push(`time zone ${before.timeZone} → ${patch.timeZone}`);
  return said.length > 0 ? said.join("; ") : "nothing changed";
}

/** E.g. `added ana, bo; removed cy`, from the team before and after. */
export function describeTeamChange(before: readonly string[], after: readonly string[]): string {
  const added = after.filter((name) => !before.includes(name));
  const removed = before.filter((name) => !after.includes(name));
  const said = [
    added.length > 0 ? `added ${added.join(", ")}` : "",
    removed.length > 0 ? `removed ${removed.join(", ")}` : "",
  ].filter(Boolean);
  return said.length > 0 ? said.join("; ") : "nothing changed";
}
