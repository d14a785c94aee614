/**
 * `/admin`, the editors' page: a shell the admin client fills in. The log-in form is in the HTML
 * so that it is there at once. Who is logged in comes with the page (`#lb-session`), so the
 * client shows the form or the desk without first asking an API that would answer a visitor 401.
 */
import { jsonForScript } from "../../shared/html.js";
import { MEDIA_LIMITS, MEDIA_TYPES } from "../../shared/media.js";
import { LIMITS, type Session } from "../../shared/schemas.js";
import { messagesFor } from "../i18n/locales.js";
import type { PageAssets } from "./assets.js";
import { renderDocument } from "./layout.js";

/** Search engines are told to skip it: a log-in form is nothing to find. */
export const ADMIN_ROBOTS = "noindex, nofollow";

/** The page for the person logged in, or for a visitor (null). */
export function renderAdminPage(
  assets: PageAssets,
  session: Session | null,
  /** The editor's language where a catalog exists (from Accept-Language), for entries shown. */
  language: string,
  /** MASTODON_EMBED_INSTANCES, for the embed cards of the preview and the entry list. */
  mastodonEmbeds: readonly string[] = [],
): string {
  const body = `<main id="main" class="admin" tabindex="-1">
<h1>Editors' desk</h1>
<noscript><p class="notice">The editors' page needs JavaScript.</p></noscript>
<p class="muted" data-loading>Loading…</p>
<section class="login" data-login hidden aria-labelledby="login-title">
<h2 id="login-title">Log in</h2>
<form data-login-form novalidate>
<p class="field"><label for="login-name">Name</label><input id="login-name" name="name" autocomplete="username" required></p>
<p class="field"><label for="login-password">Password</label><input id="login-password" name="password" type="password" autocomplete="current-password" required></p>
<p class="form-error" role="alert" data-login-error></p>
<p><button type="submit" class="button button-primary">Log in</button></p>
</form>
</section>
<div class="desk" data-desk hidden></div>
</main>`;
  return renderDocument({
    title: "Editors' desk · liveblog",
    description: "The editors' desk: log in to start live blogs and to post, edit and pin entries.",
    robots: ADMIN_ROBOTS,
    assets,
    body,
    mastodonEmbeds,
    // The contract's limits, for maxlength: handed over here so the bundle needs no zod.
    tail:
      `<script type="application/json" id="lb-limits">${jsonForScript(LIMITS)}</script>\n` +
      `<script type="application/json" id="lb-media-limits">${jsonForScript({ ...MEDIA_LIMITS, types: MEDIA_TYPES })}</script>\n` +
      `<script type="application/json" id="lb-session">${jsonForScript(session)}</script>\n` +
      `<script type="application/json" id="lb-locale">${jsonForScript({ language, messages: messagesFor(language) })}</script>`,
  });
}
