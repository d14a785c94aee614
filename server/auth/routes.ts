/** POST /api/session logs in, GET says who is logged in, DELETE logs out. */
import {
  Router,
  type CookieOptions,
  type Request,
  type RequestHandler,
  type Response,
} from "express";
import { loginSchema } from "../../shared/schemas.js";
import { unauthorized } from "../errors.js";
import { parse } from "../http/validate.js";
import { SESSION_COOKIE } from "./middleware.js";
import { sessionOf, type AuthService } from "./service.js";

const cookie = (secure: boolean): CookieOptions => ({
  httpOnly: true,
  sameSite: "lax",
  secure,
  path: "/",
});

/** Gives the browser that sent `req` the session cookie for `sessionId`. */
export function setSessionCookie(
  req: Request,
  res: Response,
  sessionId: string,
  ttlSeconds: number,
) {
  res.cookie(SESSION_COOKIE, sessionId, { ...cookie(req.secure), maxAge: ttlSeconds * 1000 });
}

export function sessionRoutes(
  auth: AuthService,
  editorOnly: RequestHandler,
  loginLimit: RequestHandler,
  ttlSeconds: number,
): Router {
  const router = Router();

  router.post("/session", loginLimit, async (req, res) => {
    const { name, password } = parse(loginSchema, req.body, "log-in");
    const { sessionId, identity } = await auth.login(name, password);
    setSessionCookie(req, res, sessionId, ttlSeconds);
    res.status(201).json(sessionOf(identity));
  });

  router.get("/session", editorOnly, (req, res) => {
    res.json(sessionOf(req.editor!));
  });

  router.delete("/session", async (req, res) => {
    const sessionId: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof sessionId !== "string" || !sessionId) throw unauthorized("You are not logged in.");
    await auth.logout(sessionId);
    res.clearCookie(SESSION_COOKIE, cookie(req.secure));
    res.status(204).end();
  });

  return router;
}
