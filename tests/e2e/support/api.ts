/** What an editor's script does over HTTP (Bearer token), for setting the scene of browser tests. */
import type { Blog, Entry } from "../../../shared/schemas.js";
import { bearer } from "../../support/instance.js";

async function call<T>(url: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { ...bearer, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

let blogs = 0;

export function editorApi(baseUrl: string) {
  return {
    createBlog: (title = `Blog ${++blogs}`, description = "") =>
      call<Blog>(`${baseUrl}/api/blogs`, "POST", {
        title,
        id: `b${++blogs}-${Date.now().toString(36)}`,
        ...(description ? { description } : {}),
      }),
    post: (
      blogId: string,
      entry: { body: string; headline?: string; pinned?: boolean; keyEvent?: boolean },
    ) => call<Entry>(`${baseUrl}/api/blogs/${blogId}/entries`, "POST", entry),
    edit: (blogId: string, entryId: string, patch: Record<string, unknown> & { version: number }) =>
      call<Entry>(`${baseUrl}/api/blogs/${blogId}/entries/${entryId}`, "PATCH", patch),
    remove: (blogId: string, entryId: string) =>
      call<void>(`${baseUrl}/api/blogs/${blogId}/entries/${entryId}`, "DELETE"),
    entries: (blogId: string, limit = 100) =>
      call<{ entries: Entry[] }>(`${baseUrl}/api/blogs/${blogId}/entries?limit=${limit}`, "GET"),
    /** `count` entries, oldest first, headlines "Update 1".."Update <count>". */
    async postMany(blogId: string, count: number): Promise<Entry[]> {
      const posted: Entry[] = [];
      for (let i = 1; i <= count; i++) {
        posted.push(
          await this.post(blogId, {
            headline: `Update ${i}`,
            body: `Paragraph one of update ${i}.\n\nParagraph two, so the page is long enough to scroll.`,
          }),
        );
      }
      return posted;
    },
  };
}
