/**
 * The newsroom's workflow on the desk in real Chromium, each person in a browser context of
 * their own: a contributor files a draft, an editor sees it arrive in "Waiting for review"
 * without reloading and publishes it, and a reader sees it appear live; an editor sends a draft
 * back with a note that the contributor sees arrive; entries scheduled in the editor's own time
 * zone are listed with their time, and can be made drafts again or published at once; a
 * published entry can be unpublished and published again.
 */
import type { Page } from "playwright-core";
import { describe, expect, it, vi } from "vitest";
import type { Draft, Entry } from "../../shared/schemas.js";
import { bearer } from "../support/instance.js";
import { addPerson, PERSON_PASSWORD } from "../support/people.js";
import { waitFor } from "../support/wait.js";
import { openPage } from "./support/browser.js";
import { logInToDesk, type DeskLogIn } from "./support/desk.js";
import { useBrowserSite } from "./support/site.js";

// Three browsers on a busy two-core machine: room for the generous waits below.
vi.setConfig({ testTimeout: 120_000 });

const site = useBrowserSite();
const WAIT = { timeout: 20_000 };

/** A request with the admin's token; fails the test unless it answers `expected`. */
async function asAdmin<T>(path: string, method: string, expected: number, body?: unknown) {
  const response = await fetch(`${site.server.url}${path}`, {
    method,
    headers: { ...bearer, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  expect(response.status, `${method} ${path}: ${text}`).toBe(expected);
  return (text ? JSON.parse(text) : undefined) as T;
}

const drafts = async (blogId: string) =>
  (await asAdmin<{ drafts: Draft[] }>(`/api/blogs/${blogId}/drafts`, "GET", 200)).drafts;

/** A blog with a contributor on its team and an editor, each logged in on its desk. */
async function newsroom(editorLogIn: Omit<DeskLogIn, "name" | "password"> = {}) {
  const blog = await site.editor.createBlog();
  const contributor = await addPerson(site.server.store, "contributor");
  const editor = await addPerson(site.server.store, "editor");
  await site.server.store.blogs.setTeam(blog.id, [contributor.name]);
  const logIn = (name: string, more: DeskLogIn = {}) =>
    logInToDesk(site.browser, site.server.url, blog.id, WAIT, {
      name,
      password: PERSON_PASSWORD,
      ...more,
    });
  const [editorPage, contributorPage] = await Promise.all([
    logIn(editor.name, editorLogIn),
    logIn(contributor.name),
  ]);
  // Both desks are on the editors' channel: what follows arrives live, not from a reload.
  await Promise.all(
    [editorPage, contributorPage].map((page) =>
      page.locator('[data-review-queue][data-channel="joined"]').waitFor(WAIT),
    ),
  );
  return { blog, contributor, editor, editorPage, contributorPage };
}

/** Files a draft from the contributor's form, as a reporter at the venue does. */
async function fileDraft(page: Page, headline: string, body: string) {
  await page.getByLabel("Headline").fill(headline);
  await page.getByLabel("Body").fill(body);
  await page.getByRole("button", { name: "Submit for review" }).click();
  await page.getByRole("status").filter({ hasText: "Submitted for review" }).waitFor(WAIT);
}

const waiting = (page: Page, headline: string) =>
  page.locator("[data-waiting] .draft-item", { hasText: headline });
const scheduled = (page: Page, headline: string) =>
  page.locator("[data-scheduled] .draft-item", { hasText: headline });

const closeAll = (...pages: Page[]) => Promise.all(pages.map((page) => page.context().close()));

describe("the desk's workflow", () => {
  it("a contributor files a draft, an editor sees it arrive and publishes it, a reader sees it live", async () => {
    const { blog, contributor, editorPage, contributorPage } = await newsroom();
    const reader = await openPage(site.browser, `${site.server.url}/blogs/${blog.id}`);
    await reader.locator('[data-connection][data-state="live"]').waitFor(WAIT);

    // A contributor has no choice of when: the button submits for review.
    expect(await contributorPage.getByRole("radio", { name: "Publish now" }).count()).toBe(0);
    expect(
      await contributorPage.getByRole("button", { name: "Publish", exact: true }).count(),
    ).toBe(0);
    await fileDraft(contributorPage, "Crowd at the gates", "Thousands **waiting** outside.");
    await waiting(contributorPage, "Crowd at the gates").waitFor(WAIT);

    const item = waiting(editorPage, "Crowd at the gates");
    await item.waitFor(WAIT);
    expect(await item.locator(".draft-authors").textContent()).toBe(
      `By ${contributor.displayName}`,
    );
    expect(await item.locator(".entry-body strong").textContent()).toBe("waiting");
    await editorPage
      .locator("[data-queue-announce]")
      .filter({ hasText: `New draft from ${contributor.displayName}` })
      .waitFor(WAIT);
    // Not on the blog while it waits.
    expect((await site.editor.entries(blog.id)).entries).toEqual([]);

    await item.getByRole("button", { name: "Publish" }).click();
    await reader.locator(".entry-headline", { hasText: "Crowd at the gates" }).waitFor(WAIT);
    await editorPage
      .locator(".admin-entry .entry-headline", { hasText: "Crowd at the gates" })
      .waitFor(WAIT);
    await item.waitFor({ state: "detached", ...WAIT });
    // The contributor's desk follows: the draft left the queue, the entry is on the blog.
    await waiting(contributorPage, "Crowd at the gates").waitFor({ state: "detached", ...WAIT });
    await contributorPage
      .locator(".admin-entry .entry-headline", { hasText: "Crowd at the gates" })
      .waitFor(WAIT);
    expect(await contributorPage.locator(".admin-entry [data-unpublish]").count()).toBe(0);
    const { entries } = await site.editor.entries(blog.id);
    expect(entries.map((e) => [e.headline, e.authors[0]?.name])).toEqual([
      ["Crowd at the gates", contributor.name],
    ]);
    expect(await drafts(blog.id)).toEqual([]);
    await closeAll(editorPage, contributorPage, reader);
  });

  it("an editor sends a draft back with a note; the contributor sees it arrive, edits and withdraws", async () => {
    const { blog, editor, editorPage, contributorPage } = await newsroom();
    await fileDraft(contributorPage, "Score at half time", "2-1.");
    const item = waiting(editorPage, "Score at half time");
    await item.getByRole("button", { name: "Send back" }).click();
    const note = item.getByLabel("Note for");
    await expect.poll(() => note.evaluate((el) => el === document.activeElement)).toBe(true);

    // The note is required.
    await item.getByRole("button", { name: "Send back", exact: true }).click();
    await item.getByRole("alert").filter({ hasText: "should change" }).waitFor(WAIT);
    await note.fill("Who scored? Add the names.");
    await item.getByRole("button", { name: "Send back", exact: true }).click();
    await item.locator(".review-note-text", { hasText: "Who scored?" }).waitFor(WAIT);

    // Pinned by id: while it is edited, the item shows a form, not the headline as text.
    const id = await item.getAttribute("data-draft");
    const mine = contributorPage.locator(`[data-waiting] [data-draft="${id}"]`);
    await mine
      .locator(".review-note", { hasText: `Sent back by ${editor.displayName}` })
      .waitFor(WAIT);
    expect(await mine.locator(".review-note-text").textContent()).toBe(
      "Who scored? Add the names.",
    );
    await contributorPage
      .locator("[data-queue-announce]")
      .filter({ hasText: "Who scored? Add the names." })
      .waitFor(WAIT);

    // Saved again, the draft is fresh for review: the note goes, on both desks.
    await mine.getByRole("button", { name: "Edit" }).click();
    await mine.getByLabel("Body").fill("2-1: Ada and Ben scored.");
    await mine.getByRole("button", { name: "Save" }).click();
    await mine.locator(".entry-body", { hasText: "Ada and Ben" }).waitFor(WAIT);
    await item.locator(".entry-body", { hasText: "Ada and Ben" }).waitFor(WAIT);
    expect(await item.locator(".review-note").count()).toBe(0);
    expect((await drafts(blog.id))[0]?.review).toBeNull();

    await mine.getByRole("button", { name: "Withdraw" }).click();
    await mine.getByRole("button", { name: "Yes, withdraw" }).click();
    await item.waitFor({ state: "detached", ...WAIT });
    await mine.waitFor({ state: "detached", ...WAIT });
    expect(await drafts(blog.id)).toEqual([]);
    expect((await site.editor.entries(blog.id)).entries).toEqual([]);
    await closeAll(editorPage, contributorPage);
  });

  it("schedules an entry in the editor's time zone, lists it with its time, and makes it a draft again", async () => {
    const timezoneId = "Europe/Berlin";
    const { blog, editorPage, contributorPage } = await newsroom({ context: { timezoneId } });
    // Two hours from now, to the minute, as a clock in Berlin shows it.
    const at = new Date(Math.ceil((Date.now() + 2 * 3_600_000) / 60_000) * 60_000);
    const berlin = new Intl.DateTimeFormat("sv-SE", {
      timeZone: timezoneId,
      dateStyle: "short",
      timeStyle: "short",
    })
      .format(at)
      .replace(" ", "T");

    await editorPage.getByLabel("Headline").fill("Evening summary");
    await editorPage.getByLabel("Body").fill("What happened today.");
    await editorPage.getByRole("radio", { name: "Schedule…" }).check();
    const time = editorPage.getByLabel("Publish at");
    await time.fill("2020-01-01T12:00");
    await editorPage.getByRole("button", { name: "Schedule", exact: true }).click();
    await editorPage.getByRole("alert").filter({ hasText: "That time has passed" }).waitFor(WAIT);
    expect(await drafts(blog.id)).toEqual([]);

    await time.fill(berlin);
    await editorPage.getByRole("button", { name: "Schedule", exact: true }).click();
    await editorPage.getByRole("status").filter({ hasText: "Scheduled for" }).waitFor(WAIT);
    const item = scheduled(editorPage, "Evening summary");
    await item.waitFor(WAIT);
    expect(await item.locator(".draft-when time").getAttribute("datetime")).toBe(at.toISOString());
    expect(await item.locator(".draft-when").textContent()).toMatch(/GMT\+[12]|CES?T/);
    expect((await drafts(blog.id)).map((d) => [d.status, d.publishAt])).toEqual([
      ["scheduled", at.toISOString()],
    ]);
    // Scheduled by an editor: not the contributor's, so not on their desk.
    expect(await scheduled(contributorPage, "Evening summary").count()).toBe(0);

    await item.getByRole("button", { name: "Cancel schedule" }).click();
    await waiting(editorPage, "Evening summary").waitFor(WAIT);
    await item.waitFor({ state: "detached", ...WAIT });
    expect((await drafts(blog.id)).map((d) => [d.status, d.publishAt])).toEqual([["draft", null]]);
    await closeAll(editorPage, contributorPage);
  });

  it("lists a scheduled entry made elsewhere live, and publishes it at once on request", async () => {
    const { blog, editorPage, contributorPage } = await newsroom();
    const reader = await openPage(site.browser, `${site.server.url}/blogs/${blog.id}`);
    await reader.locator('[data-connection][data-state="live"]').waitFor(WAIT);
    const publishAt = new Date(Date.now() + 3_600_000).toISOString();
    await asAdmin<Draft>(`/api/blogs/${blog.id}/entries`, "POST", 201, {
      headline: "Statement at six",
      body: "The minister will speak.",
      status: "scheduled",
      publishAt,
    });
    const item = scheduled(editorPage, "Statement at six");
    await item.waitFor(WAIT);
    await item.getByRole("button", { name: "Publish now" }).click();
    await reader.locator(".entry-headline", { hasText: "Statement at six" }).waitFor(WAIT);
    await item.waitFor({ state: "detached", ...WAIT });
    expect(await drafts(blog.id)).toEqual([]);
    await closeAll(editorPage, contributorPage, reader);
  });

  it("unpublishes an entry after a confirmation (readers lose it, the desk has it as a draft) and publishes it again", async () => {
    const blog = await site.editor.createBlog();
    const entry = await site.editor.post(blog.id, { headline: "Too early", body: "Not yet." });
    const reader = await openPage(site.browser, `${site.server.url}/blogs/${blog.id}`);
    await reader.locator('[data-connection][data-state="live"]').waitFor(WAIT);
    const desk = await logInToDesk(site.browser, site.server.url, blog.id, WAIT);
    await desk.locator('[data-review-queue][data-channel="joined"]').waitFor(WAIT);

    const published = desk.locator(`.admin-entry[data-entry="${entry.id}"]`);
    await published.getByRole("button", { name: "Unpublish" }).click();
    await published.getByRole("button", { name: "Yes, unpublish" }).click();
    await reader
      .locator(".entry-headline", { hasText: "Too early" })
      .waitFor({ state: "detached", ...WAIT });
    const draft = waiting(desk, "Too early");
    await draft.waitFor(WAIT);
    await published.waitFor({ state: "detached", ...WAIT });
    expect((await site.editor.entries(blog.id)).entries).toEqual([]);

    await draft.getByRole("button", { name: "Publish" }).click();
    await reader.locator(".entry-headline", { hasText: "Too early" }).waitFor(WAIT);
    await desk.locator(".admin-entry .entry-headline", { hasText: "Too early" }).waitFor(WAIT);
    await waitFor(
      async () =>
        (await site.editor.entries(blog.id)).entries.map((e: Entry) => e.headline).join() ===
        "Too early",
      { what: "the entry published again" },
    );
    await closeAll(desk, reader);
  });
});
