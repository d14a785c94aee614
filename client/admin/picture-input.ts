/**
 * Adding a picture on the desk: drop it onto the form, paste it (a screenshot, an image copied
 * from another program), or choose it with the form's file button. An inline panel then asks
 * what it shows (alt text, required unless the picture is marked decorative), its caption and
 * credit; the upload button sends it to POST /api/media with a progress bar, and the target puts
 * it where it belongs: `![alt](/media/<id>)` into an entry's body at the cursor, on a line of its
 * own, where the preview shows it as readers will see it (bodyTarget), or a blog's cover.
 *
 * The panel's fields have no `name`, so they never become part of the entry (readEntryFields),
 * and Enter in them uploads rather than publishing the entry around them.
 */
import type { Media } from "../../shared/media.js";
import { ApiError } from "../common/api.js";
import { $ } from "../common/dom.js";
import { MEDIA_LIMITS } from "./limits.js";
import { uploadPicture, type Upload } from "./media-upload.js";

export interface PictureInputOptions {
  failed(err: unknown, where: HTMLElement): void;
}

/** Where an uploaded picture goes. */
export interface PictureTarget {
  /** Where focus returns once the picture is placed (and by default after a cancel). */
  element: HTMLElement;
  /** Puts the stored picture in place; a rejection is shown in the panel, kept open. */
  place(media: Media, alt: string): Promise<void> | void;
  /** What a screen reader is told once it is placed. */
  placed: string;
}

/** The labels of a form's picture input: an entry's, unless given. */
export interface PictureLabels {
  choose: string;
  hint: string;
  upload: string;
}

const ENTRY_LABELS: PictureLabels = {
  choose: "Add picture",
  hint: "or drop or paste a picture into this form.",
  upload: "Upload and insert",
};

/** The file button and the (hidden) panel for a form; `prefix` keeps ids unique. */
export function pictureInputMarkup(prefix: string, labels: PictureLabels = ENTRY_LABELS): string {
  const id = (name: string) => `${prefix}-picture-${name}`;
  return `<p class="picture-tools"><label class="button button-small file-button">${labels.choose}<input type="file" class="visually-hidden" accept="${(MEDIA_LIMITS.types ?? []).join(",")}" data-picture-file></label>
<span class="hint">${labels.hint}</span></p>
<fieldset class="picture-panel" data-picture-panel hidden>
<legend>Add the picture <span data-picture-name></span></legend>
<div class="picture-panel-grid"><canvas class="picture-thumb" aria-hidden="true" hidden data-picture-thumb></canvas>
<div>
<p class="field"><label for="${id("alt")}">Alt text</label><input id="${id("alt")}" maxlength="${MEDIA_LIMITS.altMax}" autocomplete="off" aria-describedby="${id("alt-hint")} ${id("error")}" data-picture-alt>
<span class="hint" id="${id("alt-hint")}">What the picture shows, for readers who cannot see it. Required unless it is decorative.</span></p>
<p class="checks"><label><input type="checkbox" data-picture-decorative> Decorative: it adds nothing to the text (no alt text needed)</label></p>
<p class="field"><label for="${id("caption")}">Caption (optional)</label><textarea id="${id("caption")}" rows="2" maxlength="${MEDIA_LIMITS.captionMax}" data-picture-caption></textarea></p>
<p class="field"><label for="${id("credit")}">Credit (optional)</label><input id="${id("credit")}" maxlength="${MEDIA_LIMITS.creditMax}" autocomplete="off" placeholder="Photo: name / agency" data-picture-credit></p>
</div></div>
<p class="form-error" role="alert" id="${id("error")}" data-picture-error></p>
<p class="picture-progress" data-picture-progress hidden><label for="${id("progress")}">Upload</label> <progress id="${id("progress")}" max="100" value="0" data-picture-bar></progress></p>
<p class="form-actions"><button type="button" class="button button-primary" data-picture-upload>${labels.upload}</button> <button type="button" class="button" data-picture-cancel>Cancel</button></p>
</fieldset>
<p class="visually-hidden" role="status" data-picture-status></p>`;
}

/** `![alt](/media/<id>)` (the record's `url`) with what would end the alt text escaped. */
export function pictureMarkdown(alt: string, url: string): string {
  return `![${alt.replace(/[\\[\]]/g, "\\$&").replace(/\s+/g, " ")}](${url})`;
}

