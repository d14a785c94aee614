/**
 * One blog on the editors' desk: its header (status, readers, end/reopen), the entry form, its
 * drafts (waiting for review, scheduled), and its entries, kept live through the same connection
 * and ordered applier the reader page uses; the drafts over the editors' channel on that socket.
 */
import { createEntryModel } from "../../shared/entry-model.js";
import { positionOf } from "../../shared/page-state.js";
import type { Blog, Entry, EntryPage, LiveEvent, Session } from "../../shared/schemas.js";
import { api } from "../common/api.js";
import { $ } from "../common/dom.js";
import { enableLightbox } from "../common/lightbox.js";
import { connectLive, type ConnectionStatus, type LiveBlog } from "../common/live.js";
import { refreshTimes } from "../common/times.js";
import { createAuditPanel } from "./audit-panel.js";
import { createCoverControl } from "./cover-control.js";
import { createDeleteBlog } from "./delete-blog.js";
import { createEntryForm } from "./entry-form.js";
import { createEntryList } from "./entry-list.js";
import { createLocaleSettings } from "./locale-settings.js";
import { createNumbersPanel } from "./numbers-panel.js";
import { loadPeople } from "./byline-picker.js";
import { workspaceMarkup } from "./markup.js";
import { createTeam } from "./team.js";
import { openReviewQueue } from "./review-queue.js";
import { deskI18n } from "./locale.js";

