/** The editors' desk in a test browser. */
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { TEST_PASSWORD } from "../../support/instance.js";
import { openPage } from "./browser.js";

export interface DeskLogIn {
  /** Who logs in: the admin unless given (tests/support/people.ts adds others). */
  name?: string;
  password?: string;
  /** The browser context's options, e.g. its `timezoneId`. */
  context?: BrowserContextOptions;
}

/** Logs in through the form, on the desk of `blogId`, and waits for its live connection. */
export async function logInToDesk(
  browser: Browser,
  siteUrl: string,
  blogId: string,
  wait = { timeout: 20_000 },
  { name = "admin", password = TEST_PASSWORD, context }: DeskLogIn = {},
): Promise<Page> {
  const page = await openPage(browser, `${siteUrl}/admin?blog=${blogId}`, context);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.locator('[data-ws-connection][data-state="live"]').waitFor(wait);
  return page;
}
