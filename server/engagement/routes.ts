/**
 * HTTP routes of readers' votes and reactions, and of the counts (issue 16). Public: readers have
 * no account. A vote or a reaction is a browser's write like any other and is checked like one,
 * cheapest first: the page's origin (403), the client address's rate (429), a JSON body of at
 * most 1 KB (415, 413), the device's rate (429), the input (400); then the store checks the
 * entry and its poll, de-duplicates by device and counts, in one atomic step.
 */
import express, { Router, type Request, type RequestHandler, type Response } from "express";
import { reactSchema, voteSchema } from "../../shared/engagement.js";
import type { SessionSecret } from "../auth/session-secret.js";
import { blogIdOf, entryIdOf } from "../blogs/entry-routes.js";
import { refuseForeignWrite } from "../http/origin.js";
import { parse, requireJsonBody } from "../http/validate.js";
import { rememberMount } from "../observability/http.js";
import { publicShortCache } from "../pages/cache.js";
import { deviceFromCookie, deviceOf, deviceSetCookie, type Device } from "./device.js";
import type { EngagementService } from "./service.js";

declare module "express-serve-static-core" {
  interface Request {
    /** Who votes or reacts: set by the reader routes once the body is read. */
    device?: Device;
  }
}

/** A vote or a reaction is a few dozen bytes; a kilobyte leaves room and nothing to abuse. */
export const READER_BODY_LIMIT = 1024;

export interface EngagementRouteOptions {
  engagement: EngagementService;
  publicOrigins: readonly string[];
  /** The key the device cookie is signed with. */
  sessionSecret: SessionSecret;
  /** Rate limits (server/http/rate-limits.ts): before the body is read, and once the device is known. */
  byAddress: RequestHandler;
  byDevice: RequestHandler;
}

/** The request's device (device.ts deviceOf): its signed cookie, else the embed's token, else a new one. */
const deviceOfRequest = (req: Request, secret: string): Device =>
  deviceOf(
    deviceFromCookie(req.headers.cookie, secret),
    (req.body as { device?: unknown } | undefined)?.device,
  );

export function engagementRoutes({
  engagement,
  publicOrigins,
  sessionSecret,
  byAddress,
  byDevice,
}: EngagementRouteOptions): Router {
  const router = Router();
  router.use(rememberMount);

  const sameSite: RequestHandler = (req, _res, next) => {
    refuseForeignWrite(req, publicOrigins);
    next();
  };
  const identify: RequestHandler = (req, _res, next) => {
    req.device = deviceOfRequest(req, sessionSecret.current);
    next();
  };
  const checked = [
    sameSite,
    byAddress,
    requireJsonBody,
    express.json({ limit: READER_BODY_LIMIT }),
    identify,
    byDevice,
  ];
  /** A device made by this request gets its cookie once what it did was counted. */
  const keepDevice = (req: Request, res: Response) => {
    const { fresh, cookieId } = req.device!;
    if (fresh && cookieId)
      res.append(
        "Set-Cookie",
        deviceSetCookie(cookieId, sessionSecret.current, { secure: req.secure }),
      );
  };
  const one = "/blogs/:blogId/entries/:entryId";

  router.post(`${one}/poll/votes`, ...checked, async (req, res) => {
    const [blogId, entryId] = [blogIdOf(req.params), entryIdOf(req.params)];
    const { pollId, option } = parse(voteSchema, req.body, "vote");
    const result = await engagement.vote(blogId, entryId, { pollId, option }, req.device!.key);
    keepDevice(req, res);
    res.json(result);
  });

  router.post(`${one}/reactions`, ...checked, async (req, res) => {
    const [blogId, entryId] = [blogIdOf(req.params), entryIdOf(req.params)];
    const { reaction, on } = parse(reactSchema, req.body, "reaction");
    const result = await engagement.react(blogId, entryId, { reaction, on }, req.device!.key);
    keepDevice(req, res);
    res.json(result);
  });

  // What a page shows before its socket brings changes; a CDN may keep it for seconds.
  router.get("/blogs/:blogId/tallies", publicShortCache, async (req, res) => {
    res.json(await engagement.tallies(blogIdOf(req.params)));
  });

  return router;
}
