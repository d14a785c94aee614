/**
 * The composition root: builds the HTTP app and the socket server from the parts it is handed
 * (config, store, logger). It never listens; server/index.ts and the tests do.
 */
import { createServer } from "node:http";
import type { Duplex } from "node:stream";
import cookieParser from "cookie-parser";
import express from "express";
import type { Logger } from "pino";
import { requireEditor, sessionEditor } from "./auth/middleware.js";
import { createPeopleService } from "./auth/people.js";
import { peopleRoutes } from "./auth/people-routes.js";
import { tokenRoutes } from "./auth/token-routes.js";
import { sessionRoutes } from "./auth/routes.js";
import { createAuthService } from "./auth/service.js";
import type { SessionSecret } from "./auth/session-secret.js";
import { draftRoutes } from "./blogs/draft-routes.js";
import { createDraftService } from "./blogs/drafts.js";
import { entryRoutes } from "./blogs/entry-routes.js";
import { createBlogLifecycle } from "./blogs/lifecycle.js";
import { lifecycleRoutes } from "./blogs/lifecycle-routes.js";
import { pollRoutes } from "./blogs/poll-routes.js";
import { blogRoutes } from "./blogs/routes.js";
import { createBlogService } from "./blogs/service.js";
import type { Config } from "./config.js";
import { oembedRoutes } from "./embed/oembed.js";
import { createStatsService } from "./engagement/stats.js";
import { statsRoutes } from "./engagement/stats-routes.js";
import { engagementRoutes } from "./engagement/routes.js";
import { createEngagementService } from "./engagement/service.js";
import { createTalliesReader } from "./engagement/tallies-reader.js";
import { prefetchRoutes } from "./embed/prefetch.js";
import { shuttingDown, startingUp, subscriberDown } from "./errors.js";
import { compressResponses } from "./http/compression.js";
import { apiNotFound, errorHandler, sendError } from "./http/errors.js";
import { createRateLimits } from "./http/rate-limits.js";
import { requestLog } from "./http/request-log.js";
import { securityHeaders, socketSecurityHeaders } from "./http/security-headers.js";
import { requireJsonBody } from "./http/validate.js";
import { localeRoutes } from "./i18n/locale-routes.js";
import { mediaAdminRoutes } from "./media/admin-routes.js";
import { createCovers } from "./media/covers.js";
import { createMediaLibrary } from "./media/library.js";
import type { MediaFiles } from "./media/port.js";
import { mediaRoutes } from "./media/routes.js";
import { createMediaService } from "./media/service.js";
import { pictureWork } from "./media/work-queue.js";
import { rememberMount, timeRequests } from "./observability/http.js";
import { createMetrics } from "./observability/metrics.js";
import { observeSocketServer } from "./observability/realtime.js";
import { countPublished, countPublishedDrafts, observeStore } from "./observability/store.js";
import { createAssets } from "./pages/assets.js";
import { publicShortCache } from "./pages/cache.js";
import { previewRoutes } from "./pages/preview.js";
import { pageRoutes } from "./pages/routes.js";
import { createSocketServer } from "./realtime/socket-server.js";
import type { Store } from "./store/port.js";
import { createAuditTrail } from "./workflow/audit.js";
import { startScheduler } from "./workflow/scheduler.js";

export interface AppDeps {
  config: Config;
  store: Store;
  log: Logger;
  /** From resolveSessionSecret(), at start-up. */
  sessionSecret: SessionSecret;
  /** From openMediaFiles(), at start-up; the caller closes it. */
  mediaFiles: MediaFiles;
}

