/**
 * Real Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core (no
 * browser download), and the built web client, rebuilt first when its sources changed.
 */
import { mkdirSync, rmdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  chromium,
  type Browser,
  type BrowserContextOptions,
  type Frame,
  type Page,
} from "playwright-core";
import { buildClient } from "../../../client/build.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/**
 * Builds dist/client if it is stale. Test files run in parallel, so a lock directory makes one
 * of them build while the others wait, then find it fresh.
 */
export async function ensureClientBuilt(): Promise<void> {
  const lock = join(root, "dist/.client-build.lock");
  mkdirSync(join(root, "dist"), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a crashed run is older than any build takes.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmdirSync(lock);
      } catch {
        // Gone meanwhile: take it on the next round.
      }
      if (Date.now() > deadline) throw new Error("waited too long for the client build lock");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    await buildClient();
  } finally {
    rmdirSync(lock);
  }
}

/** A fresh context and page; `javaScriptEnabled: false` shows what crawlers and no-JS readers get. */
export async function openPage(
  browser: Browser,
  url: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, ...options });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/**
 * Collects what the page logs as an error (failed requests included: Chromium logs a 4xx or 5xx
 * answer as "Failed to load resource") and its uncaught exceptions, from now on. Attach it
 * before `goto` to see the load.
 */
export function watchConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

/** Every element with the `hidden` attribute that is displayed all the same (a class won). */
export function shownDespiteHidden(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>("[hidden]"))
      .filter((element) => getComputedStyle(element).display !== "none")
      .map((element) => element.outerHTML.slice(0, 120)),
  );
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core (from node_modules) in the page, or in one frame of it; returns the serious and
 * critical violations.
 */
export async function seriousA11yViolations(page: Page | Frame): Promise<AxeViolation[]> {
  const source = await readFile(join(root, "node_modules/axe-core/axe.min.js"), "utf8");
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } })
      .axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
}

/**
 * Resolves once `frame` has rendered twice and run what those renderings queued: its
 * IntersectionObservers, whose callbacks come with rendering, have then seen a scroll of the page
 * around it. For a test that scrolls a host page and then posts.
 */
export function afterFrameRenders(frame: Frame): Promise<void> {
  return frame.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))),
      ),
  );
}
