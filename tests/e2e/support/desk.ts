/** The editors' desk in a test browser. */
import type { Browser, Page } from "playwright-core";
import { TEST_PASSWORD } from "../../support/instance.js";
import { openPage } from "./browser.js";

/** Logs in as admin through the form, on the desk of `blogId`, and waits for its live connection. */
export async function logInToDesk(
  browser: Browser,
  siteUrl: string,
  blogId: string,
  wait = { timeout: 10_000 },
): Promise<Page> {
  const page = await openPage(browser, `${siteUrl}/admin?blog=${blogId}`);
  await page.getByLabel("Name").fill("admin");
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.locator('[data-ws-connection][data-state="live"]').waitFor(wait);
  return page;
}
