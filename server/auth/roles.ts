/**
 * Who may do what (issue 13). Every route and socket event asks here, so that the rules live in
 * one place: `admin` does everything (people and blogs included); `editor` writes, publishes,
 * edits anyone's entries and manages a blog's lifecycle; `contributor` files drafts on the blogs
 * they are assigned to, and edits and withdraws only their own drafts.
 */
import type { RequestHandler } from "express";
import type { Role } from "../../shared/schemas.js";
import { forbidden } from "../errors.js";
import type { BlogStore } from "../store/port.js";

/** The person a request or socket acts as (session cookie, personal token or ADMIN_TOKEN). */
export interface Identity {
  name: string;
  displayName: string;
  role: Role;
  /** Media id of their picture (the desk bar shows it); absent for ADMIN_TOKEN. */
  avatar?: string | null;
}

const RANK: Record<Role, number> = { contributor: 0, editor: 1, admin: 2 };

/** True when `identity` has `role` or a higher one. */
export const hasRole = (identity: Identity, role: Role): boolean =>
  RANK[identity.role] >= RANK[role];

const ROLE_NAMES: Record<Role, string> = {
  contributor: "contributors",
  editor: "editors",
  admin: "admins",
};

/** Throws 403 with a sentence that names who may (e.g. "Only editors and admins may publish."). */
export function requireRoleOf(identity: Identity, role: Role, action: string): void {
  if (hasRole(identity, role)) return;
  const who = role === "admin" ? "admins" : `${ROLE_NAMES[role]} and admins`;
  const article = identity.role === "contributor" ? "a" : "an";
  throw forbidden(`Only ${who} may ${action}; you are signed in as ${article} ${identity.role}.`);
}

/** Express middleware after requireEditor: 403 below `role`. */
export const requireRole =
  (role: Role, action: string): RequestHandler =>
  (req, _res, next) => {
    requireRoleOf(req.editor!, role, action);
    next();
  };

/**
 * Whether a person works on a blog: editors and admins on every blog, contributors on the blogs
 * whose team names them.
 */
export const mayWorkOn = (identity: Identity, team: readonly string[]): boolean =>
  hasRole(identity, "editor") || team.includes(identity.name);

/** mayWorkOn for one blog, reading its team only when the role alone does not decide. */
export const worksOn = async (
  identity: Identity,
  blogId: string,
  teams: Pick<BlogStore, "getTeam">,
): Promise<boolean> =>
  hasRole(identity, "editor") || mayWorkOn(identity, await teams.getTeam(blogId));
