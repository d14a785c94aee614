/**
 * The host page's loader, served as `/embed.js`:
 *
 *   <script async src="https://LIVEBLOG/embed.js" data-blog="BLOG_ID"></script>
 *
 * It puts an iframe of the embed page (`/blogs/:blogId/embed`) where its own tag is, keeps the
 * iframe as tall as the frame says its content is, tells the frame the host page's address, and
 * scrolls the host page where the frame asks (a permalink `#lb-entry-<id>` in the host's URL).
 * Each tag runs this once, on its own: several live blogs on one page know nothing of each other.
 *
 * It trusts a message only when it comes from its own iframe's window, at the liveblog origin (the
 * origin this script was loaded from), and passes parseFrameMessage for its own frame id: another
 * script on the host page can neither forge one nor read anything from one. It defines no global
 * and changes nothing on the host page but the iframe it inserts (and the prefetch fragment that
 * iframe replaces); it only reads the page's scroll position and URL.
 */
import {
  EMBED_MESSAGE_TAG,
  HOST_PERMALINK_PREFIX,
  parseFrameMessage,
  parseHostMessage,
  type HostMessage,
} from "../../shared/embed-protocol.js";
import { embedTarget, newFrameId } from "./options.js";

/** What /blogs/:blogId/embed.html writes around its server-rendered entries. */
const PREFETCH_ATTRIBUTE = "data-liveblog-prefetch";
/** Room kept until the frame says how tall it is, so the page below moves once, not twice. */
const INITIAL_HEIGHT = 480;
/** Space left above a point the frame asks to show (as well as the host's scroll-padding-top). */
const SCROLL_MARGIN = 16;
/**
 * The frame is the liveblog's own page, yet sandboxed all the same: it may run, open links in new
 * tabs, and take the reader's window elsewhere only on a click; never dialogs or downloads.
 */
const SANDBOX = [
  "allow-scripts",
  "allow-same-origin",
  "allow-popups",
  "allow-popups-to-escape-sandbox",
  "allow-top-navigation-by-user-activation",
].join(" ");

const warn = (problem: string) => console.warn(`liveblog embed.js: ${problem}`);

/** The prefetch fragment of this blog right before the tag (or around it), if the CMS wrote one. */
function prefetchOf(script: HTMLScriptElement, blogId: string): HTMLElement | null {
  const matches = (element: Element | null): element is HTMLElement =>
    element instanceof HTMLElement && element.getAttribute(PREFETCH_ATTRIBUTE) === blogId;
  const before = script.previousElementSibling;
  if (matches(before)) return before;
  const around = script.parentElement?.closest(`[${PREFETCH_ATTRIBUTE}]`) ?? null;
  return matches(around) ? around : null;
}

/** A line where the frame would have been, for the page's author to see what to fix. */
function showProblem(script: HTMLScriptElement, problem: string): void {
  warn(problem);
  const note = document.createElement("p");
  note.textContent = `This live blog cannot be shown: ${problem}.`;
  note.style.cssText = "font-size:0.875em;opacity:0.8;margin:1em 0";
  script.before(note);
}

function embed(script: HTMLScriptElement): void {
  const origin = new URL(script.src).origin;
  const frameId = newFrameId();
  const target = embedTarget(origin, script.dataset, frameId);
  if (!target.ok) return showProblem(script, target.problem);
  let prefetch = prefetchOf(script, target.blogId);

  const frame = document.createElement("iframe");
  frame.src = target.url;
  frame.title = "Live blog";
  frame.setAttribute("sandbox", SANDBOX);
  // Passed on to the players of embed cards inside the live blog (docs/EMBED-CARDS.md), which
  // can have no more than the frame they sit in; web-share and clipboard-write for the entries'
  // Share buttons (the device's share sheet, Copy link).
  frame.allow = "clipboard-write; web-share; fullscreen; encrypted-media; picture-in-picture";
  // Over a prefetch fragment it stays flat, the fragment in view, until its first height.
  frame.style.cssText = `display:block;width:100%;border:0;height:${prefetch ? 0 : INITIAL_HEIGHT}px`;
  (prefetch ?? script).before(frame);

  let ready = false;
  const send = (message: HostMessage) => {
    // Only what the protocol allows goes out, and only to the liveblog origin.
    if (parseHostMessage(message)) frame.contentWindow?.postMessage(message, origin);
  };
  const hostUrl = () => location.href.split("#")[0]!;
  const sendPermalink = () => {
    const hash = location.hash.slice(1);
    if (!ready || !hash.startsWith(HOST_PERMALINK_PREFIX)) return;
    send({
      tag: EMBED_MESSAGE_TAG,
      type: "permalink",
      entryId: hash.slice(HOST_PERMALINK_PREFIX.length),
    });
  };

  /** Scrolls the host page so that this point of the frame (px from its top) is in view. */
  const reveal = (top: number) => {
    // Beyond the frame's known height (a cross-origin frame out of view is drawn late, so its
    // height may not have come yet): room to scroll there, until the frame, then in view, says
    // its own height. The point's place in the page depends on the frame's top only.
    if (top > frame.getBoundingClientRect().height)
      frame.style.height = `${Math.ceil(top + window.innerHeight)}px`;
    const padding = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    const reduce = matchMedia("(prefers-reduced-motion: reduce)").matches;
    window.scrollTo({
      top: Math.max(
        0,
        frame.getBoundingClientRect().top + window.scrollY + top - padding - SCROLL_MARGIN,
      ),
      behavior: reduce ? "instant" : "smooth",
    });
  };

  /**
   * The frame's bottom (viewport px) before a height change, while the frame is wholly above the
   * viewport: the reader is in the host's text below it, which must not move. Browsers with
   * scroll anchoring keep it in place themselves; the check a frame later covers the others.
   */
  let anchoredBottom: number | null = null;
  const keepPlaceBelow = () => {
    const { bottom } = frame.getBoundingClientRect();
    if (anchoredBottom !== null || bottom > 0) return;
    anchoredBottom = bottom;
    requestAnimationFrame(() => {
      const drift = frame.getBoundingClientRect().bottom - anchoredBottom!;
      anchoredBottom = null;
      if (Math.abs(drift) >= 1) window.scrollBy(0, drift);
    });
  };

  const resize = (height: number) => {
    const px = `${Math.ceil(height)}px`;
    if (frame.style.height !== px) {
      keepPlaceBelow();
      frame.style.height = px;
    }
    prefetch?.remove();
    prefetch = null;
  };

  window.addEventListener("message", (event) => {
    if (event.origin !== origin || !event.source || event.source !== frame.contentWindow) return;
    const message = parseFrameMessage(event.data, frameId);
    if (!message) return;
    if (message.type === "height") resize(message.height);
    else if (message.type === "scroll") reveal(message.top);
    else {
      send({ tag: EMBED_MESSAGE_TAG, type: "host", url: hostUrl() });
      // The URL's permalink is followed once; a frame that reloads itself is not scrolled again.
      if (!ready) {
        ready = true;
        sendPermalink();
      }
    }
  });
  window.addEventListener("hashchange", sendPermalink);
}

// Read at once: for an async script it is only set while the script first runs.
const script = document.currentScript;
if (script instanceof HTMLScriptElement && script.src) embed(script);
else warn("load it with a plain <script src> tag (not a module, not inline)");
