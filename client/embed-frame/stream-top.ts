/**
 * "Is the reader at the top of the stream?" for a frame that never scrolls: its host page does.
 * An IntersectionObserver inside a frame measures against the TOP-LEVEL viewport, so it sees
 * the host page's scrolling. A cross-origin frame is not told where that viewport is (rootBounds
 * is null), only whether each target shows, so two targets tell the three cases apart:
 *   - a 1 px marker at the stream's top shows: at the top;
 *   - the marker does not, but the stream does: the reader scrolled past the top;
 *   - neither shows: the blog is wholly above or below the viewport, and the last state says
 *     which (it was left downwards from "past the top", upwards from "at the top").
 */
export interface StreamTop {
  isAtTop(): boolean;
  /** Calls back after every change of what shows. */
  onChange(callback: () => void): void;
}

export function watchStreamTop(stream: HTMLElement): StreamTop {
  const marker = document.createElement("div");
  marker.className = "stream-top-marker";
  marker.setAttribute("aria-hidden", "true");
  // 1 px tall and pulled back by 1 px: observable, and no change to the layout.
  marker.style.cssText = "height:1px;margin-bottom:-1px";
  stream.before(marker);

  let markerShows = true;
  let streamShows = true;
  let atTop = true;
  const callbacks: (() => void)[] = [];
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.target === marker) markerShows = entry.isIntersecting;
      else streamShows = entry.isIntersecting;
    }
    if (markerShows) atTop = true;
    else if (streamShows) atTop = false;
    for (const callback of callbacks) callback();
  });
  observer.observe(marker);
  observer.observe(stream);
  return {
    isAtTop: () => atTop,
    onChange: (callback) => callbacks.push(callback),
  };
}
