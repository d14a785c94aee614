/**
 * Stored XSS (issue 6, row 8): script tags, event handlers, javascript:/data: URLs and a corpus
 * of sanitizer-bypass (mutation XSS) vectors, posted as entries (their body, headline, and their
 * poll's question and options, issue 16). Judged by a real browser, the
 * party that would run them: Chromium parses the stored HTML, parses it again from its own
 * serialisation (where mutation XSS happens), and finds nothing executable; the rendered page
 * runs none of it even with its Content-Security-Policy removed; and with the policy in place,
 * an inline script injected into the page is blocked anyway.
 */
import fc from "fast-check";
import { chromium, type Browser, type Page } from "playwright-core";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderBody } from "../../server/blogs/markdown.js";
import type { Entry } from "../../shared/schemas.js";
import { editorApi, useSite } from "../support/fixtures.js";
import { bearer } from "../support/instance.js";

const CORPUS = [
  "<script>alert(1)</script>",
  "<<script>script>alert(1)<</script>/script>",
  "<img src=x onerror=alert(1)>",
  "<img src=x:alert(1) onerror=eval(src)>",
  "<svg/onload=alert(1)>",
  "<details open ontoggle=alert(1)>",
  '<a href="https://ok.example" onclick="alert(1)">x</a>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<a href="&#x6A;avascript:alert(1)">x</a>',
  '<img src="https://example.org/a.png" srcset="javascript:alert(1) 1x">',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
  '<math href="javascript:alert(1)">x</math>',
  '<style>*{background:url("javascript:alert(1)")}</style>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  // Mutation XSS: markup that changes meaning when parsed, serialised and parsed again.
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  "<svg><style><img src=x onerror=alert(1)></style></svg>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
  '<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style><img src onerror=alert(1)>">',
  "<!--><img src=x onerror=alert(1)>-->",
  "<![CDATA[><img src=x onerror=alert(1)>]]>",
  "<xmp><img src=x onerror=alert(1)></xmp>",
  "<template><img src=x onerror=alert(1)></template>",
  '<textarea><img title="</textarea><img src=x onerror=alert(1)>">',
  // Markdown's own ways to make links and images.
  "[x](javascript:alert(1))",
  "[x](JaVaScRiPt:alert(1))",
  "[x](jav&#x09;ascript:alert(1))",
  "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
  "[x](javascript&colon;alert(1))",
  "[x](<javascript:alert(1)>)",
  "[x](vbscript:msgbox(1))",
  "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  "![x](javascript:alert(1))",
  '![x" onerror="alert(1)](https://example.org/a.png)',
  '![x](https://example.org/a.png"onerror="alert(1))',
  '[x](https://example.org "t\\" onmouseover=\\"alert(1)")',
  "[x](https://a.example 'a&quot; onmouseover=alert(1) x=&quot;')",
  '[x](https://example.org/"><img src=x onerror=alert(1)>)',
  "[x][1]\n\n[1]: javascript:alert(1)",
  "<javascript:alert(1)>",
  "`<img src=x onerror=alert(1)>`",
  "```\n</code><img src=x onerror=alert(1)>\n```",
  "</script><script>alert(1)</script>",
  "<!--",
];

const site = useSite({ env: { WRITES_PER_MINUTE: "10000" } });
let browser: Browser;
let page: Page;
let blogId: string;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  page = await browser.newPage();
  blogId = (await editorApi(site.server.url).createBlog("XSS")).id;
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/**
 * Everything in `html` that a browser would run or load against our policy, as Chromium sees
 * it after parsing it once and again from its own serialisation.
 */
function executableParts(html: string[]): Promise<string[][]> {
  return page.evaluate((fragments) => {
    const tags = /^(P|BR|STRONG|EM|S|DEL|A|UL|OL|LI|BLOCKQUOTE|CODE|PRE|H3|H4|IMG|HR)$/;
    const attributes = /^(href|src|alt|title|rel|start)$/;
    const inspect = (root: Element, round: string, found: string[]) => {
      for (const el of root.querySelectorAll("*")) {
        if (!tags.test(el.tagName) || el.namespaceURI !== "http://www.w3.org/1999/xhtml")
          found.push(`${round}: element ${el.tagName}`);
        for (const attr of el.attributes) {
          if (!attributes.test(attr.name)) found.push(`${round}: attribute ${attr.name}`);
        }
        const url = (el as HTMLAnchorElement).href || (el as HTMLImageElement).src;
        if (url && !/^(https?|mailto):/.test(new URL(url, "https://base.example").protocol))
          found.push(`${round}: url ${url}`);
      }
    };
    return fragments.map((fragment) => {
      const found: string[] = [];
      const once = document.createElement("div");
      once.innerHTML = fragment;
      inspect(once, "parsed", found);
      const twice = document.createElement("div");
      twice.innerHTML = once.innerHTML;
      inspect(twice, "re-parsed", found);
      return found;
    });
  }, html);
}

/** An entry of `body`; with `headline`, a poll asks it too, and offers it among its options. */
async function postEntry(body: string, headline?: string) {
  const poll = headline && { question: headline, options: [headline.slice(0, 100), "none"] };
  const res = await request(site.server.url)
    .post(`/api/blogs/${blogId}/entries`)
    .set(bearer)
    .send(headline === undefined ? { body } : { body, headline, poll });
  expect(res.status).toBe(201);
  return res.body as Entry;
}

