/** The editors' desk markup: built once per log-in; parts are filled and updated by the modules. */
import { escapeHtml } from "../../shared/html.js";
import type { Blog, Session } from "../../shared/schemas.js";
import { LIMITS } from "./limits.js";
import { accountPanelMarkup } from "./account.js";
import { auditPanelMarkup } from "./audit-panel.js";
import { avatarMarkup } from "./avatar.js";
import { bylinePickerMarkup } from "./byline-picker.js";
import { coverControlMarkup } from "./cover-control.js";
import { deleteBlogMarkup } from "./delete-blog.js";
import { localeFieldsMarkup, localeSettingsMarkup } from "./locale-settings.js";
import { numbersPanelMarkup } from "./numbers-panel.js";
import { peoplePanelMarkup } from "./people.js";
import { pictureInputMarkup } from "./picture-input.js";
import { pollEditorMarkup } from "./poll-editor.js";
import { teamMarkup } from "./team.js";

export function deskMarkup(session: Session): string {
  return `<div class="desk-bar"><p>Logged in as <span data-session-avatar>${avatarMarkup(session, { alt: "" })}</span><strong data-session-name>${escapeHtml(session.displayName)}</strong> (${escapeHtml(session.role)})</p>
<button type="button" class="button" data-logout>Log out</button></div>
<div class="desk-grid">
<section class="panel blogs-panel" aria-labelledby="blogs-title">
<h2 id="blogs-title">Blogs</h2>
<ul class="admin-blogs" data-blog-list></ul>
<p class="form-error" role="alert" data-blogs-error></p>
<details class="create-blog" data-create-details>
<summary>New blog</summary>
<form data-create-blog novalidate>
<p class="field"><label for="blog-title">Title</label><input id="blog-title" name="title" maxlength="${LIMITS.titleMax}" required></p>
<p class="field"><label for="blog-slug">Slug (optional)</label><input id="blog-slug" name="id" maxlength="64" aria-describedby="blog-slug-hint" autocapitalize="off" spellcheck="false">
<span class="hint" id="blog-slug-hint">The address: a-z, 0-9 and dashes. Made from the title when empty.</span></p>
<p class="field"><label for="blog-description">Description (optional)</label><textarea id="blog-description" name="description" rows="2" maxlength="${LIMITS.descriptionMax}"></textarea></p>
${localeFieldsMarkup("blog")}
<p class="form-error" role="alert" data-create-error></p>
<p><button type="submit" class="button button-primary">Create blog</button></p>
</form>
</details>
</section>
<section class="panel workspace" aria-labelledby="workspace-title" data-workspace>
<h2 id="workspace-title">No blog yet</h2>
<p class="muted">Create a blog to start.</p>
</section>
</div>
<div class="desk-panels">${session.role === "admin" ? peoplePanelMarkup() : ""}${accountPanelMarkup(session)}</div>`;
}

/** The chosen blog's part of the desk, fresh for every blog so no listener outlives its blog. */
export function workspaceMarkup(): string {
  return `<div class="workspace-head">
<h2 id="workspace-title" data-ws-title>No blog yet</h2>
<p class="blog-meta" data-ws-meta hidden><span class="status" data-ws-status></span><span class="connection" data-ws-connection></span><span class="readers" data-ws-readers></span>
<a data-ws-view href="/">Reader page</a>
<button type="button" class="button button-small" data-ws-toggle>End blog</button>
<span class="confirm" data-ws-confirm hidden><span class="confirm-text">End this blog for every reader?</span>
<button type="button" class="button button-small button-danger" data-ws-confirm-end>Yes, end it</button>
<button type="button" class="button button-small" data-ws-cancel-end>Cancel</button></span></p>
</div>
<div data-ws-body hidden>
${coverControlMarkup()}
${localeSettingsMarkup()}
${teamMarkup()}
${auditPanelMarkup()}
${numbersPanelMarkup()}
<form class="entry-form" data-entry-form novalidate>
<p class="field"><label for="entry-headline">Headline</label><input id="entry-headline" name="headline" maxlength="${LIMITS.headlineMax}" autocomplete="off"></p>
<p class="field"><label for="entry-body">Body</label><textarea id="entry-body" name="body" rows="6" maxlength="${LIMITS.bodyMax}" aria-describedby="entry-body-hint"></textarea>
<span class="hint" id="entry-body-hint">Markdown: **bold**, _italic_, [link](https://…), - lists, &gt; quotes. Ctrl+Enter (⌘+Enter on a Mac) sends.</span></p>
${pictureInputMarkup("entry")}
<p class="checks"><label><input type="checkbox" name="pinned"> Pinned</label> <label><input type="checkbox" name="keyEvent"> Key event</label></p>
${pollEditorMarkup("entry")}
${bylinePickerMarkup("entry")}
<div class="publish-options" data-publish-options></div>
<p class="form-error" role="alert" data-entry-error></p>
<p class="form-actions"><button type="submit" class="button button-primary" data-entry-submit>Publish</button> <span class="form-status" role="status" data-entry-status></span></p>
</form>
<section class="preview" aria-labelledby="preview-title">
<h3 id="preview-title">Preview</h3>
<div class="entries" data-preview><p class="muted">Start writing to see the preview.</p></div>
</section>
<div class="review-queue" data-review-queue></div>
<h3 id="entries-title">Entries</h3>
<ol class="admin-entries" aria-labelledby="entries-title" data-admin-entries></ol>
<p class="muted" data-admin-empty hidden>No entries yet.</p>
<p><button type="button" class="button" data-admin-older hidden>Load older entries</button></p>
${deleteBlogMarkup()}
</div>
`;
}

/** The workspace of a blog that was just deleted. */
export function removedMarkup(blog: Blog): string {
  return `<h2 id="workspace-title">Blog deleted</h2>
<p class="notice" role="status">“${escapeHtml(blog.title)}” (${escapeHtml(blog.id)}) was deleted: its readers see “This live blog was removed”.</p>`;
}
