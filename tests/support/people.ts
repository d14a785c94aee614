/**
 * People of every role for a test: added straight to the store (as `npm run editor` does), then
 * signed in over HTTP like the desk does, so that each request carries a real session cookie.
 */
import type { Role } from "../../shared/schemas.js";
import { hashPassword } from "../../server/auth/passwords.js";
import type { Store } from "../../server/store/port.js";
import type { TestInstance } from "./instance.js";

export const PERSON_PASSWORD = "a long enough password";

let people = 0;

/** Adds an active person with the role; the name is unique in the run unless given. */
export async function addPerson(
  store: Store,
  role: Role,
  { name = `${role}${++people}`, displayName = `${role} ${people}` } = {},
): Promise<{ name: string; displayName: string; role: Role }> {
  const added = await store.editors.addEditor({
    name,
    passwordHash: await hashPassword(PERSON_PASSWORD),
    credentialVersion: 1,
    createdAt: new Date().toISOString(),
    role,
    displayName,
    active: true,
    avatar: null,
  });
  if (!added) throw new Error(`a person named ${name} exists already`);
  return { name, displayName, role };
}

/** Signs in and returns the Cookie header value that carries the session. */
export async function signIn(instance: Pick<TestInstance, "url">, name: string): Promise<string> {
  const response = await fetch(`${instance.url}/api/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: instance.url },
    body: JSON.stringify({ name, password: PERSON_PASSWORD }),
  });
  if (response.status !== 201) throw new Error(`sign-in of ${name}: ${response.status}`);
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`sign-in of ${name} set no cookie`);
  return cookie;
}

/** Headers for a JSON request as that person's browser sends it (cookie + same origin). */
export const asPerson = (instance: Pick<TestInstance, "url">, cookie: string) => ({
  Cookie: cookie,
  Origin: instance.url,
  "Content-Type": "application/json",
});
