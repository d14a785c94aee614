/**
 * Personal API tokens of the person asking: POST /api/tokens makes one (its secret is in this
 * answer only), GET lists them without secrets, DELETE revokes one at once on every instance.
 */
import { Router, type RequestHandler } from "express";
import { createTokenSchema } from "../../shared/schemas.js";
import { parse } from "../http/validate.js";
import type { TokenService } from "./tokens.js";

export function tokenRoutes(
  tokens: TokenService,
  editorOnly: RequestHandler,
  writeLimit: RequestHandler,
): Router {
  const router = Router();

  router.post("/tokens", editorOnly, writeLimit, async (req, res) => {
    const { name } = parse(createTokenSchema, req.body, "token");
    res.status(201).json(await tokens.create(req.editor!.name, name));
  });

  router.get("/tokens", editorOnly, async (req, res) => {
    res.json({ tokens: await tokens.list(req.editor!.name) });
  });

  router.delete("/tokens/:id", editorOnly, writeLimit, async (req, res) => {
    await tokens.revoke(req.editor!.name, String(req.params.id));
    res.status(204).end();
  });

  return router;
}