/** Inserts `block` at the cursor as a paragraph of its own; leaves the cursor after it. */
export function insertBlock(textarea: HTMLTextAreaElement, block: string) {
  const { value, selectionStart, selectionEnd } = textarea;
  const before = value.slice(0, selectionStart);
  const after = value.slice(selectionEnd);
  const lead =
    before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const trail =
    after === "" || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
  textarea.setRangeText(`${lead}${block}${trail}`, selectionStart, selectionEnd, "end");
  // Listeners (the preview, the Idempotency-Key) learn of it as of any other edit.
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
}

const isPicture = (file: File) => file.type.startsWith("image/");

/** An entry's body as the target: the Markdown goes in at the cursor, or at the end. */
export function bodyTarget(textarea: HTMLTextAreaElement): PictureTarget {
  // A body the editor never clicked into has its cursor at the start; the picture goes at the
  // end then, after what is written, rather than above it.
  let cursorPlaced = document.activeElement === textarea;
  textarea.addEventListener("focus", () => (cursorPlaced = true));
  return {
    element: textarea,
    placed: "Picture uploaded and added to the body.",
    place(media, alt) {
      if (!cursorPlaced) textarea.setSelectionRange(textarea.value.length, textarea.value.length);
      insertBlock(textarea, pictureMarkdown(alt, media.url));
    },
  };
}

