/**
 * The README's upload example, run as a newcomer pastes it (bash, curl, from the repository's
 * root) in a shell that has the quick start's ADMIN_TOKEN and PORT, against a test instance;
 * then what the README says of the answer, and of linking the picture in an entry.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { mediaSchema } from "../../shared/media.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { TEST_TOKEN } from "../support/instance.js";
import { fileNameOf, storedFileNames } from "../support/uploads.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(`${root}README.md`, "utf8");
const block =
  /<!-- tested: tests\/media\/readme-upload\.test\.ts[^>]*-->\s*```sh\n([\s\S]*?)```/.exec(
    readme,
  )?.[1];

const site = useSite({ redis: false });

function runInBash(script: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const bash = spawn("bash", ["-e", "-c", script], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let [stdout, stderr] = ["", ""];
    bash.stdout.on("data", (d) => (stdout += d));
    bash.stderr.on("data", (d) => (stderr += d));
    bash.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the README's upload example", () => {
  it("uploads the screenshot with curl as pasted: 201, a record, its files, and a link that shows it", async () => {
    expect(block).toContain("/api/media");
    const port = new URL(site.server.url).port;
    const run = await runInBash(block!, { PORT: port, ADMIN_TOKEN: TEST_TOKEN });
    expect(run.code, run.stderr).toBe(0);

    const media = mediaSchema.parse(JSON.parse(run.stdout));
    expect(media).toMatchObject({ alt: "The reader page on a phone", credit: "liveblog" });
    expect(media.type).toBe("image/png");
    expect(await site.server.store.media.getMedia(media.id)).toEqual(media);
    expect(await storedFileNames(site.server)).toEqual(
      media.variants.map((v) => fileNameOf(v.url)).sort(),
    );

    // "Put it in an entry as ![...](/media/<id>)": the entry shows it as a figure of its files
    // (docs/MEDIA-FIGURES.md), and the link, wherever else Markdown is read, leads to it.
    const api = editorApi(site.server.url);
    const blog = await api.createBlog("Pictures");
    const entry = await api.post(blog.id, { body: `![${media.alt}](${media.url})` });
    const largest = media.variants.at(-1)!;
    expect(entry.html).toMatch(/^<figure class="entry-figure">/);
    expect(entry.html).toContain(` alt="${media.alt}" `);
    expect(entry.html).toContain(`${largest.url} ${largest.width}w`);
    const redirect = await request(site.server.url).get(media.url);
    expect([redirect.status, redirect.headers.location]).toEqual([302, media.variants.at(-1)!.url]);
    const file = await request(site.server.url).get(redirect.headers.location!);
    expect([file.status, file.headers["content-type"]]).toEqual([200, "image/png"]);
  });
});
