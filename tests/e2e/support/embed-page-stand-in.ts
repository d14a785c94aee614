/**
 * A STAND-IN for the embed page `/blogs/:blogId/embed`, used only while the server has none (it
 * is built on another branch; delete this file once both are merged). Chromium's request
 * routing answers the frame's request with the real reader page of that blog (live over the real
 * socket, at the liveblog's own origin) without its frame-blocking headers, plus the frame's
 * side of shared/embed-protocol.ts in a few lines: `ready`, `height` from a ResizeObserver, and
 * `scroll` to the entry a `permalink` names.
 */
import type { BrowserContext, Route } from "playwright-core";

/** True when the instance serves an embed page of its own (then no stand-in is used). */
export async function serverHasEmbedPage(serverUrl: string, blogId: string): Promise<boolean> {
  const res = await fetch(`${serverUrl}/blogs/${blogId}/embed?frame=probe`);
  await res.arrayBuffer();
  return res.status === 200;
}

/** The frame's side of the protocol; runs in the frame, so plain browser JavaScript. */
const FRAME_SCRIPT = `(() => {
  const frame = new URLSearchParams(location.search).get("frame");
  const post = (message) => parent.postMessage({ tag: "liveblog-embed", frame, ...message }, "*");
  document.documentElement.style.overflow = "hidden";
  new ResizeObserver(() =>
    post({ type: "height", height: document.documentElement.getBoundingClientRect().height }),
  ).observe(document.documentElement);
  addEventListener("message", (event) => {
    const data = event.data;
    if (event.source !== parent || !data || data.tag !== "liveblog-embed") return;
    if (data.type === "host") document.documentElement.dataset.hostUrl = data.url;
    if (data.type !== "permalink") return;
    const entry = document.getElementById("entry-" + data.entryId);
    if (entry) post({ type: "scroll", top: entry.getBoundingClientRect().top + scrollY });
  });
  post({ type: "ready" });
})();`;

/** Answers `<serverUrl>/blogs/:blogId/embed` in `context` with the stand-in. */
export async function routeEmbedStandIn(context: BrowserContext, serverUrl: string) {
  const origin = new URL(serverUrl).origin;
  // A routed answer has no network address, so Chromium's Local Network Access takes the frame
  // for a public page and refuses its socket to 127.0.0.1; a real embed page has the address.
  await context.grantPermissions(["local-network-access"]);
  await context.route(
    (url) => url.origin === origin && /^\/blogs\/[^/]+\/embed$/.test(url.pathname),
    async (route: Route) => {
      const url = new URL(route.request().url());
      const reader = await route.fetch({ url: `${origin}${url.pathname.replace(/\/embed$/, "")}` });
      const html = (await reader.text()).replace(
        "</body>",
        `<script>${FRAME_SCRIPT}</script></body>`,
      );
      // Only the type: not the reader page's X-Frame-Options and CSP, which refuse framing.
      await route.fulfill({
        status: reader.status(),
        contentType: "text/html; charset=utf-8",
        body: html,
      });
    },
  );
}
