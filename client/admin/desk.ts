/**
 * The desk after log-in: the blog list (choose, create) and the workspace of the chosen blog.
 * The choice is kept in the address (`/admin?blog=<id>`) so a reload returns to it.
 */
import { escapeHtml } from "../../shared/html.js";
import type { Blog, Person, Session } from "../../shared/schemas.js";
import { api, ApiError } from "../common/api.js";
import { $ } from "../common/dom.js";
import { openAccountPanel } from "./account.js";
import { avatarMarkup } from "./avatar.js";
import { chosenLocale, fillLocaleFields, loadLocaleChoices } from "./locale-settings.js";
import { deskMarkup, removedMarkup } from "./markup.js";
import { openPeoplePanel } from "./people.js";
import { openWorkspace, type Workspace } from "./workspace.js";

export interface DeskEvents {
  sessionEnded(): void;
  loggedOut(): void;
}

export function openDesk(root: HTMLElement, session: Session, events: DeskEvents): () => void {
  root.innerHTML = deskMarkup(session);
  const list = $("[data-blog-list]", root);
  const blogsError = $("[data-blogs-error]", root);
  const createForm = $<HTMLFormElement>("[data-create-blog]", root);
  const createError = $("[data-create-error]", root);
  let blogs: Blog[] = [];
  let workspace: Workspace | null = null;
  // Only editors and admins create blogs.
  const createDetails = $<HTMLDetailsElement>("[data-create-details]", root);
  createDetails.hidden = session.role === "contributor";

  /** Every failure goes through here: a lost session ends the desk, the rest is said plainly. */
  const failed = (err: unknown, where: HTMLElement) => {
    if (err instanceof ApiError && err.status === 401) return events.sessionEnded();
    where.textContent = err instanceof Error ? err.message : String(err);
  };

  // A new blog starts in the instance's language and zone (DEFAULT_LANGUAGE, DEFAULT_TIME_ZONE).
  createDetails.addEventListener("toggle", () => {
    if (!createDetails.open) return;
    loadLocaleChoices().then(
      (choices) => {
        if (!chosenLocale(createForm).language)
          fillLocaleFields(createForm, choices, choices.defaults);
      },
      (err: unknown) => failed(err, createError),
    );
  });

  const drawList = (selected: string | null) => {
    list.innerHTML = blogs
      .map(
        (blog) =>
          `<li><a href="/admin?blog=${escapeHtml(blog.id)}" data-blog="${escapeHtml(blog.id)}"${blog.id === selected ? ` aria-current="page"` : ""}>${escapeHtml(blog.title)}</a>` +
          ` <span class="status status-${blog.status}">${blog.status === "live" ? "Live" : "Ended"}</span></li>`,
      )
      .join("");
  };

  const select = (blogId: string | null) => {
    const blog = blogs.find((b) => b.id === blogId) ?? blogs[0] ?? null;
    drawList(blog?.id ?? null);
    if (workspace?.blogId === blog?.id) return;
    workspace?.close();
    workspace = null;
    const url = blog ? `/admin?blog=${encodeURIComponent(blog.id)}` : "/admin";
    if (`${location.pathname}${location.search}` !== url) history.replaceState(null, "", url);
    if (!blog) return;
    workspace = openWorkspace(root, blog, session, {
      failed,
      blogChanged: (changed) => {
        blogs = blogs.map((b) => (b.id === changed.id ? changed : b));
        drawList(changed.id);
      },
      removed,
    });
  };

  /** A blog was deleted: it leaves the list, and its workspace says so in its place. */
  function removed(blog: Blog) {
    blogs = blogs.filter((b) => b.id !== blog.id);
    if (workspace?.blogId !== blog.id) return drawList(workspace?.blogId ?? null);
    workspace.close();
    workspace = null;
    drawList(null);
    history.replaceState(null, "", "/admin");
    $("[data-workspace]", root).innerHTML = removedMarkup(blog);
  }

  const refresh = async (selectId?: string) => {
    try {
      // The blogs this person works on: a contributor's team's only.
      blogs = (await api<{ blogs: Blog[] }>("/api/desk/blogs")).blogs;
      blogsError.textContent = "";
      select(selectId ?? workspace?.blogId ?? new URLSearchParams(location.search).get("blog"));
    } catch (err) {
      failed(err, blogsError);
    }
  };

  /** Someone's picture changed: the desk bar shows it when it is the signed-in person's. */
  const pictured = (person: Person) => {
    if (person.name !== session.name) return;
    $("[data-session-avatar]", root).innerHTML = avatarMarkup(person, { alt: "" });
  };
  if (session.role === "admin") openPeoplePanel(root, { failed, pictured });
  openAccountPanel(root, session, {
    failed,
    renamed: (displayName) => {
      $("[data-session-name]", root).textContent = displayName;
    },
    pictured,
  });

  list.addEventListener("click", (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>("a[data-blog]");
    if (!link) return;
    event.preventDefault();
    select(link.dataset.blog ?? null);
  });

  createForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(createForm);
    const title = String(data.get("title") ?? "").trim();
    const id = String(data.get("id") ?? "").trim();
    const description = String(data.get("description") ?? "").trim();
    if (!title) {
      createError.textContent = "Give the blog a title.";
      $<HTMLInputElement>("#blog-title", createForm).focus();
      return;
    }
    try {
      const blog = await api<Blog>("/api/blogs", {
        method: "POST",
        body: {
          title,
          ...(id ? { id } : {}),
          ...(description ? { description } : {}),
          // Left out while the pickers load: the server's defaults are what they would show.
          ...chosenLocale(createForm),
        },
      });
      createForm.reset();
      createError.textContent = "";
      createDetails.open = false;
      await refresh(blog.id);
    } catch (err) {
      failed(err, createError);
    }
  });

  $("[data-logout]", root).addEventListener("click", async () => {
    try {
      await api("/api/session", { method: "DELETE" });
    } catch {
      // Logged out already, or the server is away: either way the desk closes.
    }
    events.loggedOut();
  });

  void refresh();
  return () => {
    workspace?.close();
    workspace = null;
  };
}
