/** The reader page's reads from the API: older pages, one entry, and a full reload (resync). */
import { positionOf, READER_PAGE_SIZES } from "../../shared/page-state.js";
import type { Blog, Entry, EntryPage } from "../../shared/schemas.js";
import { api } from "../common/api.js";

export function createLoader(blogId: string) {
  const base = `/api/blogs/${encodeURIComponent(blogId)}`;
  const entries = (query: {
    limit: number;
    before?: string | null;
    only?: "keyEvents" | "pinned";
  }) => {
    const params = new URLSearchParams({ limit: String(query.limit) });
    if (query.before) params.set("before", query.before);
    if (query.only) params.set("only", query.only);
    return api<EntryPage>(`${base}/entries?${params}`);
  };
  return {
    entries,
    entry: (entryId: string) => api<Entry>(`${base}/entries/${encodeURIComponent(entryId)}`),
    /** Everything the page starts from, as the server render fetched it. */
    async everything(keysOnly: boolean) {
      const blog = await api<Blog>(base);
      const [stream, pinned, keyEvents] = await Promise.all([
        keysOnly ? null : entries({ limit: READER_PAGE_SIZES.stream }),
        entries({ limit: READER_PAGE_SIZES.pinned, only: "pinned" }),
        entries({ limit: READER_PAGE_SIZES.keyEvents, only: "keyEvents" }),
      ]);
      return { blog, ...positionOf(blog, [stream, pinned, keyEvents]), stream, pinned, keyEvents };
    },
  };
}

export type Loader = ReturnType<typeof createLoader>;