const PAGE = 30;
const STATUS_TEXT: Record<ConnectionStatus, string> = {
  connecting: "Connecting…",
  live: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

export interface WorkspaceEvents {
  failed(err: unknown, where: HTMLElement): void;
  blogChanged(blog: Blog): void;
  /** The blog was deleted (here, or by another admin: then the live connection says so). */
  removed(blog: Blog): void;
}

export function openWorkspace(
  root: HTMLElement,
  initial: Blog,
  session: Session,
  events: WorkspaceEvents,
) {
  const blogId = initial.id;
  const section = $("[data-workspace]", root);
  section.innerHTML = workspaceMarkup();
  root = section;
  const base = `/api/blogs/${encodeURIComponent(blogId)}`;
  const el = {
    title: $("[data-ws-title]", root),
    meta: $("[data-ws-meta]", root),
    status: $("[data-ws-status]", root),
    connection: $("[data-ws-connection]", root),
    readers: $("[data-ws-readers]", root),
    view: $<HTMLAnchorElement>("[data-ws-view]", root),
    toggle: $<HTMLButtonElement>("[data-ws-toggle]", root),
    confirm: $("[data-ws-confirm]", root),
    confirmEnd: $<HTMLButtonElement>("[data-ws-confirm-end]", root),
    cancelEnd: $<HTMLButtonElement>("[data-ws-cancel-end]", root),
    body: $("[data-ws-body]", root),
    older: $<HTMLButtonElement>("[data-admin-older]", root),
    empty: $("[data-admin-empty]", root),
  };
  // The desk edits Markdown: its socket (with a session) and the API bring whole entries.
  const model = createEntryModel<Entry>({
    blog: initial,
    stream: [],
    pinned: [],
    keyEvents: [],
    streamHasNewest: true,
  });
  let next: string | null = null;
  let closed = false;

  /** Leaves "End this blog?" for the End/Reopen button; `focus` when the editor answered. */
  const closeConfirm = (focus: boolean) => {
    el.confirm.hidden = true;
    el.toggle.hidden = false;
    if (focus) el.toggle.focus();
  };

  const drawHeader = () => {
    const { blog } = model;
    // Ended meanwhile (another editor, another tab): there is nothing left to confirm.
    if (blog.status !== "live" && !el.confirm.hidden) closeConfirm(false);
    el.title.textContent = blog.title;
    el.status.textContent = blog.status === "live" ? "Live" : "Ended";
    el.status.className = `status status-${blog.status}`;
    el.toggle.textContent = blog.status === "live" ? "End blog" : "Reopen blog";
    el.view.href = `/blogs/${encodeURIComponent(blog.id)}`;
    el.meta.hidden = false;
    el.body.hidden = false;
    cover.draw(blog);
    localeSettings.draw(blog);
  };

  const cover = createCoverControl(root, {
    base,
    failed: events.failed,
    changed: (blog) => {
      events.blogChanged(blog);
      live?.expect(blog.seq);
      cover.draw(blog);
    },
  });
  const localeSettings = createLocaleSettings(root, {
    base,
    failed: events.failed,
    changed: (blog) => {
      events.blogChanged(blog);
      live?.expect(blog.seq);
    },
  });
  const tools = { base, session, failed: events.failed };
  createTeam(root, tools);
  const historyPanel = createAuditPanel(root, tools);
  const numbersPanel = createNumbersPanel(root, { ...tools, blogId });
  createDeleteBlog(root, {
    ...tools,
    blog: () => model.blog,
    deleted: () => events.removed(model.blog),
  });
  // A contributor files drafts; the blog's cover, language and status are for editors (403
  // otherwise).
  if (session.role === "contributor") {
    $("[data-cover]", root).remove();
    $("[data-locale-settings]", root).remove();
    el.toggle.remove();
  }
  const entriesElement = $("[data-admin-entries]", root);
  const stopLightbox = enableLightbox(entriesElement, deskI18n());
  const people = loadPeople(session);
  people.catch((err: unknown) => events.failed(err, $("[data-entry-error]", root)));
  const queue = openReviewQueue($("[data-review-queue]", root), {
    base,
    blogId,
    session,
    people,
    failed: events.failed,
    published: (entry) => live?.expect(entry.seq),
  });
  const entryList = createEntryList(entriesElement, model, {
    base,
    failed: events.failed,
    changed: (seq) => live?.expect(seq),
    mayChange: session.role !== "contributor",
    unpublished: queue.filed,
  });
  const draw = () => {
    drawHeader();
    entryList.draw();
    el.empty.hidden = model.all().length > 0;
    el.older.hidden = next === null;
    refreshTimes(root, deskI18n());
  };

  const loadFirstPage = async () => {
    const page = await api<EntryPage>(`${base}/entries?limit=${PAGE}`);
    const blog = await api<Blog>(base);
    model.replaceAll({
      blog,
      stream: page.entries,
      pinned: [],
      keyEvents: [],
      streamHasNewest: true,
    });
    next = page.next;
    draw();
    return positionOf(blog, [page]);
  };

  let live: LiveBlog | null = null;
  const form = createEntryForm($<HTMLFormElement>("[data-entry-form]", root), {
    base,
    blogId,
    session,
    people,
    preview: $("[data-preview]", root),
    failed: events.failed,
    published: (entry) => live?.expect(entry.seq),
    filed: queue.filed,
  });

  const setStatus = async (status: Blog["status"]) => {
    try {
      const blog = await api<Blog>(base, { method: "PATCH", body: { status } });
      events.blogChanged(blog);
      live?.expect(blog.seq);
    } catch (err) {
      events.failed(err, $("[data-entry-error]", root));
    }
  };
  // Ending tells every reader the coverage is over, so it is confirmed like a deletion.
  // Reopening is not: it takes nothing from readers and ending again undoes it.
  el.toggle.onclick = () => {
    if (model.blog.status !== "live") return void setStatus("live");
    el.toggle.hidden = true;
    el.confirm.hidden = false;
    el.cancelEnd.focus();
  };
  el.cancelEnd.onclick = () => closeConfirm(true);
  el.confirmEnd.onclick = async () => {
    await setStatus("ended");
    closeConfirm(true);
  };
  el.older.onclick = async () => {
    if (!next) return;
    try {
      const page = await api<EntryPage>(`${base}/entries?limit=${PAGE}&before=${next}`);
      model.addOlder(page.entries, "stream");
      next = page.next;
      draw();
    } catch (err) {
      events.failed(err, $("[data-entry-error]", root));
    }
  };

  void loadFirstPage().then(
    (position) => {
      if (closed) return;
      live = connectLive<LiveEvent>({
        blogId,
        ...position,
        apply: (event) => {
          model.apply(event, { hold: false });
          if (event.type === "blog.updated" && event.blog) events.blogChanged(event.blog);
          draw();
          historyPanel.changed();
        },
        onRemoved: () => events.removed(model.blog),
        resync: async () => {
          const position = await loadFirstPage();
          entryList.loadCounts();
          return position;
        },
        onStatus: (status: ConnectionStatus) => {
          el.connection.textContent = STATUS_TEXT[status];
          el.connection.dataset.state = status;
          if (status === "live") entryList.loadCounts();
        },
        onTallies: entryList.received,
        onReaders: (count) => {
          el.readers.textContent = `${new Intl.NumberFormat().format(count)} reading`;
          numbersPanel.readers(count);
        },
      });
      queue.attach(live.socket);
      live.socket.on("blog:tallies", (tallies) => {
        if (tallies.blogId === blogId) numbersPanel.tallied();
      });
    },
    (err: unknown) => events.failed(err, $("[data-entry-error]", root)),
  );

  return {
    blogId,
    close() {
      closed = true;
      queue.close();
      live?.close();
      historyPanel.close();
      entryList.close();
      numbersPanel.close();
      form.close();
      stopLightbox();
    },
  };
}

export type Workspace = ReturnType<typeof openWorkspace>;
