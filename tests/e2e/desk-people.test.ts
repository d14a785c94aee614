/**
 * People on the desk in real Chromium: an admin adds a contributor on the People panel, and that
 * contributor logs in in a second browser context and sees their role (and no People panel);
 * My account makes a personal token that is shown once and works as a Bearer token; axe finds
 * nothing serious with both panels open.
 */
import { describe, expect, it, vi } from "vitest";
import { openPage, seriousA11yViolations, watchConsoleErrors } from "./support/browser.js";
import { logInToDesk } from "./support/desk.js";
import { useBrowserSite } from "./support/site.js";

// A browser on a busy two-core machine: room for the generous waits below.
vi.setConfig({ testTimeout: 90_000 });

const site = useBrowserSite();
const WAIT = { timeout: 20_000 };

/** A fresh browser context on the log-in form, after sending `name` and `password`. */
async function logInAs(name: string, password: string) {
  const page = await openPage(site.browser, `${site.server.url}/admin`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  return page;
}

describe("people on the desk", () => {
  it("lets an admin add a contributor, who can then log in elsewhere and sees their role", async () => {
    const blog = await site.editor.createBlog("People desk");
    const admin = await logInToDesk(site.browser, site.server.url, blog.id, WAIT);
    const errors = watchConsoleErrors(admin);
    await admin.locator("[data-people] > summary").click();
    await admin.locator("[data-person='admin']").waitFor(WAIT);

    const form = admin.locator("[data-add-person]");
    await form.getByLabel("Log-in name").fill("ana");
    await form.getByLabel("Display name").fill("Ana Demir");
    await form.getByLabel("Role").selectOption("contributor");
    await form.getByLabel("First password").fill("ana's first password");
    await form.getByRole("button", { name: "Add person" }).click();

    await admin
      .getByRole("status")
      .filter({ hasText: "Added Ana Demir as a contributor." })
      .waitFor(WAIT);
    const row = admin.locator("[data-person='ana']");
    expect(await row.locator(".role-badge").textContent()).toBe("contributor");
    expect(await row.locator(".status").textContent()).toBe("Active");
    expect(await form.getByLabel("Log-in name").inputValue()).toBe("");

    const contributor = await logInAs("ana", "ana's first password");
    await contributor.locator(".desk-bar", { hasText: "Ana Demir" }).waitFor(WAIT);
    expect(await contributor.locator(".desk-bar p").textContent()).toBe(
      "Logged in as Ana Demir (contributor)",
    );
    expect(await contributor.locator("[data-people]").count()).toBe(0);
    expect(await contributor.locator("[data-account]").count()).toBe(1);

    // Deactivated from the admin's desk, she cannot log in again.
    await row.getByRole("button", { name: "Deactivate Ana Demir" }).click();
    await admin.getByRole("status").filter({ hasText: "Ana Demir is deactivated" }).waitFor(WAIT);
    const again = await logInAs("ana", "ana's first password");
    await again
      .getByRole("alert")
      .filter({ hasText: "This account is deactivated; ask an admin." })
      .waitFor(WAIT);
    expect(errors.filter((e) => !e.includes("401"))).toEqual([]);
    for (const page of [admin, contributor, again]) await page.context().close();
  });

  it("shows a new personal token once, with a warning, and it works as a Bearer token until revoked", async () => {
    const blog = await site.editor.createBlog("Tokens desk");
    const page = await logInToDesk(site.browser, site.server.url, blog.id, WAIT);
    await page.locator("[data-account] > summary").click();
    await page.getByText("No tokens yet.").waitFor(WAIT);
    await page.getByLabel("What is the token for?").fill("Newsroom CMS");
    await page.getByRole("button", { name: "Create token" }).click();

    await page.getByText("Copy this token now: it is shown only this once.").waitFor(WAIT);
    const value = page.getByLabel("Your new token");
    const token = await value.inputValue();
    expect(token).toMatch(/^lbt_/);
    expect(await value.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await page.locator("[data-token-list] .token").textContent()).toContain("never used");
    // Both panels open, a person's change form and the new token on show: nothing serious for axe.
    await page.locator("[data-people] > summary").click();
    await page.locator("[data-person='admin'] .person-change > summary").click();
    expect(await seriousA11yViolations(page)).toEqual([]);

    const asToken = () =>
      fetch(`${site.server.url}/api/tokens`, { headers: { Authorization: `Bearer ${token}` } });
    const listed = await (await asToken()).json();
    expect(listed.tokens.map((t: { name: string }) => t.name)).toEqual(["Newsroom CMS"]);
    expect(JSON.stringify(listed)).not.toContain(token.slice(21));

    await page.getByRole("button", { name: "Revoke Newsroom CMS" }).click();
    await page.getByText("No tokens yet.").waitFor(WAIT);
    expect(await value.isHidden()).toBe(true);
    expect((await asToken()).status).toBe(401);
    await page.context().close();
  });
});
