/**
 * A blog's drafts on the desk, live: "Waiting for review" (every draft for editors; a
 * contributor's own drafts for them, with an editor's note when one was sent back) and
 * "Scheduled" (with the time each publishes). Kept current over the editors' channel, and reloaded
 * from GET /drafts whenever that channel is (re)joined. New drafts and notes are announced.
 */
import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, DeskEvent, ServerToClientEvents } from "../../shared/events.js";
import { entryTitle } from "../../shared/render.js";
import type { Draft, Entry, Session } from "../../shared/schemas.js";
import { api } from "../common/api.js";
import { $ } from "../common/dom.js";
import type { DeskPerson } from "./byline-picker.js";
import { attachDeskChannel } from "./desk-channel.js";
import { createDraftList } from "./draft-list.js";
import { isEditor, writerOf } from "./draft-markup.js";
import { createDraftModel } from "./draft-model.js";

export interface ReviewQueueOptions {
  base: string;
  blogId: string;
  session: Session;
  people: Promise<DeskPerson[]>;
  failed(err: unknown, where: HTMLElement): void;
  published(entry: Entry): void;
}

function markup(editor: boolean): string {
  return `<section class="draft-section" aria-labelledby="waiting-title">
<h3 id="waiting-title" tabindex="-1">Waiting for review <span class="count" data-waiting-count></span></h3>
${editor ? "" : `<p class="hint">Your drafts, until an editor publishes them.</p>`}
<ol class="draft-list" aria-labelledby="waiting-title" data-waiting></ol>
<p class="muted" data-waiting-empty>${editor ? "No drafts are waiting." : "You have no drafts waiting."}</p>
</section>
<section class="draft-section" aria-labelledby="scheduled-title" data-scheduled-section>
<h3 id="scheduled-title" tabindex="-1">Scheduled <span class="count" data-scheduled-count></span></h3>
<ol class="draft-list" aria-labelledby="scheduled-title" data-scheduled></ol>
<p class="muted" data-scheduled-empty>Nothing is scheduled.</p>
</section>
<p class="form-error" role="alert" data-queue-error></p>
<p class="visually-hidden" aria-live="polite" data-queue-announce></p>`;
}

const quoted = (draft: Draft) => `“${entryTitle(draft, 60)}”`;

export function openReviewQueue(root: HTMLElement, options: ReviewQueueOptions) {
  const { session } = options;
  const editor = isEditor(session);
  root.innerHTML = markup(editor);
  const error = $("[data-queue-error]", root);
  const region = $("[data-queue-announce]", root);
  const model = createDraftModel();
  let channel: { close(): void } | null = null;

  const announce = (message: string) => {
    // Emptying first makes a screen reader say the same words again.
    region.textContent = "";
    requestAnimationFrame(() => (region.textContent = message));
  };
  const visible = (draft: Draft) => editor || draft.createdBy === session.name;

  const lists = (["waiting", "scheduled"] as const).map((kind) => ({
    kind,
    count: $(`[data-${kind}-count]`, root),
    empty: $(`[data-${kind}-empty]`, root),
    list: createDraftList($(`[data-${kind}]`, root), {
      kind,
      base: options.base,
      session,
      model,
      people: options.people,
      heading: $(`#${kind}-title`, root),
      failed: options.failed,
      published: options.published,
      changed: () => draw(),
      announce,
    }),
  }));

  function draw() {
    for (const { kind, count, empty, list } of lists) {
      const drafts = (kind === "waiting" ? model.waiting() : model.scheduled()).filter(visible);
      list.draw(drafts);
      count.textContent = drafts.length ? `(${drafts.length})` : "";
      empty.hidden = drafts.length > 0;
    }
    // A contributor's desk shows Scheduled only when an editor scheduled one of their drafts.
    $("[data-scheduled-section]", root).hidden =
      !editor && model.scheduled().every((d) => !visible(d));
  }

  const load = async () => {
    const finish = model.beginLoad();
    try {
      finish((await api<{ drafts: Draft[] }>(`${options.base}/drafts`)).drafts);
      error.textContent = "";
      draw();
    } catch (err) {
      finish(null);
      options.failed(err, error);
    }
  };

  const received = (event: DeskEvent) => {
    if (event.type === "draft.saved") {
      const { draft } = event;
      const { saved, previous } = model.save(draft);
      draw();
      if (!saved || !visible(draft)) return;
      const review = draft.review;
      if (review && review.at !== previous?.review?.at && draft.createdBy === session.name) {
        announce(`Sent back by ${review.by.displayName}: ${review.note}`);
      } else if (!previous && draft.createdBy !== session.name) {
        announce(`New draft from ${writerOf(draft)}: ${quoted(draft)}`);
      }
    } else if (event.type === "draft.removed") {
      const known = model.remove(event.entryId);
      draw();
      if (known && visible(known) && event.reason === "published") {
        announce(
          known.status === "scheduled"
            ? `Scheduled entry ${quoted(known)} was published.`
            : `${quoted(known)} was published.`,
        );
      }
    }
  };

  void load();
  draw();

  return {
    /** Joins the editors' channel over the workspace's socket (once it has one). */
    attach(socket: Socket<ServerToClientEvents, ClientToServerEvents>) {
      channel?.close();
      channel = attachDeskChannel(socket, {
        blogId: options.blogId,
        subscribed: () => {
          // Said on the element for tests and styles: drafts now arrive live.
          root.dataset.channel = "joined";
          void load();
        },
        left: () => delete root.dataset.channel,
        event: received,
        refused: (err) => options.failed(err, error),
      });
    },
    /** A draft the server just saved for this desk (before its channel event arrives). */
    filed(draft: Draft) {
      model.save(draft);
      draw();
    },
    close() {
      channel?.close();
      channel = null;
    },
  };
}

export type ReviewQueue = ReturnType<typeof openReviewQueue>;