describe("stored XSS", () => {
  it("the oracle finds executable parts when they are there", async () => {
    expect(
      await executableParts([
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "<p>fine</p>",
      ]),
    ).toEqual([
      ["parsed: attribute onerror", "re-parsed: attribute onerror"],
      ["parsed: url javascript:alert(1)", "re-parsed: url javascript:alert(1)"],
      [],
    ]);
  });

  it(`stores nothing executable for any of ${CORPUS.length} known vectors, keeping the source as text`, async () => {
    const stored = await Promise.all(
      CORPUS.map((vector) => postEntry(vector, vector.slice(0, 200))),
    );
    const problems = await executableParts(stored.map((entry) => entry.html));
    expect(Object.fromEntries(CORPUS.map((vector, i) => [vector, problems[i]]))).toEqual(
      Object.fromEntries(CORPUS.map((vector) => [vector, []])),
    );
    // Stored as the editor wrote it: the Markdown source and the headline are data, not markup.
    const listed = await request(site.server.url).get(`/api/blogs/${blogId}/entries?limit=100`);
    const byId = new Map((listed.body.entries as Entry[]).map((e) => [e.id, e]));
    for (const [i, entry] of stored.entries()) {
      expect(byId.get(entry.id)!.body).toBe(CORPUS[i]);
      expect(byId.get(entry.id)!.html).toBe(entry.html);
    }
  });

  it("renders nothing executable for 300 random mixes of the vectors", async () => {
    const fragments = fc.constantFrom(...CORPUS, "**bold**", "\n\n", "<p>", "</a>", '"', "'", ">");
    await fc.assert(
      fc.asyncProperty(fc.array(fragments, { minLength: 2, maxLength: 8 }), async (parts) => {
        const [found] = await executableParts([renderBody(parts.join(""))]);
        expect(found).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("runs none of it on the reader page, even with the Content-Security-Policy stripped", async () => {
    const context = await browser.newContext();
    const reader = await context.newPage();
    await reader.addInitScript(() => {
      const w = window as unknown as { __xss: number };
      w.__xss = 0;
      window.alert = () => void (w.__xss += 1);
    });
    await reader.route("**/*", async (route) => {
      // Nothing outside the test server exists here; images elsewhere fail, as for a reader offline.
      if (!route.request().url().startsWith(site.server.url)) return route.abort();
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers["content-security-policy"];
      await route.fulfill({ response, headers });
    });
    // Every page of the blog, following the entry list's cursors, so that every vector is shown.
    const cursors: (string | undefined)[] = [undefined];
    for (let next = cursors[0]; ;) {
      const page = await request(site.server.url).get(
        `/api/blogs/${blogId}/entries${next ? `?before=${next}` : ""}`,
      );
      next = page.body.next ?? undefined;
      if (!next) break;
      cursors.push(next);
    }
    expect(cursors.length).toBeGreaterThan(1);
    let text = "";
    for (const cursor of cursors) {
      const response = await reader.goto(
        `${site.server.url}/blogs/${blogId}${cursor ? `?before=${cursor}` : ""}`,
      );
      expect(response?.status()).toBe(200);
      await reader.waitForFunction(() => [...document.images].every((img) => img.complete));
      const handlers = await reader.evaluate(() =>
        [...document.querySelectorAll("*")].flatMap((el) =>
          [...el.attributes]
            .filter((a) => /^on/i.test(a.name))
            .map((a) => `${el.tagName} ${a.name}`),
        ),
      );
      expect(handlers).toEqual([]);
      expect(await reader.evaluate(() => (window as unknown as { __xss: number }).__xss)).toBe(0);
      text += await reader.evaluate(() => document.body.textContent ?? "");
    }
    // The headlines, and the polls asking them, are shown as text, exactly as typed.
    for (const vector of ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>"])
      expect(text.split(vector).length - 1).toBeGreaterThanOrEqual(3);
    await context.close();
  });
});

describe("Content-Security-Policy", () => {
  it("sends a policy without inline script, and Chromium blocks an inline script injected into a page", async () => {
    const res = await request(site.server.url).get(`/blogs/${blogId}`);
    const policy = String(res.headers["content-security-policy"]);
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).toMatch(/script-src-attr 'none'/);
    expect(policy).toMatch(/object-src 'none'/);
    expect(policy).toMatch(/connect-src 'self'/);
    expect(policy).toMatch(/frame-ancestors 'self'/);

    const context = await browser.newContext();
    const attacked = await context.newPage();
    await attacked.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        w.__violations.push(e.effectiveDirective),
      );
    });
    // The page as the server sends it, headers and all, with an injection that got through.
    await attacked.route(`${site.server.url}/blogs/${blogId}`, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(
        "</body>",
        `<script>window.__ran = "inline"</script><img src="https://x.invalid/a.png" onerror="window.__ran = 'handler'"></body>`,
      );
      await route.fulfill({ response, body });
    });
    await attacked.goto(`${site.server.url}/blogs/${blogId}`);
    await attacked.waitForFunction(
      () => (window as unknown as { __violations: string[] }).__violations.length >= 2,
    );
    expect(await attacked.evaluate(() => (window as unknown as { __ran?: string }).__ran)).toBe(
      undefined,
    );
    const violations = await attacked.evaluate(
      () => (window as unknown as { __violations: string[] }).__violations,
    );
    expect(violations).toEqual(expect.arrayContaining(["script-src-elem", "script-src-attr"]));
    await context.close();
  });
});