/** Wires picture input into `form`; an uploaded picture goes to `target`. */
export function attachPictureInput(
  form: HTMLFormElement,
  target: PictureTarget,
  options: PictureInputOptions,
) {
  const el = {
    file: $<HTMLInputElement>("[data-picture-file]", form),
    panel: $<HTMLFieldSetElement>("[data-picture-panel]", form),
    name: $("[data-picture-name]", form),
    thumb: $<HTMLCanvasElement>("[data-picture-thumb]", form),
    alt: $<HTMLInputElement>("[data-picture-alt]", form),
    decorative: $<HTMLInputElement>("[data-picture-decorative]", form),
    caption: $<HTMLTextAreaElement>("[data-picture-caption]", form),
    credit: $<HTMLInputElement>("[data-picture-credit]", form),
    error: $("[data-picture-error]", form),
    progress: $("[data-picture-progress]", form),
    bar: $<HTMLProgressElement>("[data-picture-bar]", form),
    status: $("[data-picture-status]", form),
    upload: $<HTMLButtonElement>("[data-picture-upload]", form),
    cancel: $<HTMLButtonElement>("[data-picture-cancel]", form),
  };
  let file: File | null = null;
  let upload: Upload | null = null;
  const uploadLabel = el.upload.textContent ?? "";
  /** Where focus returns when the panel closes: whatever the editor was in when they added it. */
  let returnTo: HTMLElement = target.element;

  const say = (text: string) => (el.status.textContent = text);
  const showError = (text: string) => {
    el.error.textContent = text;
  };

  const close = () => {
    upload?.abort();
    upload = null;
    file = null;
    el.thumb.hidden = true;
    el.panel.hidden = true;
    el.progress.hidden = true;
    el.upload.removeAttribute("aria-busy");
    el.upload.disabled = false;
    el.upload.textContent = uploadLabel;
    el.alt.removeAttribute("aria-invalid");
    showError("");
    for (const field of [el.alt, el.caption, el.credit]) field.value = "";
    el.decorative.checked = false;
    el.alt.disabled = false;
  };

  /**
   * A small look at the chosen picture, drawn on a canvas: a blob: URL in an img would need
   * blob: in the pages' CSP img-src. What the browser cannot decode gets none; the server
   * decides what it takes.
   */
  const drawThumbnail = async (chosen: File) => {
    try {
      const bitmap = await createImageBitmap(chosen, { resizeWidth: 256, resizeQuality: "medium" });
      if (file === chosen) {
        el.thumb.width = bitmap.width;
        el.thumb.height = bitmap.height;
        el.thumb.getContext("2d")?.drawImage(bitmap, 0, 0);
        el.thumb.hidden = false;
      }
      bitmap.close();
    } catch {
      el.thumb.hidden = true;
    }
  };

  const choose = (chosen: File, from: HTMLElement) => {
    if (!isPicture(chosen)) {
      close();
      returnTo = from;
      el.panel.hidden = false;
      el.name.textContent = chosen.name ? `“${chosen.name}”` : "";
      showError("This file is not a picture: choose a JPEG, PNG, WebP, AVIF or GIF, or cancel.");
      el.upload.disabled = true;
      el.cancel.focus();
      return;
    }
    const kept = { alt: el.alt.value, caption: el.caption.value, credit: el.credit.value };
    close();
    // Another picture chosen while the panel was open keeps what was typed for it.
    el.alt.value = kept.alt;
    el.caption.value = kept.caption;
    el.credit.value = kept.credit;
    file = chosen;
    returnTo = from;
    void drawThumbnail(chosen);
    el.name.textContent = chosen.name ? `“${chosen.name}”` : "(pasted)";
    el.panel.hidden = false;
    el.alt.focus();
  };

  const start = async () => {
    if (!file || upload) return;
    const alt = el.alt.value.trim();
    const decorative = el.decorative.checked;
    if (!alt && !decorative) {
      el.alt.setAttribute("aria-invalid", "true");
      showError("Describe the picture in Alt text, or mark it decorative.");
      el.alt.focus();
      return;
    }
    el.alt.removeAttribute("aria-invalid");
    showError("");
    el.bar.value = 0;
    el.progress.hidden = false;
    el.upload.disabled = true;
    el.upload.setAttribute("aria-busy", "true");
    say("Uploading the picture…");
    let announced = 0;
    const sending = uploadPicture(
      file,
      { alt, caption: el.caption.value.trim(), credit: el.credit.value.trim(), decorative },
      (sent) => {
        el.bar.value = Math.round(sent * 100);
        // Every quarter, not every event: a screen reader reading each percent says nothing else.
        const quarter = Math.floor(sent * 4);
        if (quarter > announced && quarter < 4) {
          announced = quarter;
          say(`Uploaded ${quarter * 25}%.`);
        } else if (sent >= 1 && announced < 4) {
          announced = 4;
          say("Uploaded; the server is preparing the sizes…");
        }
      },
    );
    upload = sending;
    try {
      const media = await sending.done;
      if (upload !== sending) return;
      await target.place(media, decorative ? "" : alt);
      upload = null;
      close();
      say(target.placed);
      target.element.focus();
    } catch (err) {
      if (upload !== sending) return; // cancelled
      upload = null;
      el.upload.disabled = false;
      el.upload.removeAttribute("aria-busy");
      el.upload.textContent = "Try again";
      el.progress.hidden = true;
      say("");
      if (err instanceof ApiError && err.status === 401) options.failed(err, el.error);
      else showError(err instanceof Error ? err.message : String(err));
    }
  };

  el.file.addEventListener("change", () => {
    const chosen = el.file.files?.[0];
    el.file.value = "";
    if (chosen) choose(chosen, el.file);
  });
  el.upload.addEventListener("click", () => void start());
  el.cancel.addEventListener("click", () => {
    const back = returnTo;
    close();
    back.focus();
  });
  el.decorative.addEventListener("change", () => {
    el.alt.disabled = el.decorative.checked;
    if (el.decorative.checked) {
      el.alt.removeAttribute("aria-invalid");
      showError("");
    }
  });
  // Enter in the panel uploads; Escape leaves it. Neither reaches the entry form.
  el.panel.addEventListener("keydown", (event) => {
    const target = event.target as HTMLElement;
    if (event.key === "Escape") {
      event.preventDefault();
      el.cancel.click();
    } else if (event.key === "Enter" && target instanceof HTMLInputElement) {
      event.preventDefault();
      event.stopPropagation();
      if (target.type !== "checkbox") void start();
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.stopPropagation();
      void start();
    }
  });
  // Typing in the panel is not an edit of the entry: no new preview, no new Idempotency-Key.
  el.panel.addEventListener("input", (event) => event.stopPropagation());

  form.addEventListener("paste", (event) => {
    const pasted = Array.from(event.clipboardData?.files ?? []).find(isPicture);
    if (!pasted) return;
    event.preventDefault();
    choose(pasted, (event.target as HTMLElement | null) ?? target.element);
  });
  const carriesFiles = (event: DragEvent) =>
    Array.from(event.dataTransfer?.types ?? []).includes("Files");
  form.addEventListener("dragover", (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    form.classList.add("is-dropping");
  });
  form.addEventListener("dragleave", (event) => {
    if (!form.contains(event.relatedTarget as Node | null)) form.classList.remove("is-dropping");
  });
  form.addEventListener("drop", (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    form.classList.remove("is-dropping");
    const dropped = event.dataTransfer?.files[0];
    if (dropped) choose(dropped, target.element);
  });

  return {
    /** Whether a picture is waiting in the panel (publishing would leave it behind). */
    pending: () => file !== null,
    close,
  };
}
