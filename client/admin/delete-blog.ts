/**
 * Deleting a blog from the desk (admins only): a dialog where the admin types the blog's name as
 * its address shows it (its id) before "Delete for good" can be pressed, the same id the API
 * wants as `confirm`. The blog's readers see "This live blog was removed" at once.
 */
import type { Blog } from "../../shared/schemas.js";
import { api } from "../common/api.js";
import { $ } from "../common/dom.js";
import type { BlogToolOptions } from "./blog-tool.js";

export function deleteBlogMarkup(): string {
  return `<section class="danger-zone" aria-labelledby="delete-blog-title" data-delete-blog hidden>
<h3 id="delete-blog-title">Delete this blog</h3>
<p class="hint">It disappears for every reader at once, with its entries, its history and the pictures no other blog shows. This cannot be undone.</p>
<p><button type="button" class="button button-danger" data-delete-open>Delete blog…</button></p>
<dialog class="delete-dialog" aria-labelledby="delete-dialog-title" data-delete-dialog>
<form data-delete-form novalidate>
<h3 id="delete-dialog-title">Delete “<span data-delete-title></span>” for good?</h3>
<p>Readers who have it open see “This live blog was removed”. Its entries, history and the pictures no other blog shows are deleted. This cannot be undone.</p>
<p class="field"><label for="delete-confirm">To confirm, type the blog's name as in its address: <code data-delete-id></code></label>
<input id="delete-confirm" name="confirm" autocomplete="off" autocapitalize="off" spellcheck="false" data-delete-input></p>
<p class="form-error" role="alert" data-delete-error></p>
<p class="form-actions"><button type="submit" class="button button-danger" data-delete-submit disabled>Delete for good</button>
<button type="button" class="button" data-delete-cancel>Cancel</button></p>
</form>
</dialog>
</section>`;
}

export interface DeleteBlogOptions extends BlogToolOptions {
  blog(): Blog;
  /** The blog is gone (the server said so). */
  deleted(): void;
}

export function createDeleteBlog(root: HTMLElement, options: DeleteBlogOptions) {
  const section = $("[data-delete-blog]", root);
  const dialog = $<HTMLDialogElement>("[data-delete-dialog]", section);
  const el = {
    open: $<HTMLButtonElement>("[data-delete-open]", section),
    form: $<HTMLFormElement>("[data-delete-form]", dialog),
    title: $("[data-delete-title]", dialog),
    id: $("[data-delete-id]", dialog),
    input: $<HTMLInputElement>("[data-delete-input]", dialog),
    error: $("[data-delete-error]", dialog),
    submit: $<HTMLButtonElement>("[data-delete-submit]", dialog),
    cancel: $<HTMLButtonElement>("[data-delete-cancel]", dialog),
  };
  section.hidden = options.session.role !== "admin";
  const typedRight = () => el.input.value.trim() === options.blog().id;

  el.open.addEventListener("click", () => {
    const blog = options.blog();
    el.title.textContent = blog.title;
    el.id.textContent = blog.id;
    el.input.value = "";
    el.error.textContent = "";
    el.submit.disabled = true;
    dialog.showModal();
    el.input.focus();
  });
  el.input.addEventListener("input", () => {
    el.submit.disabled = !typedRight();
  });
  el.cancel.addEventListener("click", () => dialog.close());
  // Escape closes a modal dialog by itself; focus then returns to the button that opened it.
  dialog.addEventListener("close", () => el.open.focus());
  el.form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!typedRight()) {
      el.error.textContent = `Type ${options.blog().id} exactly to delete this blog.`;
      return el.input.focus();
    }
    el.submit.disabled = true;
    try {
      await api(options.base, { method: "DELETE", body: { confirm: options.blog().id } });
      dialog.close();
      options.deleted();
    } catch (err) {
      el.submit.disabled = false;
      options.failed(err, el.error);
    }
  });
}
