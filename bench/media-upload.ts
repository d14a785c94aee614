/**
 * Upload figures (issue 12), against a real server process (embedded mode, media in a temporary
 * folder), for a 12-megapixel JPEG (4000 x 3000 with noise in it, so that it compresses no
 * better than a photo does):
 *   - upload-to-available: from the POST /api/media until its largest file answers 200;
 *   - the server's peak resident memory while it processes the picture;
 *   - how long /livez takes meanwhile, with one upload and with two sent at once (processing
 *     is one picture at a time, on one libvips thread: docs/MEDIA.md, "Load");
 *   - the bytes a phone downloads for the photo: the candidate Chromium itself picks from the
 *     srcset, on a 360 px wide screen at device pixel ratio 3 (and 2, and a desktop).
 *
 *   npx tsx bench/media-upload.ts [--runs 5]
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import type { Media } from "../shared/media.js";
import { launchBrowser } from "../tests/e2e/support/browser.js";
import { freePort } from "../tests/support/ports.js";
import { waitFor } from "../tests/support/wait.js";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const TOKEN = "bench-admin-token-0123456789abcdef";
const root = fileURLToPath(new URL("../", import.meta.url));
const MB = 1024 * 1024;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * A 4000 x 3000 photo-like JPEG at a camera's quality: colour noise at four scales added up
 * (shapes, textures, detail and sensor grain), so that it has detail at every size it is
 * resized to, as photos do. Noise alone would blur into flat grey at 480 px.
 */
async function twelveMegapixels(): Promise<Buffer> {
  const [width, height] = [4000, 3000];
  const scales = [
    [8, 6, 70],
    [64, 48, 45],
    [500, 375, 30],
    [4000, 3000, 6],
  ] as const;
  const layers: Buffer[] = [];
  for (const [w, h, sigma] of scales) {
    layers.push(
      await sharp({
        create: {
          width: w,
          height: h,
          channels: 3,
          background: "#808080",
          noise: { type: "gaussian", mean: 128, sigma },
        },
      })
        .resize(width, height, { kernel: "cubic", fit: "fill" })
        .raw()
        .toBuffer(),
    );
  }
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) {
    let value = 128;
    for (const layer of layers) value += layer[i]! - 128;
    pixels[i] = Math.max(0, Math.min(255, value));
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** The server's resident memory now (VmRSS) and at its peak so far (VmHWM), in bytes. */
function memoryOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

async function startServer() {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const mediaDir = await mkdtemp(join(tmpdir(), "liveblog-bench-media-"));
  // node itself (not the tsx launcher), so that the pid is the server's.
  const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      ADMIN_TOKEN: TOKEN,
      ADMIN_PASSWORD: "bench password here",
      DEMO: "off",
      METRICS_PORT: String(metricsPort),
      // Passed on to compare glibc's allocator settings (docs/MEDIA.md, "Memory").
      ...(process.env.MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}),
      LOG_LEVEL: "warn",
      MEDIA_DIR: mediaDir,
      MEDIA_UPLOADS_PER_MINUTE: "1000",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/readyz`)).ok, {
    timeoutMs: 60_000,
    what: "the server to be ready",
  });
  return {
    url,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    pid: server.pid!,
    async stop() {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
      await rm(mediaDir, { recursive: true, force: true });
    },
  };
}

async function uploadPicture(url: string, bytes: Buffer): Promise<Media> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type: "image/jpeg" }), "photo.jpg");
  form.append("alt", "Benchmark picture");
  const res = await fetch(`${url}/api/media`, {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}` },
    body: form,
  });
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Media;
}

/** Upload-to-available: POST until 201, then GET the largest file until 200. */
async function timedUpload(url: string, bytes: Buffer) {
  const started = performance.now();
  const media = await uploadPicture(url, bytes);
  const stored = performance.now();
  const largest = await fetch(new URL(media.variants.at(-1)!.url, url));
  if (largest.status !== 200) throw new Error(`the largest file answered ${largest.status}`);
  await largest.arrayBuffer();
  return { media, processMs: stored - started, availableMs: performance.now() - started };
}

