/**
 * The live reader: takes over a server-rendered reader body (the reader page's, or the embed
 * page's) and keeps it live. It starts from the state the server rendered (JSON in #lb-state),
 * subscribes from that seq so nothing between render and connect is lost, and applies every event
 * in order through the entry model. Where the page sits (its own window, or a frame in another
 * site's article) is the `placement`'s business.
 */
import { createEntryModel } from "../../shared/entry-model.js";
import { createI18n } from "../../shared/i18n/i18n.js";
import type { ReaderState } from "../../shared/page-state.js";
import { entryTitle } from "../../shared/render.js";
import type { ReaderEntry, ReaderLiveEvent } from "../../shared/schemas.js";
import { entryPermalink } from "../../shared/share.js";
import { $, prefersReducedMotion } from "../common/dom.js";
import { startEmbedGate } from "../common/embed-gate.js";
import { enableLightbox } from "../common/lightbox.js";
import { connectLive, type ConnectionStatus } from "../common/live.js";
import { keepTimesFresh } from "../common/times.js";
import { createAnnouncer } from "./announcer.js";
import { startReaderEngagement } from "./engagement.js";
import { createLoader } from "./loader.js";
import { createNavigation, type ReaderSession } from "./navigation.js";
import { offerNotifications, type Notifications } from "./notifications.js";
import { countUnseenUpdates } from "./page-title.js";
import { showRemoved } from "./removed.js";
import { isAtStreamTop } from "./scroll.js";
import { enableSharing } from "./share.js";
import { startSinceLastVisit, type SinceLastVisit } from "./since-last-visit.js";
import { createReaderView } from "./view.js";

/**
 * Where the reader body sits, and so what "the reader's place" means: the reader page scrolls its
 * own window (windowPlacement, client/reader/main.ts); a frame never scrolls, its host page does
 * (client/embed-frame/).
 */
export interface ReaderPlacement {
  /** True while new entries may slide in at the top of the stream; else they wait. */
  isAtStreamTop(stream: HTMLElement): boolean;
  /** Calls `callback` when the reader may have come back to the top of the stream. */
  onMove(stream: HTMLElement, callback: () => void): void;
  /** Brings `element` into view (its top at the top of the viewport). */
  bringIntoView(element: HTMLElement, smooth: boolean): void;
  /** After every draw (the embed page rewrites its share links). */
  afterDraw?(): void;
  /** The address an entry is shared at, when not its own page (the embed's host article). */
  shareUrl?(entryId: string): string | null;
  /** Places an open dialog (a picture shown large) that `opener` opened; centred if absent. */
  placeDialog?(dialog: HTMLDialogElement, opener: HTMLElement): void;
}

/**
 * What the reader page adds to the live reader (client/reader/main.ts), and the embed page not;
 * and what the embed page brings instead (its device token).
 */
export interface ReaderFeatures {
  /** "New since your last visit" (since-last-visit.ts). */
  sinceLastVisit?: boolean;
  /** The "Notify me of key events" button (notifications.ts). */
  notifications?: boolean;
  /**
   * The embed frame's device token (client/embed-frame/device-token.ts): votes, reactions and the
   * socket's handshake carry it, since the frame has no device cookie.
   */
  device?: string;
}

const STATUS_KEY = {
  connecting: "connection.connecting",
  live: "connection.live",
  reconnecting: "connection.reconnecting",
  offline: "connection.offline",
} as const satisfies Record<ConnectionStatus, string>;

/** The reader page's placement: its own window, scrolled by the reader. */
export const windowPlacement: ReaderPlacement = {
  isAtStreamTop,
  onMove: (_stream, callback) => window.addEventListener("scroll", callback, { passive: true }),
  bringIntoView: (element, smooth) =>
    element.scrollIntoView({ block: "start", behavior: smooth ? "smooth" : "auto" }),
};

