/**
 * The entry form: Headline, Body (Markdown), Pinned, Key event, a poll, the byline, and what the button
 * does (publish now, save as draft, schedule; "Submit for review" for contributors). The preview is rendered by
 * the server's own renderBody (POST /api/preview) and shown through the shared entry renderer, so
 * it is exactly what readers will get. Each submission carries an Idempotency-Key that lives as long
 * as the form's content: a double click or a retry of the same text makes one entry, and the form
 * is cleared only once the server answered 201.
 */
import { renderEntry } from "../../shared/render.js";
import type { Draft, Entry, Poll, Session } from "../../shared/schemas.js";
import { api, ApiError } from "../common/api.js";
import { $, elementFrom } from "../common/dom.js";
import { enableLightbox } from "../common/lightbox.js";
import { refreshTimes } from "../common/times.js";
import { createBylinePicker, type DeskPerson } from "./byline-picker.js";
import { attachPictureInput, bodyTarget } from "./picture-input.js";
import { attachPollEditor } from "./poll-editor.js";
import { createPublishOptions } from "./publish-options.js";
import { deskI18n } from "./locale.js";

export interface EntryFormOptions {
  base: string;
  blogId: string;
  session: Session;
  /** The people a byline may name (GET /api/desk/people, or just the session's person). */
  people: Promise<DeskPerson[]>;
  preview: HTMLElement;
  failed(err: unknown, where: HTMLElement): void;
  published(entry: Entry): void;
  /** A draft or scheduled entry the server saved (it also comes over the desk channel). */
  filed(draft: Draft): void;
}

/** 128 random bits as hex; crypto.randomUUID needs a secure context, this does not. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The fields of an entry form (the compose form and the edit forms share the names). */
export function readEntryFields(form: HTMLFormElement) {
  const data = new FormData(form);
  const headline = String(data.get("headline") ?? "").trim();
  return {
    headline: headline || null,
    body: String(data.get("body") ?? ""),
    pinned: data.get("pinned") !== null,
    keyEvent: data.get("keyEvent") !== null,
  };
}

/** An unsaved entry as the renderer needs it, for previews and "your version" in a conflict. */
export function draftEntry(
  fields: ReturnType<typeof readEntryFields>,
  html: string,
  blogId: string,
  author: string,
  id = "preview",
  poll: Poll | null = null,
): Entry {
  const now = new Date().toISOString();
  return {
    id,
    blogId,
    seq: 0,
    createdAt: now,
    updatedAt: now,
    author: { name: author },
    authors: [{ name: author, displayName: author }],
    status: "published",
    publishAt: null,
    version: 1,
    html,
    poll,
    ...fields,
  };
}

/** Ctrl+Enter or Cmd+Enter submits the form it is typed in. */
export function submitOnModEnter(form: HTMLFormElement) {
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}

export function createEntryForm(form: HTMLFormElement, options: EntryFormOptions) {
  const error = $("[data-entry-error]", form);
  const status = $("[data-entry-status]", form);
  const body = $<HTMLTextAreaElement>("#entry-body", form);
  let key = newIdempotencyKey();
  let sending = false;
  let previewTimer: ReturnType<typeof setTimeout> | undefined;
  let previewRound = 0;
  const pictures = attachPictureInput(form, bodyTarget(body), { failed: options.failed });
  const stopLightbox = enableLightbox(options.preview, deskI18n());
  const { session } = options;
  const submit = $<HTMLButtonElement>("[data-entry-submit]", form);
  const publishOptions = createPublishOptions(
    $("[data-publish-options]", form),
    submit,
    session.role,
  );
  const byline = createBylinePicker($("[data-byline]", form), session, [session]);
  options.people.then(byline.setPeople, () => {
    // Without the list the byline is the person writing, which the picker already offers.
  });

  const poll = attachPollEditor(form, () => form.dispatchEvent(new Event("input")));

  const placeholder = () =>
    options.preview.replaceChildren(
      elementFrom(`<p class="muted">Start writing to see the preview.</p>`),
    );

  const updatePreview = async () => {
    const round = ++previewRound;
    const fields = readEntryFields(form);
    if (!fields.body.trim()) return placeholder();
    try {
      const { html } = await api<{ html: string }>("/api/preview", {
        method: "POST",
        body: { body: fields.body },
      });
      // An older answer that arrives late must not replace a newer one.
      if (round !== previewRound) return;
      options.preview.replaceChildren(
        elementFrom(
          renderEntry(
            draftEntry(
              fields,
              html,
              options.blogId,
              session.displayName,
              "preview",
              poll.preview(),
            ),
            deskI18n(),
          ),
        ),
      );
      refreshTimes(options.preview, deskI18n());
    } catch (err) {
      if (round !== previewRound) return;
      // A body that publishing would refuse (an image without alt text): said in the preview,
      // where it goes away with the next good one, not as an alert on every keystroke.
      if (err instanceof ApiError && err.status === 400) {
        const said = elementFrom(`<p class="preview-problem"></p>`);
        said.textContent = err.message;
        options.preview.replaceChildren(said);
      } else options.failed(err, error);
    }
  };

  form.addEventListener("input", () => {
    // New content is a new submission; the same content sent again keeps its key.
    key = newIdempotencyKey();
    status.textContent = "";
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => void updatePreview(), 250);
  });
  submitOnModEnter(form);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (sending) return;
    const fields = readEntryFields(form);
    if (!fields.body.trim()) {
      error.textContent = "Write the entry in Body before sending it.";
      body.focus();
      return;
    }
    if (pictures.pending()) {
      error.textContent =
        "The picture in the panel is not in the entry yet: upload it, or cancel it, then send.";
      return;
    }
    const authors = byline.read();
    if (!authors.ok) {
      error.textContent = authors.message;
      return;
    }
    const when = publishOptions.read();
    if (!when.ok) {
      error.textContent = when.message;
      when.focus.focus();
      return;
    }
    const attached = poll.read(null);
    if (!attached.ok) {
      error.textContent = attached.message;
      return;
    }
    sending = true;
    error.textContent = "";
    status.textContent = publishOptions.sending();
    try {
      const saved = await api<Entry | Draft>(`${options.base}/entries`, {
        method: "POST",
        body: {
          ...fields,
          ...(attached.poll ? { poll: attached.poll } : {}),
          ...when.choice,
          ...(authors.authors ? { authors: authors.authors } : {}),
        },
        headers: { "Idempotency-Key": key },
      });
      form.reset();
      poll.reset();
      publishOptions.sync();
      byline.reset();
      pictures.close();
      key = newIdempotencyKey();
      previewRound += 1;
      placeholder();
      status.textContent = publishOptions.done(when.choice);
      if (saved.status === "published") options.published(saved);
      else options.filed(saved);
      $<HTMLInputElement>("#entry-headline", form).focus();
    } catch (err) {
      status.textContent = "";
      if (err instanceof ApiError && err.status === 0) {
        error.textContent = `${err.message} Your entry is kept here; sending it again will not post it twice.`;
      } else options.failed(err, error);
    } finally {
      sending = false;
    }
  });

  return {
    close() {
      clearTimeout(previewTimer);
      pictures.close();
      stopLightbox();
    },
  };
}
