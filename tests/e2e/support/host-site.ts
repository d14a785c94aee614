/**
 * A newsroom's site for the embed tests: a tiny node:http server on its own port, hence another
 * origin than the liveblog instance (and another site: it is reached as `localhost`, the
 * instance as 127.0.0.1), serving article pages with the script tag in them.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";

export interface HostSite {
  readonly origin: string;
  /** Serves `html` at a new path of the host site; gives its URL. */
  serve(html: string): string;
}

/** Registers hooks that start the host site before the file's tests and stop it after them. */
export function useHostSite(): HostSite {
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const html = pages.get(new URL(req.url ?? "/", "http://host").pathname);
    res.writeHead(html ? 200 : 404, { "Content-Type": "text/html; charset=utf-8" });
    res.end(html ?? "not found");
  });
  let origin = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    get origin() {
      return origin;
    },
    serve(html) {
      const path = `/news/article-${pages.size + 1}.html`;
      pages.set(path, html);
      return `${origin}${path}`;
    },
  };
}

/** The script tag a newsroom pastes, with `data-*` options. */
export function embedTag(liveblog: string, blogId: string, data: Record<string, string> = {}) {
  const attributes = Object.entries({ blog: blogId, ...data })
    .map(
      ([name, value]) => ` data-${name}="${value.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"`,
    )
    .join("");
  return `<script async src="${liveblog}/embed.js"${attributes}></script>`;
}

const PARAGRAPH =
  "The council met late into the evening to debate the budget, and residents who had queued " +
  "since the afternoon filled the gallery. Speakers on both sides returned again and again to " +
  "the same figures, while reporters outside traded rumours about the final vote.";

/**
 * An article page in a 40rem column: `before` paragraphs (ids before-1..), then `middle` (the
 * tags under test), then `after` paragraphs (after-1..). `head` goes into the page's head.
 */
export function hostArticle(
  middle: string,
  { before = 3, after = 12, head = "" }: { before?: number; after?: number; head?: string } = {},
): string {
  const paragraphs = (name: string, count: number) =>
    Array.from({ length: count }, (_, i) => `<p id="${name}-${i + 1}">${PARAGRAPH}</p>`).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Council votes on the budget</title>
<style>body { font: 18px/1.6 Georgia, serif; margin: 0 auto; max-width: 40rem; padding: 1rem; }</style>
${head}</head>
<body><h1>Council votes on the budget</h1>
${paragraphs("before", before)}
${middle}
${paragraphs("after", after)}
</body></html>`;
}
