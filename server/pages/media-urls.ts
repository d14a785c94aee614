/**
 * Entry HTML links uploaded pictures by path (`/media/...`), which is right on this server's own
 * pages but wrong in a document read elsewhere: a feed reader resolves it against nothing useful,
 * and a CMS that includes embed.html would resolve it against the newsroom's own site. There the
 * paths become absolute URLs on this server's public origin.
 */

/** `html` with every `/media/` URL in a src, href or srcset made absolute on `origin`. */
export function withAbsoluteMediaUrls(html: string, origin: string): string {
  // The sanitizer writes every attribute double-quoted, and srcset candidates comma-separated.
  return html.replace(
    /(\s(?:src|href|srcset)=")([^"]*)"/g,
    (_whole, lead: string, value: string) =>
      `${lead}${value.replace(/(^|,\s*)\/media\//g, `$1${origin}/media/`)}"`,
  );
}
