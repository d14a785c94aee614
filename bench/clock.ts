/**
 * One clock for every process of a run: CLOCK_MONOTONIC through process.hrtime, which all
 * processes on the machine share, so a time written into a POST by the poster can be subtracted
 * from the time a reader in another process received it. Milliseconds with microsecond precision.
 */
export const nowMs = (): number => Number(process.hrtime.bigint() / 1000n) / 1000;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true or `timeoutMs` passes; resolves to whether it did. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}
