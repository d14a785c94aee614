/**
 * A newsroom for tests of drafts and roles: one person of each kind signed in on an instance,
 * what each of them can send over HTTP (with their session cookie, as the desk does), and desk
 * sockets that record the desk events they get.
 */
import type { Ack, DeskEvent } from "../../shared/events.js";
import type { Role } from "../../shared/schemas.js";
import type { Store } from "../../server/store/port.js";
import type { TestInstance } from "./instance.js";
import { addPerson, asPerson, signIn } from "./people.js";
import type { TestReader } from "./reader.js";

export interface Member {
  name: string;
  displayName: string;
  role: Role;
  /** The Cookie header value of their session on the instance they signed in on. */
  cookie: string;
}

/** Who asks: a member of the newsroom, or nobody signed in. */
export type Asker = Member | "anonymous";

/**
 * An admin, an editor, two contributors on the team of `blogIds` (`member` and `colleague`) and
 * one on no team (`outsider`).
 */
export async function newsroom(instance: TestInstance, blogIds: readonly string[] = []) {
  const add = async (role: Role, prefix: string) => {
    const person = await addPerson(instance.store, role, {
      name: `${prefix}${Math.random().toString(36).slice(2, 8)}`,
      displayName: `${prefix[0]!.toUpperCase()}${prefix.slice(1)} Person`,
    });
    return { ...person, cookie: await signIn(instance, person.name) };
  };
  const cast = {
    admin: await add("admin", "admin"),
    editor: await add("editor", "editor"),
    member: await add("contributor", "member"),
    colleague: await add("contributor", "colleague"),
    outsider: await add("contributor", "outsider"),
  };
  for (const blogId of blogIds) {
    await joinTeam(instance.store, blogId, cast.member.name);
    await joinTeam(instance.store, blogId, cast.colleague.name);
  }
  return cast;
}

/** Adds a person to a blog's team (contributors see only the blogs they are on). */
export async function joinTeam(store: Store, blogId: string, name: string) {
  await store.blogs.setTeam(blogId, [...(await store.blogs.getTeam(blogId)), name]);
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** Sends a request as `who`; the JSON body of the answer, or {} when it has none. */
export async function send<T = Record<string, unknown>>(
  instance: TestInstance,
  who: Asker,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const headers =
    who === "anonymous"
      ? { Origin: instance.url, "Content-Type": "application/json" }
      : asPerson(instance, who.cookie);
  return sendWith<T>(instance, method, path, headers, body);
}

/** Sends a request with exactly these headers (a cookie, a token, none). */
export async function sendWith<T = Record<string, unknown>>(
  instance: Pick<TestInstance, "url">,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer<T>> {
  const response = await fetch(`${instance.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : {}) as T,
    headers: response.headers,
  };
}

/** The desk's requests about one blog, as `who` sends them. */
export function deskOf(instance: TestInstance, blogId: string) {
  const entries = `/api/blogs/${blogId}/entries`;
  return {
    file: (who: Asker, entry: Record<string, unknown>) =>
      send(instance, who, "POST", entries, entry),
    drafts: (who: Asker) =>
      send<{ drafts: { id: string }[] }>(instance, who, "GET", `/api/blogs/${blogId}/drafts`),
    change: (who: Asker, id: string, patch: Record<string, unknown>) =>
      send(instance, who, "PATCH", `${entries}/${id}`, patch),
    remove: (who: Asker, id: string) => send(instance, who, "DELETE", `${entries}/${id}`),
    publish: (who: Asker, id: string, body?: { version?: number }) =>
      send(instance, who, "POST", `${entries}/${id}/publish`, body),
    sendBack: (who: Asker, id: string, note: string) =>
      send(instance, who, "POST", `${entries}/${id}/return`, { note }),
    unpublish: (who: Asker, id: string) =>
      send(instance, who, "POST", `${entries}/${id}/unpublish`),
  };
}

/** A socket's `desk:subscribe`, and the desk events it gets from then on. */
export function watchDesk(reader: TestReader) {
  const events: DeskEvent[] = [];
  reader.socket.on("desk:event", (event) => events.push(event));
  return {
    events,
    join: (blogId: string): Promise<Ack<null>> =>
      reader.socket.timeout(10_000).emitWithAck("desk:subscribe", { blogId }),
  };
}
