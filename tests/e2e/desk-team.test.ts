/**
 * A blog's Team and History on the desk in real Chromium: the admin adds a person by log-in name
 * (refused with the server's reason for a name of no one), sees them listed and stored, and the
 * History panel says who changed the team.
 */
import { describe, expect, it, vi } from "vitest";
import { addPerson } from "../support/people.js";
import { logInToDesk } from "./support/desk.js";
import { useBrowserSite } from "./support/site.js";

vi.setConfig({ testTimeout: 90_000 });

const site = useBrowserSite();
const WAIT = { timeout: 20_000 };

describe("the desk's Team and History", () => {
  it("adds a person to the team, refuses a name of no one, and shows the change in History", async () => {
    const blog = await site.editor.createBlog("Team work");
    const reporter = await addPerson(site.server.store, "contributor");
    const desk = await logInToDesk(site.browser, site.server.url, blog.id);

    await desk.getByText("Team", { exact: true }).click();
    await desk.getByText("No one is assigned yet.").waitFor(WAIT);
    const name = desk.getByLabel("Add a person (log-in name)");
    await name.fill("nobody-at-all");
    await desk.getByRole("button", { name: "Add to the team" }).click();
    await desk
      .getByRole("alert")
      .filter({ hasText: 'No person is named "nobody-at-all"' })
      .waitFor(WAIT);
    expect(await site.server.store.blogs.getTeam(blog.id)).toEqual([]);

    await name.fill(reporter.name);
    await desk.getByRole("button", { name: "Add to the team" }).click();
    await desk
      .getByRole("button", { name: `Remove ${reporter.displayName} from the team` })
      .waitFor(WAIT);
    expect(await site.server.store.blogs.getTeam(blog.id)).toEqual([reporter.name]);

    await desk.getByText("History", { exact: true }).click();
    await desk
      .locator("[data-history-list] li")
      .filter({ hasText: `admin changed the team: added ${reporter.name}` })
      .waitFor(WAIT);
    await desk.context().close();
  });
});