export function createApp({ config, store, log, sessionSecret, mediaFiles }: AppDeps) {
  const metrics = createMetrics(config.instanceId);
  observeStore(store, metrics);
  const pictures = pictureWork();
  const audit = createAuditTrail(store, log.child({ module: "audit" }));
  const blogs = createBlogService(countPublished(store.blogs, metrics), {
    audit,
    people: store.editors,
    engagement: store.engagement,
    media: store.media,
    covers: createCovers(store.media, mediaFiles, pictures),
    defaults: { language: config.defaultLanguage, timeZone: config.defaultTimeZone },
  });
  const desk = createDraftService({
    store: { blogs: store.blogs, drafts: countPublishedDrafts(store.drafts, metrics) },
    blogs,
    audit,
  });
  // Every instance publishes due entries; the store makes each publication happen once.
  const scheduler = startScheduler({
    drafts: store.drafts,
    publish: desk.publishDue,
    log: log.child({ module: "scheduler" }),
  });
  const auth = createAuthService(store.editors, config, sessionSecret);
  const limits = createRateLimits(store, config, log.child({ module: "rate-limits" }));
  const editorOnly = requireEditor(auth, config.publicOrigins);
  let draining = false;
  let starting = false;

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  // The socket server first: the HTTP catch-up route answers from its relay's memory.
  const httpServer = createServer(app);
  const counts = createTalliesReader(store.engagement);
  const realtime = createSocketServer(httpServer, {
    config,
    store,
    auth,
    log: log.child({ module: "realtime" }),
    sessionSecret,
    trust: app.get("trust proxy fn"),
    metrics,
    counts,
  });
  observeSocketServer(realtime.io, metrics);
  // engine.io answers long-polling outside Express; its answers get their headers here.
  realtime.io.engine.use(socketSecurityHeaders(app.get("trust proxy fn")));
  app.use(requestLog(log));
  app.use(timeRequests(metrics.httpDuration));
  app.use(securityHeaders(config.publicOrigins, config.media.publicUrl));
  app.use(compressResponses());

  app.get("/livez", (_req, res) => {
    res.json({ ok: true });
  });
  app.get("/readyz", async (_req, res) => {
    if (draining) {
      sendError(res, shuttingDown());
      return;
    }
    if (starting) {
      sendError(res, startingUp());
      return;
    }
    await store.ping();
    // Commands work but no live events arrive: readers here would wait in silence.
    if (!store.bus.isListening()) {
      sendError(res, subscriberDown());
      return;
    }
    res.json({ ok: true, store: store.kind });
  });

  // Before the JSON API: uploads are multipart forms, which its requireJsonBody refuses.
  const media = createMediaService({
    files: mediaFiles,
    catalog: store.media,
    queue: pictures,
    config: config.media,
    log: log.child({ module: "media" }),
  });
  app.use(
    mediaRoutes({
      media,
      files: mediaFiles,
      config: config.media,
      editorOnly,
      uploadLimit: limits.upload,
      log,
    }),
  );
  // Before the JSON API: readers' votes and reactions have bodies of 1 KB at most, not 64.
  app.use(
    "/api",
    engagementRoutes({
      engagement: createEngagementService(store.engagement, counts),
      publicOrigins: config.publicOrigins,
      sessionSecret,
      byAddress: limits.votesByAddress,
      byDevice: limits.votesByDevice,
    }),
  );
  const api = express.Router();
  api.use(rememberMount, requireJsonBody, express.json({ limit: "64kb" }), cookieParser());
  api.get("/blogs/:blogId/entries", publicShortCache);
  api.use(blogRoutes(blogs, editorOnly, limits.write, realtime.catchUp));
  api.use(localeRoutes({ language: config.defaultLanguage, timeZone: config.defaultTimeZone }));
  api.use(entryRoutes(blogs, desk, editorOnly, limits.write));
  api.use(draftRoutes(desk, editorOnly, limits.write));
  api.use(pollRoutes(desk, editorOnly, limits.write));
  api.use(sessionRoutes(auth, editorOnly, limits.login, config.sessionTtlSeconds));
  const people = createPeopleService(store.editors, {
    mediaExists: async (id) => (await store.media.getMedia(id)) !== null,
  });
  api.use(
    peopleRoutes({
      people,
      auth,
      editorOnly,
      writeLimit: limits.write,
      sessionTtlSeconds: config.sessionTtlSeconds,
    }),
  );
  api.use(tokenRoutes(auth.tokens, editorOnly, limits.write));
  api.use(previewRoutes(editorOnly, store.media));
  const library = createMediaLibrary({
    store,
    files: mediaFiles,
    log: log.child({ module: "media" }),
  });
  api.use(mediaAdminRoutes(library, editorOnly, limits.write));
  const lifecycle = createBlogLifecycle({
    store,
    blogs,
    audit,
    pictures: library,
    log: log.child({ module: "blogs" }),
  });
  api.use(lifecycleRoutes(lifecycle, editorOnly, limits.write));
  const stats = createStatsService({ store, blogs, readersNow: realtime.readersNow });
  api.use(statsRoutes(stats, editorOnly));
  api.use(apiNotFound);
  app.use("/api", api);
  // Before the pages: /oembed answers JSON errors, embed.html one-sentence fragments.
  app.use(oembedRoutes({ blogs, publicOrigins: config.publicOrigins }));
  app.use(
    prefetchRoutes({
      blogs,
      publicOrigins: config.publicOrigins,
      log: log.child({ module: "embed" }),
      publisher: config.publisher,
    }),
  );
  const assets = createAssets(log.child({ module: "pages" }));
  app.use(
    pageRoutes({
      blogs,
      assets,
      publicOrigins: config.publicOrigins,
      log: log.child({ module: "pages" }),
      editorOf: sessionEditor(auth),
      embedOrigins: config.embedOrigins,
      media: store.media,
      mastodonEmbeds: config.mastodonEmbedInstances,
      archiveAfterDays: config.archiveAfterDays,
      publisher: config.publisher,
      counts,
    }),
  );
  app.use(errorHandler);

  // WebSocket connections, to cut those whose reader vanished and never answers the close.
  const upgraded = new Set<Duplex>();
  httpServer.on("upgrade", (_req, socket: Duplex) => {
    upgraded.add(socket);
    socket.once("close", () => upgraded.delete(socket));
  });

  return {
    app,
    httpServer,
    io: realtime.io,
    blogs,
    auth,
    metrics,
    /**
     * Makes /readyz answer 503 starting_up until the returned function is called: for the
     * start-up work done after binding the port, so that nobody is sent here before it is done.
     */
    holdReadiness() {
      starting = true;
      return () => {
        starting = false;
      };
    },
    /** Makes /readyz answer 503, so the load balancer stops sending new readers here. */
    drain() {
      draining = true;
    },
    /**
     * Tells readers to reconnect (they land on other instances), stops accepting connections,
     * and resolves once the requests in flight are answered; the store is the caller's to close.
     */
    async close() {
      // An idle keep-alive connection would hold the HTTP server open until it times out (5 s).
      const sweep = setInterval(() => httpServer.closeIdleConnections(), 100);
      // A reader whose network is gone never answers the WebSocket close and would hold the
      // shutdown until SHUTDOWN_GRACE_MS; a live one answers well within this.
      const cut = setTimeout(() => upgraded.forEach((socket) => socket.destroy()), 2_000);
      try {
        await scheduler.stop();
        await realtime.close();
      } finally {
        clearInterval(sweep);
        clearTimeout(cut);
      }
    },
  };
}

export type App = ReturnType<typeof createApp>;
