/**
 * Keeping the reader's place. Browsers' own scroll anchoring is not everywhere and not
 * predictable enough, so it is off (CSS overflow-anchor: none) and done here: remember where the
 * entry the reader is looking at sits, change the page, put that entry back where it was.
 */

/** True while the top of the stream is in view or below it: new entries can slide in there. */
export function isAtStreamTop(stream: HTMLElement): boolean {
  return stream.getBoundingClientRect().top >= -1;
}

/** Runs `change`, then scrolls so that the entries in view stay exactly where they were. */
export function keepPlace(stream: HTMLElement, change: () => void): void {
  if (isAtStreamTop(stream)) {
    change();
    return;
  }
  const anchors: [HTMLElement, number][] = [];
  for (const element of document.querySelectorAll<HTMLElement>(".entries > .entry")) {
    const { top, bottom } = element.getBoundingClientRect();
    if (bottom <= 0) continue;
    if (top >= window.innerHeight) break;
    anchors.push([element, top]);
  }
  change();
  const survivor = anchors.find(([element]) => element.isConnected);
  if (!survivor) return;
  const moved = survivor[0].getBoundingClientRect().top - survivor[1];
  if (moved !== 0) window.scrollBy(0, moved);
}
