/**
 * The queue that keeps picture processing to one at a time per instance
 * (server/media/work-queue.ts): jobs run at most `concurrency` at once, in the order they came,
 * a failed job frees its place, and beyond `maxWaiting` waiting jobs the next is refused with
 * 503 media_busy without running.
 */
import { describe, expect, it } from "vitest";
import { AppError } from "../../server/errors.js";
import { createWorkQueue } from "../../server/media/work-queue.js";

/** A job that runs until `finish` is called, recording when it starts. */
function gatedJob(log: string[], name: string) {
  let finish!: () => void;
  let fail!: (err: Error) => void;
  const gate = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const job = async () => {
    log.push(`start ${name}`);
    await gate;
    return name;
  };
  return { job, finish: () => finish(), fail: (err: Error) => fail(err) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("the work queue", () => {
  it("runs one job at a time in arrival order, and refuses beyond the waiting line with 503 media_busy", async () => {
    const queue = createWorkQueue({ concurrency: 1, maxWaiting: 2 });
    const log: string[] = [];
    const [a, b, c] = ["a", "b", "c"].map((name) => gatedJob(log, name));
    const ran = [queue.run(a!.job), queue.run(b!.job), queue.run(c!.job)];
    await settle();
    expect(log).toEqual(["start a"]);

    const refused = gatedJob(log, "d");
    const error = await queue.run(refused.job).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 503, code: "media_busy" });

    a!.fail(new Error("broken picture"));
    await expect(ran[0]).rejects.toThrow("broken picture");
    await settle();
    expect(log).toEqual(["start a", "start b"]);
    b!.finish();
    c!.finish();
    expect(await Promise.all(ran.slice(1))).toEqual(["b", "c"]);
    expect(log).toEqual(["start a", "start b", "start c"]);

    // The line is empty again: a new job runs at once.
    const e = gatedJob(log, "e");
    const last = queue.run(e.job);
    await settle();
    expect(log.at(-1)).toBe("start e");
    e.finish();
    expect(await last).toBe("e");
  });
});
