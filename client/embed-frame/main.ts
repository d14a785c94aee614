/**
 * The embed page's client: the live reader (client/reader/reader-app.ts) inside a host page's
 * frame. Framed by embed.js (a `frame` id in the query, a parent window), it talks to the host
 * over the embed protocol (frame-channel.ts), never scrolls itself, and takes "the reader's
 * place" from the host page's viewport (stream-top.ts); opened any other way it behaves like
 * the reader page in its own window.
 */
import "../common/base.css";
import "../common/engagement.css";
import "../reader/reader.css";
import "./embed.css";
import { FRAME_ID_PATTERN, HOST_PERMALINK_PREFIX } from "../../shared/embed-protocol.js";
import { READER_STATE_ELEMENT_ID, type ReaderState } from "../../shared/page-state.js";
import { startReader, windowPlacement } from "../reader/reader-app.js";
import { embedDeviceToken } from "./device-token.js";
import { openFrameChannel } from "./frame-channel.js";
import { watchStreamTop } from "./stream-top.js";

const frameId = new URLSearchParams(location.search).get("frame");
const framed = window.parent !== window && frameId !== null && FRAME_ID_PATTERN.test(frameId);
const root = document.querySelector<HTMLElement>("main.reader");
const stateElement = document.getElementById(READER_STATE_ELEMENT_ID);
// Framed or not, the embed page sets no cookie: its device is a token in its own storage.
const embed = { device: embedDeviceToken() };

/** An entry's place in the host article: what its time link and its Share button give. */
const hostLink = (hostUrl: string, entryId: string) =>
  `${hostUrl}#${HOST_PERMALINK_PREFIX}${entryId}`;

/** Share links lead to the host article (`#lb-entry-<id>`), opened in the top window. */
function pointShareLinksAt(hostUrl: string, within: HTMLElement) {
  for (const link of within.querySelectorAll<HTMLAnchorElement>("a.entry-time")) {
    const entryId = link.closest("article")?.id.replace(/^entry-/, "");
    if (!entryId) continue;
    link.href = hostLink(hostUrl, entryId);
    link.target = "_top";
  }
}

if (framed) {
  document.documentElement.classList.add("is-framed");
  let hostUrl: string | null = null;
  let reader: ReturnType<typeof startReader> | null = null;
  const channel = openFrameChannel(frameId, (message) => {
    if (message.type === "host") {
      hostUrl = message.url;
      if (root) pointShareLinksAt(hostUrl, root);
    } else if (message.type === "permalink") {
      void reader?.showEntry(message.entryId);
    }
  });
  if (root && stateElement?.textContent) {
    const streamTop = watchStreamTop(root.querySelector<HTMLElement>("[data-stream]")!);
    reader = startReader(
      root,
      JSON.parse(stateElement.textContent) as ReaderState,
      {
        isAtStreamTop: () => streamTop.isAtTop(),
        onMove: (_stream, callback) => streamTop.onChange(callback),
        // The frame cannot scroll the host page: the host does, where the frame asks.
        bringIntoView: (element) =>
          channel.scrollTo(element.getBoundingClientRect().top + window.scrollY),
        afterDraw: () => {
          if (hostUrl) pointShareLinksAt(hostUrl, root);
        },
        // Until the host has said where it is, the entry's own page (reader-app's default).
        shareUrl: (entryId) => (hostUrl ? hostLink(hostUrl, entryId) : null),
        // The frame is as tall as its content, so "centred" would be far from the reader's eyes:
        // the picture opens where its figure is, and the host scrolls it into view.
        placeDialog: (dialog, opener) => {
          const top = Math.min(
            opener.getBoundingClientRect().top,
            innerHeight - dialog.offsetHeight,
          );
          dialog.style.marginTop = `${Math.max(0, top)}px`;
          channel.scrollTo(dialog.getBoundingClientRect().top + window.scrollY);
        },
      },
      embed,
    );
  }
} else if (root && stateElement?.textContent) {
  // In its own window, or a plain iframe that scrolls: as on the reader page.
  startReader(root, JSON.parse(stateElement.textContent) as ReaderState, windowPlacement, embed);
}
