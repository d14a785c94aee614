/**
 * People on the desk: admins add, change, deactivate and reactivate them; everyone may change
 * their own display name, password and picture (avatar). Deactivating or setting a password bumps the person's
 * credentialVersion, which ends their sessions on every instance (service.ts). Nobody may leave
 * the desk without an active admin (409 last_admin): ADMIN_TOKEN would be the only way back.
 */
import type { CreatePersonInput, Person, Role, UpdatePersonInput } from "../../shared/schemas.js";
import { badRequest, conflict, forbidden, notFound } from "../errors.js";
import type { Editor, EditorStore } from "../store/port.js";
import { hashPassword } from "./passwords.js";
import { hasRole, requireRoleOf, type Identity } from "./roles.js";
import { addEditor, identityOf, isActive } from "./service.js";

/** A person as the API shows them: never the password hash; older records get their defaults. */
export const personOf = (editor: Editor): Person => {
  const { name, displayName, role } = identityOf(editor);
  return {
    name,
    displayName,
    role,
    active: isActive(editor),
    avatar: editor.avatar ?? null,
    createdAt: editor.createdAt,
  };
};

/** What the byline and team pickers need of a person. */
export interface DeskPerson {
  name: string;
  displayName: string;
  role: Role;
}

const OWN_FIELDS = new Set(["displayName", "password", "avatar"]);

export interface PeopleOptions {
  /** Whether an uploaded picture exists (for avatars). */
  mediaExists(id: string): Promise<boolean>;
}

export function createPeopleService(editors: EditorStore, options: PeopleOptions) {
  const requirePerson = async (name: string) => {
    const editor = await editors.getEditor(name);
    if (!editor) throw notFound(`Person "${name}"`);
    return editor;
  };
  const checkAvatar = async (avatar: string | null | undefined) => {
    if (avatar && !(await options.mediaExists(avatar)))
      throw badRequest(
        "validation_failed",
        `avatar: there is no uploaded picture "${avatar}"; upload the picture first.`,
      );
  };
  /** Throws 409 when `name` is the only active admin and `next` would no longer be one. */
  const keepAnAdmin = async (before: Person, next: Person) => {
    const was = before.active && before.role === "admin";
    if (!was || (next.active && next.role === "admin")) return;
    const admins = (await editors.listEditors()).map(personOf);
    if (admins.some((p) => p.name !== before.name && p.active && p.role === "admin")) return;
    throw conflict(
      "last_admin",
      `${before.name} is the last active admin; make someone else an admin first, then ${next.active ? "change the role" : "deactivate"}.`,
    );
  };

  return {
    async list(actor: Identity): Promise<Person[]> {
      requireRoleOf(actor, "admin", "see everyone on the desk");
      return (await editors.listEditors()).map(personOf);
    },

    /** The active people, for choosing bylines and teams (any signed-in person). */
    async deskPeople(): Promise<DeskPerson[]> {
      return (await editors.listEditors())
        .filter(isActive)
        .map((editor) => identityOf(editor))
        .map(({ name, displayName, role }) => ({ name, displayName, role }));
    },

    /** Throws 409 person_exists when the name is taken. */
    async create(actor: Identity, input: CreatePersonInput): Promise<Person> {
      requireRoleOf(actor, "admin", "add people");
      await checkAvatar(input.avatar);
      const { name, password, ...fields } = input;
      if (!(await addEditor(editors, name, password, fields)))
        throw conflict(
          "person_exists",
          `There is a person named "${name}" already; choose another name.`,
        );
      return personOf(await requirePerson(name));
    },

    /**
     * Admins change anything; others only their own display name, password and avatar (403). Says
     * whether the password changed, which ended the person's sessions.
     */
    async update(
      actor: Identity,
      name: string,
      patch: UpdatePersonInput,
    ): Promise<{ person: Person; passwordChanged: boolean }> {
      if (!hasRole(actor, "admin")) {
        const own = "you may change your own display name, password and picture";
        if (actor.name !== name) throw forbidden(`Only admins may change other people; ${own}.`);
        const others = Object.keys(patch).filter((field) => !OWN_FIELDS.has(field));
        if (others.length > 0)
          throw forbidden(`Only admins may change ${others.join(" and ")}; ${own}.`);
      }
      const editor = await requirePerson(name);
      const before = personOf(editor);
      const { password, ...fields } = patch;
      const next: Person = { ...before, ...fields };
      await keepAnAdmin(before, next);
      if (fields.avatar !== before.avatar) await checkAvatar(fields.avatar);
      const deactivated = before.active && !next.active;
      await editors.saveEditor({
        ...editor,
        role: next.role,
        displayName: next.displayName,
        active: next.active,
        avatar: next.avatar,
        ...(password ? { passwordHash: await hashPassword(password) } : {}),
        credentialVersion: editor.credentialVersion + (password || deactivated ? 1 : 0),
      });
      return { person: next, passwordChanged: password !== undefined };
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
