/**
 * The frame's side of the embed protocol (shared/embed-protocol.ts): `ready` once, `height`
 * whenever the document's height changes, `scroll` on request; host messages taken only from the
 * parent window and only in their checked shapes. What goes out is numbers and the frame's id,
 * so it is posted to any origin: the host page's origin is whatever site framed us
 * (EMBED_ORIGINS decides who may).
 */
import {
  EMBED_MESSAGE_TAG,
  MAX_FRAME_HEIGHT,
  parseHostMessage,
  type FrameMessage,
  type HostMessage,
} from "../../shared/embed-protocol.js";

type Payload = FrameMessage extends infer M
  ? M extends FrameMessage
    ? Omit<M, "tag" | "frame">
    : never
  : never;

export interface FrameChannel {
  /** Asks the host page to scroll so that `top` (CSS px from the frame's top) shows at its top. */
  scrollTo(top: number): void;
}

/** The document's height in CSS px, as the host should size the frame. */
export const documentHeight = () =>
  Math.min(Math.ceil(document.documentElement.getBoundingClientRect().height), MAX_FRAME_HEIGHT);

export function openFrameChannel(
  frame: string,
  onHostMessage: (message: HostMessage) => void,
): FrameChannel {
  const post = (payload: Payload) =>
    window.parent.postMessage({ tag: EMBED_MESSAGE_TAG, frame, ...payload }, "*");

  window.addEventListener("message", (event) => {
    // Only the window that framed us: another frame or a popup on the host page is not the host.
    if (event.source !== window.parent) return;
    const message = parseHostMessage(event.data);
    if (message) onHostMessage(message);
  });
  post({ type: "ready" });

  let sent = -1;
  new ResizeObserver(() => {
    const height = documentHeight();
    if (height === sent) return;
    sent = height;
    post({ type: "height", height });
  }).observe(document.documentElement);

  return {
    scrollTo(top) {
      post({ type: "scroll", top: Math.min(Math.max(0, Math.round(top)), MAX_FRAME_HEIGHT) });
    },
  };
}
