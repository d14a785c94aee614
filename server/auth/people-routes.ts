/**
 * People on the desk: GET/POST /api/editors (admins), PATCH /api/editors/:name (admins; anyone
 * for their own display name and password), GET /api/desk/people (anyone signed in: the active
 * people, for byline and team pickers). Writes pass the write rate limit; requireEditor checks a
 * cookie write's origin.
 */
import { Router, type RequestHandler } from "express";
import { createPersonSchema, personNameSchema, updatePersonSchema } from "../../shared/schemas.js";
import { parse } from "../http/validate.js";
import type { AuthService } from "./service.js";
import type { PeopleService } from "./people.js";
import { setSessionCookie } from "./routes.js";

export interface PeopleRouteOptions {
  people: PeopleService;
  auth: AuthService;
  editorOnly: RequestHandler;
  writeLimit: RequestHandler;
  sessionTtlSeconds: number;
}

export function peopleRoutes(options: PeopleRouteOptions): Router {
  const { people, auth, editorOnly, writeLimit } = options;
  const router = Router();

  router.get("/editors", editorOnly, async (req, res) => {
    res.json({ people: await people.list(req.editor!) });
  });

  router.post("/editors", editorOnly, writeLimit, async (req, res) => {
    const input = parse(createPersonSchema, req.body, "person");
    res.status(201).json(await people.create(req.editor!, input));
  });

  router.patch("/editors/:name", editorOnly, writeLimit, async (req, res) => {
    const name = parse(personNameSchema, req.params.name, "name in the path");
    const patch = parse(updatePersonSchema, req.body, "change of person");
    const { person, passwordChanged } = await people.update(req.editor!, name, patch);
    // A new password ended every session of the person, the one it was set from included: a
    // person who set their own from the desk keeps working in a fresh session.
    const ownSession = name === req.editor!.name && !req.get("authorization");
    if (passwordChanged && ownSession) {
      const sessionId = await auth.renewSession(name);
      if (sessionId) setSessionCookie(req, res, sessionId, options.sessionTtlSeconds);
    }
    res.json(person);
  });

  router.get("/desk/people", editorOnly, async (_req, res) => {
    res.json({ people: await people.deskPeople() });
  });

  return router;
}
