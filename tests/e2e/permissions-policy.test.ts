/**
 * The Permissions-Policy as Chromium applies it (issue 10, A4): the pages may not use the camera,
 * the microphone or geolocation, and Chromium knows every feature the header names (an unknown
 * one logs a warning on every page, which Lighthouse counts against it).
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { useBrowserSite } from "./support/site.js";

vi.setConfig({ testTimeout: 45_000 });

const site = useBrowserSite();
let blogId: string;

beforeAll(async () => {
  blogId = (await site.editor.createBlog("Policies")).id;
});

describe("Permissions-Policy in Chromium", () => {
  it.each([
    ["the index", () => "/"],
    ["the reader page", () => `/blogs/${blogId}`],
    ["the editors' desk", () => "/admin"],
  ])(
    "denies camera, microphone and geolocation on %s, and logs no warning about it",
    async (_name, path) => {
      const context = await site.browser.newContext();
      try {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        const logged: string[] = [];
        cdp.on("Log.entryAdded", ({ entry }) => logged.push(entry.text));
        await cdp.send("Log.enable");
        await page.goto(`${site.server.url}${path()}`);
        const allowed = await page.evaluate(() => {
          // Chromium's Feature Policy API: what the page's own policy allows it.
          const policy = (
            document as unknown as { featurePolicy: { allowsFeature(f: string): boolean } }
          ).featurePolicy;
          return ["camera", "microphone", "geolocation", "payment", "fullscreen"].filter((f) =>
            policy.allowsFeature(f),
          );
        });
        expect(allowed).toEqual(["fullscreen"]);
        // The page has settled once the reader page's socket is up (or at once elsewhere).
        await page.waitForLoadState("networkidle");
        expect(logged.filter((text) => /Permissions-Policy/i.test(text))).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
