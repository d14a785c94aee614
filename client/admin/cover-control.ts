/**
 * A blog's cover on the desk: the picture link previews, search results and the list of blogs
 * show. Chosen, dropped or pasted like an entry's picture (same panel: alt text, caption,
 * credit, progress), then set with PATCH {cover}; removed with PATCH {cover: null}.
 */
import type { Blog } from "../../shared/schemas.js";
import { api } from "../common/api.js";
import { $ } from "../common/dom.js";
import { attachPictureInput, pictureInputMarkup } from "./picture-input.js";

export function coverControlMarkup(): string {
  return `<details class="cover-settings" data-cover>
<summary>Cover picture</summary>
<form class="cover-form" data-cover-form novalidate>
<p class="hint">Link previews, search results and the list of blogs show it, cut to 16:9, 4:3 and 1:1.</p>
<p class="cover-current" data-cover-current hidden><img class="cover-thumb" alt="The current cover" width="160" height="90" data-cover-img>
<button type="button" class="button button-small" data-cover-remove>Remove cover</button></p>
<p class="muted" data-cover-none>No cover yet.</p>
${pictureInputMarkup("cover", {
  choose: "Choose cover picture",
  hint: "or drop or paste one here.",
  upload: "Upload and use as cover",
})}
</form>
</details>`;
}

export interface CoverControlOptions {
  /** The blog's API URL. */
  base: string;
  failed(err: unknown, where: HTMLElement): void;
  /** The blog as the server answered a change. */
  changed(blog: Blog): void;
}

export function createCoverControl(root: HTMLElement, options: CoverControlOptions) {
  const form = $<HTMLFormElement>("[data-cover-form]", root);
  const el = {
    current: $("[data-cover-current]", form),
    img: $<HTMLImageElement>("[data-cover-img]", form),
    none: $("[data-cover-none]", form),
    remove: $<HTMLButtonElement>("[data-cover-remove]", form),
    file: $<HTMLInputElement>("[data-picture-file]", form),
    error: $("[data-picture-error]", form),
  };
  const setCover = async (cover: string | null) =>
    options.changed(await api<Blog>(options.base, { method: "PATCH", body: { cover } }));

  attachPictureInput(
    form,
    {
      element: el.file,
      placed: "The picture is now the blog's cover.",
      place: (media) => setCover(media.id),
    },
    { failed: options.failed },
  );
  el.remove.addEventListener("click", () => {
    setCover(null).then(
      () => el.file.focus(),
      (err: unknown) => options.failed(err, el.error),
    );
  });

  return {
    draw(blog: Blog) {
      el.current.hidden = blog.cover === null;
      el.none.hidden = blog.cover !== null;
      // /media/<id> redirects to the picture's largest file.
      const src = blog.cover ? `/media/${encodeURIComponent(blog.cover)}` : "";
      if (src && el.img.getAttribute("src") !== src) el.img.src = src;
    },
  };
}
