/**
 * Who is asking: a person by Bearer token (ADMIN_TOKEN or a personal token: scripts, CMS) or by
 * session cookie (admin page).
 * A cookie-authenticated write must come from an allowed origin, so that a foreign page cannot
 * post in an editor's name (CSRF); Bearer writes carry no ambient credential and skip that check.
 */
import type { Request, RequestHandler } from "express";
import { unauthorized } from "../errors.js";
import { refuseForeignWrite } from "../http/origin.js";
import type { Identity } from "./roles.js";
import type { AuthService } from "./service.js";

export const SESSION_COOKIE = "lb_session";

declare module "express-serve-static-core" {
  interface Request {
    editor?: Identity;
  }
}

/**
 * The editor that the request's session cookie belongs to, or null (no cookie, or a session that
 * ended): for a page that shows editors something else, where "nobody" is an answer, not a 401.
 * Needs cookie-parser before it. Bearer tokens do not count: browsers do not send them.
 */
export function sessionEditor(auth: AuthService) {
  return async (req: Request): Promise<Identity | null> => {
    const sessionId: unknown = req.cookies?.[SESSION_COOKIE];
    return typeof sessionId === "string" && sessionId ? auth.editorForSession(sessionId) : null;
  };
}

export function requireEditor(auth: AuthService, publicOrigins: readonly string[]): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get("authorization");
    if (header) {
      const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? "";
      req.editor = (await auth.editorForToken(token)) ?? undefined;
      if (!req.editor)
        throw unauthorized(
          "The Bearer token is not valid: it was mistyped or revoked, or its owner was deactivated.",
        );
      return next();
    }
    const sessionId: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof sessionId !== "string" || !sessionId) throw unauthorized();
    refuseForeignWrite(req, publicOrigins);
    req.editor = (await auth.editorForSession(sessionId)) ?? undefined;
    if (!req.editor) throw unauthorized("Your session has ended; log in again.");
    next();
  };
}