/** Starts the live reader on `root`; returns what a placement may drive (showing an entry). */
export function startReader(
  root: HTMLElement,
  state: ReaderState,
  placement: ReaderPlacement,
  features: ReaderFeatures = {},
) {
  const blogId = state.blog.id;
  const i18n = createI18n(state.locale);
  // The public origin the server named (PUBLIC_ORIGIN), which a proxy may hide from `location`.
  const origin = new URL(
    document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href ?? location.href,
  ).origin;
  // The blog's reader page, which the JSON-LD names on every page that shows the blog.
  const pageUrl = `${origin}/blogs/${blogId}`;
  const model = createEntryModel<ReaderEntry>({
    blog: state.blog,
    stream: state.stream,
    pinned: state.pinned,
    keyEvents: state.keyEvents,
    streamHasNewest: state.before === null,
  });
  // The cover as the page was rendered: a cover changed since shows at the next page load.
  const coverUrls = state.cover.map((image) => image.url);
  const sharing = enableSharing(root, i18n, {
    blogTitle: () => model.blog.title,
    sharedEntry(entryId) {
      const entry = model.get(entryId);
      if (!entry) return null;
      const url = placement.shareUrl?.(entryId) ?? entryPermalink(origin, blogId, entryId);
      return { title: entryTitle(entry), url };
    },
  });
  // The server's entries now, each one drawn later as it is rendered.
  sharing.reveal(root);
  const engagement = startReaderEngagement({
    root,
    blogId,
    entries: model,
    i18n,
    initial: state.tallies,
    device: features.device,
  });
  const view = createReaderView(
    root,
    model,
    i18n,
    pageUrl,
    coverUrls,
    sharing.reveal,
    engagement.view,
  );
  const loader = createLoader(blogId);
  const announcer = createAnnouncer($("[data-announcer]", root), i18n);
  const connection = $("[data-connection]", root);
  const readers = $("[data-readers]", root);
  const session: ReaderSession = {
    filter: state.filter,
    cursors: { all: state.next, keyEvents: state.keyNext },
    streamLoaded: state.filter === "all",
  };
  const unseenTitle = countUnseenUpdates(model, i18n);
  // The features' parts, once navigation exists (below).
  let since: SinceLastVisit | null = null;
  let notifications: Notifications = null;

  // ---- drawing ------------------------------------------------------------------------------
  let drawTimer: ReturnType<typeof setTimeout> | undefined;
  let animatePending = false;
  const draw = (animate = false) => {
    clearTimeout(drawTimer);
    drawTimer = undefined;
    const added = view.draw(session.filter, {
      animate: animate || animatePending,
      olderCursor: session.cursors[session.filter],
    });
    animatePending = false;
    engagement.drawn();
    since?.drawn();
    placement.afterDraw?.();
    return added;
  };
  /** Live events come in bursts (a catch-up); draw once per burst. */
  const drawSoon = () => {
    animatePending = true;
    drawTimer ??= setTimeout(() => draw(), 16);
  };

  const apply = (event: ReaderLiveEvent) => {
    // A reader who scrolled into the stream keeps their place; new entries wait for them.
    const hold = event.type === "entry.created" && !placement.isAtStreamTop(view.el.stream);
    const before = event.entry && model.get(event.entry.id);
    const { created } = model.apply(event, { hold });
    if (created) {
      announcer.newEntry(entryTitle(created));
      unseenTitle.created();
    }
    notifications?.applied(event, { before, created });
    drawSoon();
  };

  const revealHeld = () => {
    const ids = new Set(model.reveal());
    draw(true);
    return ids;
  };

  view.el.newUpdates.addEventListener("click", () => {
    const ids = revealHeld();
    placement.bringIntoView($("#updates"), !prefersReducedMotion());
    const first = Array.from(view.el.stream.children).find((child) =>
      ids.has(child.id.replace(/^entry-/, "")),
    );
    if (first instanceof HTMLElement) first.focus({ preventScroll: true });
  });
  // Scrolling back up to the stream shows what waited, as if it had slid in there.
  placement.onMove(view.el.stream, () => {
    if (model.heldCount(session.filter) > 0 && placement.isAtStreamTop(view.el.stream)) {
      revealHeld();
    }
  });

  const navigation = createNavigation({
    root,
    session,
    model,
    view,
    loader,
    i18n,
    notice: $("[data-notice]", root),
    draw: () => draw(),
    revealHeld,
    bringIntoView: (element) => placement.bringIntoView(element, false),
  });
  if (features.sinceLastVisit) since = startSinceLastVisit({ root, state, model, i18n });
  if (features.notifications) {
    notifications = offerNotifications({ root, model, i18n, showEntry: navigation.showEntry });
  }

  // ---- live ---------------------------------------------------------------------------------
  connection.hidden = false;
  connection.dataset.state = "connecting";
  connection.textContent = i18n.t(STATUS_KEY.connecting);
  connectLive({
    blogId,
    seq: state.seq,
    epoch: state.epoch,
    device: features.device,
    apply,
    async resync() {
      const fresh = await loader.everything(!session.streamLoaded);
      model.replaceAll({
        blog: fresh.blog,
        stream: fresh.stream?.entries ?? [],
        pinned: fresh.pinned.entries,
        keyEvents: fresh.keyEvents.entries,
        streamHasNewest: true,
      });
      session.cursors.all = fresh.stream?.next ?? null;
      session.cursors.keyEvents = fresh.keyEvents.next;
      since?.resynced(fresh);
      draw();
      // The counts too may have moved while we were away.
      engagement.load();
      return { seq: fresh.seq, epoch: fresh.epoch };
    },
    onStatus(status) {
      connection.hidden = false;
      connection.dataset.state = status;
      connection.textContent = i18n.t(STATUS_KEY[status]);
      if (status === "live") {
        since?.live();
        // Subscribed (at the start, or again after a reconnection): counts from now on come
        // over the socket, and those before are loaded once.
        engagement.load();
      }
    },
    onTallies: engagement.received,
    onReaders(count) {
      readers.hidden = false;
      readers.textContent = i18n.plural("readers.count", count);
    },
    onRemoved() {
      showRemoved(root, i18n);
      placement.afterDraw?.();
    },
  });

  root.classList.add("is-live");
  startEmbedGate(i18n);
  enableLightbox(root, i18n, { place: placement.placeDialog });
  draw();
  engagement.takeOver();
  keepTimesFresh(root, i18n);
  // An entry's own page opens at its entry; a `#entry-<id>` fragment wins over it.
  void navigation.showPermalink(state.target);
  return { showEntry: navigation.showEntry };
}
