/**
 * The server's pages with polls and reactions (issue 16), on Redis: every entry's poll and
 * reactions bar in the HTML, with the counts of the moment (buttons disabled, since without a
 * script they could do nothing), the same counts in the page's state for its client, and an ETag
 * that changes when the counts do (within PAGE_COUNTS_MAX_AGE_MS), so that a revalidated page is
 * not an old one. The entry's page and the embed page show them too; the embed page says votes
 * are counted without cookies.
 */
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { READER_PAGE_SIZES } from "../../shared/page-state.js";
import type { Blog } from "../../shared/schemas.js";
import { ensureClientBuilt } from "../e2e/support/browser.js";
import { asAdmin, postPoll, readerDevice } from "../support/engagement.js";
import { editorApi, useSite } from "../support/fixtures.js";

const site = useSite();
const http = () => request(site.server.url);
let blog: Blog;

const readerState = (html: string) =>
  JSON.parse(/<script type="application\/json" id="lb-state">(.*?)<\/script>/s.exec(html)![1]!);
/** The count shown on `reaction`'s button of `entryId`, "" for none. */
const reactionCount = (html: string, entryId: string, reaction: string) => {
  const article = new RegExp(`<article [^>]*id="entry-${entryId}"[\\s\\S]*?</article>`).exec(
    html,
  )![0];
  return new RegExp(
    `data-reaction="${reaction}"[^>]*>(?:(?!</button>).)*<span class="reaction-count">([^<]*)</span>`,
  ).exec(article)![1];
};

beforeAll(async () => {
  await ensureClientBuilt();
  blog = await editorApi(site.server.url).createBlog("Polling day");
});

describe("a blog's pages with polls and reactions", () => {
  it("show the counts of the moment, and are rendered again once they moved", async () => {
    const entry = await postPoll(site.server, blog.id, {
      question: "Who wins?",
      options: ["Red", "Green"],
    });
    const before = await http().get(`/blogs/${blog.id}`).expect(200);
    expect(before.text).toContain(
      '<button type="button" class="poll-option" data-option="0" disabled>Red</button>',
    );
    expect(reactionCount(before.text, entry.id, "love")).toBe("");
    expect(readerState(before.text).tallies).toEqual({ blogId: blog.id, polls: {}, reactions: {} });

    const reader = readerDevice(site.server);
    expect((await reader.react(blog.id, entry.id, { reaction: "love", on: true })).status).toBe(
      200,
    );
    expect(
      (await reader.vote(blog.id, entry.id, { pollId: entry.poll.id, option: 1 })).status,
    ).toBe(200);

    // Revalidated with the old ETag: a new page, not a 304, once the instance's copy of the
    // counts (at most a second old) has the vote.
    const revalidated = () =>
      http().get(`/blogs/${blog.id}`).set("If-None-Match", before.headers.etag!);
    await expect.poll(async () => (await revalidated()).status, { timeout: 5_000 }).toBe(200);
    const after = await revalidated().expect(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(reactionCount(after.text, entry.id, "love")).toBe("1");
    // Still open: no results for a reader whose device the cached page cannot know.
    expect(after.text).not.toContain("poll-bars");
    expect(readerState(after.text).tallies.polls[entry.id]).toEqual({
      pollId: entry.poll.id,
      counts: [0, 1],
      total: 1,
    });
    await http().get(`/blogs/${blog.id}`).set("If-None-Match", after.headers.etag!).expect(304);

    // Closed: everyone's page shows the results.
    const closed = await asAdmin(
      site.server,
      "POST",
      `/api/blogs/${blog.id}/entries/${entry.id}/poll/close`,
    );
    expect(closed.status).toBe(200);
    const page = await http().get(`/blogs/${blog.id}`).expect(200);
    expect(page.text).toContain('<span class="poll-result-figure">100% (1 vote)</span>');
    expect(page.text).toContain('<p class="poll-foot">1 vote · Poll closed</p>');
  });

  it("carry in their state the counts of the entries they show, not every entry's", async () => {
    const editor = editorApi(site.server.url);
    const own = await editor.createBlog("Many updates");
    const [oldest, ...rest] = await editor.postMany(own.id, READER_PAGE_SIZES.stream + 1);
    const newest = rest.at(-1)!;
    const reader = readerDevice(site.server);
    for (const entry of [oldest!, newest])
      await reader.react(own.id, entry.id, { reaction: "wow", on: true });

    const page = () => http().get(`/blogs/${own.id}`).expect(200);
    await expect
      .poll(async () => Object.keys(readerState((await page()).text).tallies.reactions))
      .toEqual([newest.id]);
    expect((await page()).text).not.toContain(`id="entry-${oldest!.id}"`);
  });

  it("show them on an entry's own page and in the embed, which says votes are counted without cookies", async () => {
    const entry = await postPoll(site.server, blog.id, {
      question: "Tea or coffee?",
      options: ["Tea", "Coffee"],
    });
    await readerDevice(site.server).react(blog.id, entry.id, { reaction: "clap", on: true });

    const own = () => http().get(`/blogs/${blog.id}/entries/${entry.id}`).expect(200);
    await expect.poll(async () => reactionCount((await own()).text, entry.id, "clap")).toBe("1");
    expect((await own()).text).toContain('<p class="poll-question" id="poll-');
    expect((await own()).text).not.toContain("poll-note");

    const embed = await http().get(`/blogs/${blog.id}/embed`).expect(200);
    expect(reactionCount(embed.text, entry.id, "clap")).toBe("1");
    expect(embed.text).toContain(
      '<p class="poll-note">Votes are counted once per browser, without cookies.</p>',
    );
    expect(embed.headers["set-cookie"]).toBeUndefined();
  });
});
