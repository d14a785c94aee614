/**
 * What a first visit to a page costs on the wire: loads each URL in a fresh Chromium context (no
 * cache) and sums the encoded (as transferred) body and header bytes of every response, with the
 * Content-Encoding of each. Used for the compression figures in docs/PERFORMANCE.md.
 *
 *   tsx bench/page-transfer.ts URL [URL...]
 */
import { launchBrowser } from "../tests/e2e/support/browser.js";

const urls = process.argv.slice(2);
if (urls.length === 0) {
  process.stderr.write("usage: tsx bench/page-transfer.ts URL [URL...]\n");
  process.exit(2);
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const browser = await launchBrowser();
try {
  for (const url of urls) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen: Promise<{ url: string; encoding: string; body: number; headers: number }>[] = [];
    page.on("response", (response) => {
      seen.push(
        response
          .request()
          .sizes()
          .then((sizes) => ({
            url: response.url(),
            encoding: response.headers()["content-encoding"] ?? "identity",
            body: sizes.responseBodySize,
            headers: sizes.responseHeadersSize,
          })),
      );
    });
    await page.goto(url, { waitUntil: "networkidle" });
    const responses = await Promise.all(seen);
    let body = 0;
    let headers = 0;
    for (const r of responses) {
      body += r.body;
      headers += r.headers;
      process.stdout.write(`  ${kib(r.body).padStart(10)}  ${r.encoding.padEnd(8)}  ${r.url}\n`);
    }
    process.stdout.write(
      `${url}: ${responses.length} responses, bodies ${kib(body)} (${body} B) + headers ${kib(headers)} = ${kib(body + headers)} transferred\n`,
    );
    await context.close();
  }
} finally {
  await browser.close();
}
