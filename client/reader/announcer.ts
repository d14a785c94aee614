/**
 * The polite ARIA live region: new entries are announced once, briefly, and bursts are summed
 * up ("3 new updates") instead of read one by one. Edits are never announced.
 */
const SETTLE_MS = 1200;

export function createAnnouncer(region: HTMLElement) {
  let titles: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    const message =
      titles.length === 1 ? `New update: ${titles[0]}` : `${titles.length} new updates`;
    titles = [];
    // Emptying first makes a screen reader announce the same words twice in a row, too.
    region.textContent = "";
    requestAnimationFrame(() => {
      region.textContent = message;
    });
  };

  return {
    newEntry(title: string) {
      titles.push(title);
      timer ??= setTimeout(flush, SETTLE_MS);
    },
    say(message: string) {
      region.textContent = message;
    },
  };
}
