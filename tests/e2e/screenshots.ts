/**
 * Takes the screenshots in docs/ (reader page on a phone and on a desktop, the same page of a blog
 * in Arabic, right to left, the editors' desk, and a newsroom's article on another origin with
 * the blog embedded by its script tag) from a real instance with the demo blog, in real Chromium.
 *
 *   npm run screenshots
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { seedDemo } from "../../server/demo/seed.js";
import { startInstance, TEST_PASSWORD } from "../support/instance.js";
import { ensureClientBuilt, launchBrowser } from "./support/browser.js";
import { ARABIC, postSceneEntry, setScene } from "./support/language-scenes.js";

const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

await ensureClientBuilt();
const server = await startInstance();
await seedDemo(server.store.blogs, pino({ level: "silent" }));
const browser = await launchBrowser();
const reader = `${server.url}/blogs/istanbul-talks`;
try {
  for (const [name, viewport, scale] of [
    ["reader-desktop.png", { width: 1280, height: 900 }, 1],
    ["reader-phone.png", { width: 390, height: 844 }, 2],
  ] as const) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: scale });
    const page = await context.newPage();
    await page.goto(reader);
    await page.locator('[data-connection][data-state="live"]').waitFor();
    await page.locator("[data-readers]", { hasText: "reading" }).waitFor();
    await page.screenshot({ path: docs(name) });
    await context.close();
  }

  // A blog in Arabic: the same page, right to left.
  const arabic = await setScene(server, ARABIC, "riyadh-climate-summit");
  for (const entry of ARABIC.later) await postSceneEntry(server, arabic.blog.id, ARABIC, entry);
  const rtl = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const rtlPage = await rtl.newPage();
  await rtlPage.goto(`${server.url}/blogs/${arabic.blog.id}`);
  await rtlPage.locator('[data-connection][data-state="live"]').waitFor();
  await rtlPage.locator("[data-readers]:not([hidden])").waitFor();
  await rtlPage.screenshot({ path: docs("reader-rtl.png") });
  await rtl.close();

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/admin?blog=istanbul-talks`);
  await page.getByLabel("Name").fill("admin");
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.locator(".admin-entry").first().waitFor();
  await page.getByLabel("Headline").fill("Talks end for the day");
  await page
    .getByLabel("Body")
    .fill("The delegations broke off at **17:30** and will meet again tomorrow morning.");
  await page.getByLabel("Key event").check();
  await page.locator("[data-preview] strong").waitFor();
  await page.locator("[data-ws-readers]", { hasText: "reading" }).waitFor();
  await page.screenshot({ path: docs("admin.png") });
  await context.close();

  // A host article on another origin, with the one script tag of docs/EMBED.md.
  const paragraph =
    "<p>Delegations from both countries arrived at Dolmabahçe Palace on Friday morning for the first direct talks in three years. Turkish officials, who brokered the meeting, described the mood as businesslike.</p>";
  const article = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Istanbul talks</title>
<style>body{font:18px/1.6 Georgia,serif;margin:0 auto;max-width:44rem;padding:1rem 1.5rem;color:#1d1d1d}
header{border-bottom:3px solid #b3141c;margin-bottom:1rem}header b{color:#b3141c;font:700 14px system-ui}</style></head>
<body><header><b>THE DAILY EXAMPLE · WORLD</b><h1>Russia and Ukraine meet in Istanbul: follow the talks live</h1></header>
${paragraph}${paragraph}
<script async src="${server.url}/embed.js" data-blog="istanbul-talks" data-accent="#b3141c" data-limit="4" data-key-events="0"></script>
${paragraph}</body></html>`;
  const host = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(article);
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  try {
    const hosted = await browser.newContext({ viewport: { width: 1100, height: 1400 } });
    const hostPage = await hosted.newPage();
    await hostPage.goto(`http://localhost:${(host.address() as AddressInfo).port}/`);
    await hostPage
      .frameLocator('iframe[src*="/blogs/istanbul-talks/embed?"]')
      .locator(".entry")
      .first()
      .waitFor();
    // Sized to its content by the frame's first height message (the loader starts it at 480 px).
    await hostPage.waitForFunction(() => document.querySelector("iframe")!.offsetHeight > 480);
    await hostPage.screenshot({ path: docs("embed-host-article.png") });
    await hosted.close();
  } finally {
    host.close();
  }
  process.stdout.write(
    "wrote docs/reader-desktop.png, docs/reader-phone.png, docs/reader-rtl.png, docs/admin.png, docs/embed-host-article.png\n",
  );
} finally {
  await browser.close();
  await server.close();
}
