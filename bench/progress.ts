/**
 * Progress while the benchmark runs: one line per step on stderr (the table goes to stdout), and
 * on a terminal a line that updates in place while readers connect or entries go out.
 */
const tty = process.stderr.isTTY;
let live = false;

const clear = () => {
  if (live) process.stderr.write("\r\x1b[2K");
  live = false;
};

/** A finished step: stays on screen. */
export function step(label: string, text: string) {
  clear();
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${label} ${text}\n`);
}

let lastPlain = 0;
/** An update of the current step: replaced in place on a terminal, every ~5 s in a CI log. */
export function update(label: string, text: string) {
  if (tty) {
    process.stderr.write(`\r\x1b[2K${label} ${text}`);
    live = true;
    return;
  }
  if (Date.now() - lastPlain < 5_000) return;
  lastPlain = Date.now();
  step(label, text);
}
