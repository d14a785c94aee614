/**
 * The browser bundles carry no zod: zod probes `Function` when it loads, which our pages' CSP
 * (no 'unsafe-eval') reports as a violation in every reader's and editor's browser. Client code
 * imports the zod-free modules of shared/ (types, constants, media-path.ts), never schemas.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, expect, it } from "vitest";
import { ensureClientBuilt } from "../e2e/support/browser.js";

const assets = fileURLToPath(new URL("../../dist/client/assets/", import.meta.url));

beforeAll(async () => {
  await ensureClientBuilt();
}, 120_000);

it("has no zod in any browser bundle", () => {
  const scripts = readdirSync(assets).filter((name) => name.endsWith(".js"));
  expect(scripts.length).toBeGreaterThan(2);
  const withZod = scripts.filter((name) =>
    readFileSync(`${assets}${name}`, "utf8").includes("jitless"),
  );
  expect(withZod).toEqual([]);
});