/** /livez answer times, one after another, until `done` settles. */
async function probeWhile(url: string, done: Promise<unknown>) {
  let finished = false;
  void done.finally(() => (finished = true));
  const times: number[] = [];
  while (!finished) {
    const started = performance.now();
    await (await fetch(`${url}/livez`)).text();
    times.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { median: median(times), max: Math.max(...times), count: times.length };
}

/**
 * The server's event-loop lag since the last call (prom-client resets its histogram at each
 * scrape), in ms: how long a reader's request could have waited for the loop.
 */
async function eventLoopLag(metricsUrl: string) {
  const text = await (await fetch(metricsUrl)).text();
  const seconds = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
  return {
    p99: seconds("nodejs_eventloop_lag_p99_seconds") * 1000,
    max: seconds("nodejs_eventloop_lag_max_seconds") * 1000,
  };
}

/** Which srcset candidate Chromium fetches, and its size, for a screen `width` at `dpr`. */
async function phoneBytes(url: string, media: Media) {
  const webp = media.variants.filter((v) => v.type === "image/webp");
  const srcset = webp.map((v) => `${new URL(v.url, url).href} ${v.width}w`).join(", ");
  const fallback = new URL(media.variants.at(-1)!.url, url).href;
  // What a figure in the reader's column (44rem at most) would declare.
  const sizes = "(min-width: 45rem) 44rem, 100vw";
  const html = `<!doctype html><meta name="viewport" content="width=device-width"><body style="margin:0"><img srcset="${srcset}" sizes="${sizes}" src="${fallback}" width="${media.width}" height="${media.height}" style="width:100%;height:auto" alt="">`;
  const browser = await launchBrowser();
  const picked: string[] = [];
  try {
    for (const [label, width, dpr] of [
      ["phone 360 px, DPR 3", 360, 3],
      ["phone 360 px, DPR 2", 360, 2],
      ["desktop 1280 px, DPR 1", 1280, 1],
    ] as const) {
      const context = await browser.newContext({
        viewport: { width, height: 740 },
        deviceScaleFactor: dpr,
        isMobile: width < 600,
      });
      const page = await context.newPage();
      const images: Promise<{ url: string; bytes: number }>[] = [];
      page.on("response", (response) => {
        if (!response.url().includes("/media/")) return;
        images.push(
          response
            .request()
            .sizes()
            .then((s) => ({ url: response.url(), bytes: s.responseBodySize })),
        );
      });
      await page.setContent(html, { waitUntil: "networkidle" });
      const fetched = await Promise.all(images);
      for (const image of fetched) {
        const variant = media.variants.find((v) => image.url.endsWith(v.url));
        picked.push(
          `${label}: ${variant?.width ?? "?"} px ${variant?.type ?? "?"}, ${kib(image.bytes)} (${image.bytes} B)`,
        );
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { sizes, picked };
}

const picture = await twelveMegapixels();
const server = await startServer();
try {
  const before = memoryOf(server.pid);
  const runs: { processMs: number; availableMs: number }[] = [];
  let peakRss = before.rss;
  let media: Media | undefined;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, memoryOf(server.pid).rss);
  }, 10);
  for (let i = 0; i < RUNS; i++) {
    const run = await timedUpload(server.url, picture);
    runs.push(run);
    media = run.media;
  }
  await eventLoopLag(server.metricsUrl);
  const idle = await probeWhile(server.url, new Promise((resolve) => setTimeout(resolve, 2000)));
  const idleLag = await eventLoopLag(server.metricsUrl);
  const single = await (async () => {
    const upload = timedUpload(server.url, picture);
    const probe = await probeWhile(server.url, upload);
    return { probe, lag: await eventLoopLag(server.metricsUrl) };
  })();
  const pair = await (async () => {
    const started = performance.now();
    const both = Promise.all([
      uploadPicture(server.url, picture),
      uploadPicture(server.url, picture),
    ]);
    const probe = await probeWhile(server.url, both);
    await both;
    return { probe, ms: performance.now() - started, lag: await eventLoopLag(server.metricsUrl) };
  })();
  clearInterval(sampler);
  const after = memoryOf(server.pid);
  const phone = await phoneBytes(server.url, media!);

  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`12-megapixel JPEG: 4000 x 3000, ${(picture.length / MB).toFixed(2)} MB`);
  out(
    `variants: ${media!.variants.map((v) => `${v.width} ${v.type.slice(6)} ${kib(v.bytes)}`).join(", ")}`,
  );
  out(
    `upload to 201, ${RUNS} runs: median ${median(runs.map((r) => r.processMs)).toFixed(0)} ms; ` +
      `to the largest file answering 200: median ${median(runs.map((r) => r.availableMs)).toFixed(0)} ms, ` +
      `max ${Math.max(...runs.map((r) => r.availableMs)).toFixed(0)} ms`,
  );
  out(
    `server memory: ${(before.rss / MB).toFixed(0)} MB resident before, peak ${(peakRss / MB).toFixed(0)} MB during uploads ` +
      `(VmHWM ${(after.hwm / MB).toFixed(0)} MB), ${(after.rss / MB).toFixed(0)} MB after`,
  );
  const probed = (label: string, probe: typeof idle, lag: typeof idleLag) =>
    out(
      `${label}: /livez median ${probe.median.toFixed(1)} ms, max ${probe.max.toFixed(1)} ms (${probe.count} probes); ` +
        `server event-loop lag p99 ${lag.p99.toFixed(1)} ms, max ${lag.max.toFixed(1)} ms`,
    );
  probed("idle", idle, idleLag);
  probed("during one upload", single.probe, single.lag);
  probed(
    `during two uploads at once (both stored in ${pair.ms.toFixed(0)} ms)`,
    pair.probe,
    pair.lag,
  );
  out(`srcset with sizes="${phone.sizes}":`);
  for (const line of phone.picked) out(`  ${line}`);
} finally {
  await server.stop();
}
