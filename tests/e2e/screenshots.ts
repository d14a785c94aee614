/**
 * Takes the screenshots in docs/ (reader page on a phone and on a desktop, the editors' desk)
 * from a real instance with the demo blog, in real Chromium.
 *
 *   npm run screenshots
 */
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { seedDemo } from "../../server/demo/seed.js";
import { startInstance, TEST_PASSWORD } from "../support/instance.js";
import { ensureClientBuilt, launchBrowser } from "./support/browser.js";

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
  process.stdout.write("wrote docs/reader-desktop.png, docs/reader-phone.png, docs/admin.png\n");
} finally {
  await browser.close();
  await server.close();
}
