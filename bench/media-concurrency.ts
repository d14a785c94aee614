/**
 * Why an instance processes one picture at a time on one libvips thread (docs/MEDIA.md, "Load
 * and memory"): processes 12-megapixel JPEGs in this process in turn or at once, with one or
 * two libvips threads each, and meanwhile measures what a live server's readers would feel: the
 * event loop's delay, and how long a small file read waits for libuv's thread pool (four
 * threads, shared by sharp, file reads, zlib and scrypt).
 *
 *   npx tsx bench/media-concurrency.ts
 */
import { readFile } from "node:fs/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";
import sharp from "sharp";
import { processPicture } from "../server/media/process.js";

const picture = await sharp({
  create: {
    width: 4000,
    height: 3000,
    channels: 3,
    background: "#5a7d9a",
    noise: { type: "gaussian", mean: 110, sigma: 35 },
  },
})
  .blur(0.8)
  .jpeg({ quality: 92 })
  .toBuffer();
const limits = { maxPixels: 70_000_000 };
const ms = (ns: number) => (ns / 1e6).toFixed(1);

async function scenario(label: string, threads: number, run: () => Promise<unknown>) {
  sharp.concurrency(threads);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const reads: number[] = [];
  let done = false;
  const reader = (async () => {
    while (!done) {
      const started = performance.now();
      await readFile(new URL("../package.json", import.meta.url));
      reads.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const started = performance.now();
  await run();
  const total = performance.now() - started;
  done = true;
  await reader;
  loop.disable();
  reads.sort((a, b) => a - b);
  const at = (q: number) => reads[Math.min(reads.length - 1, Math.floor(reads.length * q))]!;
  process.stdout.write(
    `${label.padEnd(40)} ${total.toFixed(0).padStart(5)} ms   loop p99 ${ms(loop.percentile(99)).padStart(6)}  max ${ms(loop.max).padStart(6)}   file read p99 ${at(0.99).toFixed(1).padStart(7)}  max ${reads.at(-1)!.toFixed(1).padStart(7)} ms\n`,
  );
}

const one = () => processPicture(picture, limits);
await one(); // warm-up
process.stdout.write(`12-megapixel JPEG, ${(picture.length / 1024 / 1024).toFixed(1)} MB\n`);
for (const threads of [1, 2]) {
  const each = `${threads} libvips thread${threads > 1 ? "s" : ""}`;
  await scenario(`2 pictures in turn, ${each}`, threads, async () => {
    await one();
    await one();
  });
  await scenario(`2 pictures at once, ${each}`, threads, () => Promise.all([one(), one()]));
  await scenario(`4 pictures at once, ${each}`, threads, () =>
    Promise.all([one(), one(), one(), one()]),
  );
}
